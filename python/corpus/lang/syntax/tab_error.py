# Checks the TabError for inconsistent use of tabs and spaces in indentation.
def f():
        x = 1
	return x
print(f())
