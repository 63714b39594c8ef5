# A later unterminated string wins over an earlier parser error: CPython tokenizes the rest first
print("before")
x = = 1
y = 2
z = "abc
