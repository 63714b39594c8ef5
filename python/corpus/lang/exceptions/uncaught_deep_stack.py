# Checks a traceback with several frames, including a recursive function.
def countdown(n):
    if n == 0:
        return [][0]
    return countdown(n - 1)
def main():
    return countdown(3)
main()
