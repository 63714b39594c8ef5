# Checks bytes comparisons, membership of ints and subsequences, join of ints, and bytes() errors.
data = b'hello'
print([b for b in data], data[0] == 104, data[1:2] == b'e', b'ell' in data, 108 in data)
print(sorted(b'banana'), bytes(sorted(b'banana')), max(b'abc'), min(b'abc'))
print(b'a' < b'b', b'abc' < b'abd', b'' < b'\x00', b'A'.lower() == b'a')
print(bytes([0, 255]), list(bytes(range(3))), bytes('ab', 'ascii'))
for bad in [lambda: bytes([256]), lambda: bytes('text'), lambda: bytes([-1])]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
