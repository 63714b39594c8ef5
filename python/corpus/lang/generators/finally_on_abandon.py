# Checks CPython finalizes a generator abandoned by break at once (reference counting): its finally runs before the next line.
def numbers():
    try:
        yield 1
        yield 2
    finally:
        print('generator cleanup')
for n in numbers():
    print('got', n)
    break
print('after the loop')
