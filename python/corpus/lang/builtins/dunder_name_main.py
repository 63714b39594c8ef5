# Checks __name__ is '__main__' in the program and the if __name__ == '__main__' idiom.
def main():
    print('running main, name is', __name__)
    return 0
print('module level first')
if __name__ == '__main__':
    main()
else:
    print('imported')
