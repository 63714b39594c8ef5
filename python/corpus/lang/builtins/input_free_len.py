# Checks len() on all builtin sizable types and on a class with __len__, and len errors.
class Sized:
    def __len__(self):
        return 3
class Negative:
    def __len__(self):
        return -1
print(len('héllo'), len(b'ab'), len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 2}), len(range(0, 10, 3)), len(Sized()))
try:
    len(Negative())
except ValueError as e:
    print('ValueError:', e)
try:
    len(iter([1]))
except TypeError as e:
    print('TypeError:', e)
