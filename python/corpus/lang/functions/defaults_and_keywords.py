# Checks default arguments (evaluated once), keyword arguments and the mutable-default trap.
def greet(name, greeting='Hello', punct='!'):
    return f'{greeting}, {name}{punct}'
print(greet('Ann'), greet('Bob', 'Hi'), greet('Cy', punct='?'), greet(punct='.', name='Di'))
def append_to(x, acc=[]):
    acc.append(x)
    return acc
print(append_to(1), append_to(2))
def safe(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc
print(safe(1), safe(2))
print(greet.__defaults__, greet.__name__)
