# Checks f-strings: expressions, conversions !r !s !a, = debugging, nested fields and braces.
name, n = 'Ada', 42
print(f'{name} is {n}', f'{name!r}', f'{name!s}', f'{"é"!a}')
print(f'{n + 1} {n * 2} {[i for i in range(3)]} {name.upper()}')
print(f'{n=}', f'{name = }', f'{n*2=}', f'{name=!s}')
width, prec = 10, 3
print(f'[{3.14159:{width}.{prec}f}]', f'[{name:>{width}}]')
print(f'{{literal}} {{{n}}}')
d = {'k': 1}
print(f"{d['k']} {d}")
print(f'{n:#x} {n:#o} {n:#b} {n:08b} {n:X}')
print(f'''{name
}''')
