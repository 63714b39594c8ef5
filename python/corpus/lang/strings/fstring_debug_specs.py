# Checks f-string = debugging combined with conversions and format specs, including spaces kept around =.
x, name = 3.14159, 'Ada'
print(f'{x=:.2f}', f'{x = :>8.3f}', f'{name=!r:>8}', f'{name = !s}', f'{x*2=}')
items = [1, 2]
print(f'{items=}', f'{len(items) = }', f'{items[0]+items[1]=:03d}')
print(f"{'a' 'b'=}", f'{x!r:^12}|', f'{name!a}')
