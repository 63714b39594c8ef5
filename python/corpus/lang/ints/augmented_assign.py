# Checks augmented assignment operators on ints and their results.
x = 10
x += 5; print(x)
x -= 20; print(x)
x *= -3; print(x)
x //= 4; print(x)
x %= 5; print(x)
x **= 10; print(x)
x <<= 3; print(x)
x >>= 1; print(x)
x &= 0xFF; print(x)
x |= 0x100; print(x)
x ^= 0x1; print(x)
y = 7
y /= 2; print(y)
