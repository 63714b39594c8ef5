# Checks divmod and pow builtins, bin/oct/hex formatting, and int.__repr__ of negatives.
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(17.5, 5))
print(pow(2, 8), pow(2.0, 3), pow(2, -3), pow(7, 2, 5))
print(bin(10), oct(10), hex(10), bin(-10), hex(2 ** 64))
print(format(255, 'b'), format(-255, '#x'), format(255, '08b'))
try:
    pow(2, 3.5, 5)
except TypeError as e:
    print('TypeError:', e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print('ValueError:', e)
