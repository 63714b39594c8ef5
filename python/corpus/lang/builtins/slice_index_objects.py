# Checks slice objects, __index__ for custom ints, and indices() clamping.
one, zero = 1.0, '0'
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, s.indices(5), slice(None).indices(3), slice(-1, None, -1).indices(4))
class Two:
    def __index__(self):
        return 2
print([10, 20, 30][Two()], 'abc'[Two()], [0, 1, 2, 3][Two():], range(10)[Two()])
try:
    [1, 2][zero]
except TypeError as e:
    print('TypeError:', e)
try:
    [1, 2][one]
except TypeError as e:
    print('TypeError:', e)
