# Checks open() modes and errors: x on an existing file, writing a read-only file, I/O after close, seek(0).
with open('out.txt', 'x') as f:
    f.write('alpha\nbeta\n')
try:
    open('out.txt', 'x')
except FileExistsError as e:
    print('FileExistsError:', e)
with open('out.txt') as f:
    try:
        f.write('nope')
    except OSError as e:
        print(type(e).__name__ + ':', e)
    print(f.read(3), f.read(), repr(f.read()))
    f.seek(0)
    print(f.readline(), end='')
try:
    f.read()
except ValueError as e:
    print('ValueError:', e)
with open('out.txt', 'w') as f:
    print('via print', 42, file=f)
print(open('out.txt').read(), end='')
with open('out.txt', 'r+') as f:
    f.write('VIA')
    f.seek(0)
    print(f.read(), end='')
