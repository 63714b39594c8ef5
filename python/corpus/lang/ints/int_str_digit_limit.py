# Checks CPython 3.11's limit of 4300 digits for int/str conversion, and that arithmetic on big ints is unaffected.
big = 10 ** 5000
print(big.bit_length(), big % 97, len(hex(big)))
try:
    str(big)
except ValueError as e:
    print('ValueError:', e)
try:
    int('9' * 5000)
except ValueError as e:
    print('ValueError:', e)
print(len(str(10 ** 4299)))
