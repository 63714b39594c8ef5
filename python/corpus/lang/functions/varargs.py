# Checks *args and **kwargs collection, unpacking at call sites and keyword order.
def f(a, b=2, *args, **kwargs):
    return a, b, args, kwargs
print(f(1))
print(f(1, 3, 5, 7, x=9, y=10))
print(f(*[1, 2, 3], **{'k': 'v'}))
print(f(1, *(2, 3), 4, z=0, **{'w': 1}))
def total(*nums):
    return sum(nums)
print(total(), total(1, 2, 3), total(*range(10)))
def show(**kw):
    return ' '.join(f'{k}={v}' for k, v in kw.items())
print(show(b=1, a=2, c=3))
