# Checks numeric helper methods: bit_count, as_integer_ratio, float.hex/fromhex, is_integer, conjugate-free basics.
print((255).bit_count(), (-5).bit_count(), (10).as_integer_ratio(), (0.75).as_integer_ratio(), (0.1).as_integer_ratio())
print((0.5).hex(), (1.0).hex(), (-0.1).hex(), float.fromhex('0x1.8p1'), float.fromhex('-0x1p-2'))
print((7).numerator, (7).denominator, (3.0).is_integer(), int.bit_length(1023))
print((12).to_bytes(2, 'little'), (-1).to_bytes(1, 'big', signed=True), int.from_bytes(b'\xff', 'big', signed=True))
try:
    (256).to_bytes(1, 'big')
except OverflowError as e:
    print('OverflowError:', e)
