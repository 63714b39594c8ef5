# numbers' attributes and methods: real, imag, numerator, denominator, conjugate, is_integer, as_integer_ratio, bit_length, to_bytes/from_bytes, dunder calls
x = 5
f = 2.5
print(x.real, x.imag, x.numerator, x.denominator, x.conjugate(), f.real, f.imag, f.conjugate(), True.real)
print(f.is_integer(), f.as_integer_ratio(), (7).bit_length(), (255).to_bytes(2, 'big'), int.from_bytes(b'\x01\x00', 'big'))
print((10).__add__(5), (3.5).hex() if False else '', 1..real, (-7).__abs__(), divmod(-7, 2), (2 ** 70).bit_length())
