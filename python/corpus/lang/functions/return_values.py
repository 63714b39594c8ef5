# Checks implicit None returns, multiple return values, early returns and returns in finally.
def nothing():
    pass
def pair():
    return 1, 2
def early(x):
    if x < 0:
        return 'neg'
    return 'nonneg'
def fin():
    try:
        return 'try'
    finally:
        print('finally runs')
def override():
    try:
        return 'try'
    finally:
        return 'finally'
print(nothing(), pair(), type(pair()).__name__, early(-1), early(1))
print(fin())
print(override())
