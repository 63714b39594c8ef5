# Checks int() parsing: bases, underscores, whitespace, signs, and truncation of floats.
print(int('42'), int('  -17  '), int('+8'))
print(int('ff', 16), int('0xff', 16), int('0b101', 0), int('0o17', 0), int('z', 36))
print(int('1_000_000'), 1_000_000)
print(int(3.99), int(-3.99), int(True), int(1e20))
print(int('10', 2), int('777', 8))
print(hex(255), oct(8), bin(5), hex(-42))
print(0xFF, 0o17, 0b1010)
for bad in ['12a', '', '1.5', ' ']:
    try:
        int(bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    int('9', 8)
except ValueError as e:
    print('ValueError:', e)
