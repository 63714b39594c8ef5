# Checks the SyntaxError for a name used before its global declaration in a function.
counter = 0
def bump():
    print(counter)
    global counter
    counter += 1
bump()
