# Checks bytes literals, repr, indexing (ints), slicing, encode/decode.
b = b'hello\x00\xff\n'
print(b, len(b), b[0], b[-1], b[1:3], list(b[:3]))
print('héllo'.encode('utf-8'), 'héllo'.encode('utf-8').decode('utf-8'))
print(bytes([65, 66, 67]), bytes(3), bytes(range(5)), b'ab' + b'cd', b'x' * 3)
print(b'abc'.upper(), b'a,b'.split(b','), b'-'.join([b'a', b'b']), b'  x '.strip())
print(b'abc'.hex(), bytes.fromhex('41 42'), b'abc' == b'abc', b'a' < b'b')
print(b"it's", b'"q"', b'\t\\')
print(b'abc'.find(b'c'), b'abc'.startswith(b'ab'), b'x' in b'xyz', 120 in b'xyz')
try:
    b'\xff'.decode('utf-8')
except UnicodeDecodeError as e:
    print('UnicodeDecodeError:', e)
try:
    b'a' + 'b'
except TypeError as e:
    print('TypeError:', e)
