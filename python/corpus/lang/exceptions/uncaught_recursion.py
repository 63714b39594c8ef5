# Checks the uncaught RecursionError traceback with "[Previous line repeated N more times]".
def walk(n):
    return walk(n + 1)
walk(0)
