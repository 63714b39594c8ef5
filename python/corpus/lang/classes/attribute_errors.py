# Checks AttributeError messages for instances, classes, modules and None, plus getattr/setattr/hasattr.
class Thing:
    def __init__(self):
        self.real = 1
t = Thing()
print(getattr(t, 'real'), getattr(t, 'fake', 'default'), hasattr(t, 'fake'))
setattr(t, 'fake', 2)
print(t.fake)
delattr(t, 'fake')
for expr in [lambda: t.missing, lambda: Thing.missing, lambda: None.upper(), lambda: (5).foo,
             lambda: 'x'.nope, lambda: [].push(1), lambda: getattr(t, 'gone')]:
    try:
        expr()
    except AttributeError as e:
        print('AttributeError:', e)
import json
try:
    json.nothing
except AttributeError as e:
    print('AttributeError:', e)
