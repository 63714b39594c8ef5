# Checks the SyntaxError "'break' outside loop".
def f():
    break
f()
