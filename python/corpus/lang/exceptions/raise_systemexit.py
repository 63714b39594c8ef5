# Checks raising SystemExit directly with an int code from inside a function.
def main():
    print('main running')
    raise SystemExit(5)
if __name__ == '__main__':
    main()
