# Checks 3.11's messages for a closure reading a free variable before assignment, and UnboundLocalError.
def outer():
    def inner():
        return value
    try:
        inner()
    except NameError as e:
        print(type(e).__name__ + ':', e)
    value = 1
    return inner()
print(outer())
def local_first():
    try:
        print(count)
    except UnboundLocalError as e:
        print('UnboundLocalError:', e)
    count = 0
local_first()
