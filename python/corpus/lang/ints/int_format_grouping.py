# Checks int formatting with grouping, sign, padding and bases on negatives and big values.
for n in [0, 7, -7, 1234567, -1234567, 10 ** 21, -(2 ** 64)]:
    print(f'{n:,} | {n:_} | {n:+015,} | {n:>12} | {n:x} | {n:#_b}'[:120])
print(f'{255:#06x} {-255:#06x} {255:=+8} {5:^7d}|')
print('{:,}'.format(-1000), '{:08.3f}'.format(-3.14159), '{:e}'.format(10 ** 25))
