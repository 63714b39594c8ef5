# Checks the SyntaxError "expected ':'" for an if statement without a colon.
x = 3
if x > 2
    print('big')
