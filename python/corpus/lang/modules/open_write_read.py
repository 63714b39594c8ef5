# Checks open() on a file the program writes: write, append, read, readlines, iteration and with.
with open('notes.txt', 'w') as f:
    n = f.write('first line\n')
    f.write('second line\n')
print('wrote', n)
with open('notes.txt', 'a') as f:
    f.write('third line\n')
with open('notes.txt') as f:
    print(repr(f.read()))
with open('notes.txt') as f:
    print(f.readline().rstrip(), f.readlines())
with open('notes.txt') as f:
    for i, line in enumerate(f, 1):
        print(i, line.rstrip('\n'))
print(f.closed)
try:
    open('does_not_exist.txt')
except FileNotFoundError as e:
    print('FileNotFoundError:', e)
