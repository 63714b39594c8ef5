# Checks int builtins: abs, divmod, round with negative digits, and bool().
print(abs(-7), abs(7), abs(-(10 ** 30)))
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(round(15, -1), round(25, -1))
print(bool(0), bool(-1), bool(10 ** 100))
print(max(3, 10, -2), min(3, 10, -2))
print((17).__add__(3), (10).__mod__(3))
print(int.__name__, isinstance(True, int), issubclass(bool, int))
print((255).to_bytes(2, 'big'), int.from_bytes(b'\x01\x00', 'big'), int.from_bytes(b'\x01\x00', 'little'))
