# Checks __format__ used by f-strings, format() and str.format with a custom spec.
class Temperature:
    def __init__(self, c):
        self.c = c
    def __format__(self, spec):
        if spec.endswith('F'):
            return format(self.c * 9 / 5 + 32, spec[:-1] or '') + '°F'
        return format(self.c, spec) + '°C'
    def __str__(self):
        return f'{self.c}C'
t = Temperature(21.5)
print(f'{t}', f'{t:.0f}', f'{t:.1F}', format(t, '>8.2f'), '{:F}'.format(t), str(t))
class Plain:
    pass
try:
    format(Plain(), 'x')
except TypeError as e:
    print('TypeError:', e)
