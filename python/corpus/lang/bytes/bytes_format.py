# Checks %-formatting and hex helpers on bytes, and iteration yielding ints.
print(b'%d items at %s' % (3, b'home'), b'%05.1f' % 2.25, b'%x' % 255)
data = bytes(range(250, 256))
print(data.hex(), data.hex(':'), [b for b in data][:3], sum(data))
print(bytes.fromhex('de ad be ef'), b'abc'[::-1], b'a' * 3 + b'b', b'abc'.replace(b'b', b'B'))
print(b'hello world'.split(), b'x,y'.partition(b','), b'Hello'.lower(), b'\x00'.isalnum())
try:
    b'%s' % 'text'
except TypeError as e:
    print('TypeError:', e)
