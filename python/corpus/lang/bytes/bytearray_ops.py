# Checks bytearray mutation and conversions.
ba = bytearray(b'abc')
ba.append(100)
ba[0] = 65
ba.extend(b'xy')
print(ba, len(ba), bytes(ba))
del ba[1]
print(ba, ba.pop(), ba)
ba += b'!'
print(ba, ba.decode(), list(ba))
try:
    ba[0] = 300
except ValueError as e:
    print('ValueError:', e)
print(bytearray(2), bytearray('hé', 'utf-8'))
