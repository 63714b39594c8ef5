# A number run into a name is CPython's 'invalid decimal literal' (a tokenizer error, caret on the number's last character)
count = 3
print(count)
total = 2items + count
