# Checks global and nonlocal declarations and UnboundLocalError for a local read before assignment.
count = 0
def bump():
    global count
    count += 1
bump(); bump()
print(count)
def make():
    x = 1
    def change():
        nonlocal x
        x = 2
    change()
    return x
print(make())
y = 10
def shadow():
    y = 5
    return y
print(shadow(), y)
def broken():
    print(y)
    y = 3
try:
    broken()
except UnboundLocalError as e:
    print('UnboundLocalError:', e)
def new_global():
    global created
    created = 'yes'
new_global()
print(created)
