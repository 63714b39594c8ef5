# Checks the SyntaxError for assigning to a literal and its "Maybe you meant '=='" hint.
x = 5
if x = 5:
    print(x)
