# Checks bitwise operators on ints, including negatives and big values.
print(12 & 10, 12 | 10, 12 ^ 10, ~12, ~-1)
print(1 << 70, (1 << 70) >> 68)
print(-16 >> 2, -1 >> 10, -17 & 0xFF)
print((2 ** 80 - 1) & (2 ** 40 + 5))
print((5).bit_length(), (0).bit_length(), (-255).bit_length(), (2 ** 100).bit_length())
print(bin(0b1100 ^ 0b1010))
try:
    print(1 << -1)
except ValueError as e:
    print('ValueError:', e)
