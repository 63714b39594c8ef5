# Checks __getattr__ fallback (only for missing attributes) and __setattr__ interception.
class Proxy:
    def __init__(self, target):
        object.__setattr__(self, 'target', target)
        object.__setattr__(self, 'log', [])
    def __getattr__(self, name):
        self.log.append(name)
        return getattr(self.target, name)
    def __setattr__(self, name, value):
        self.log.append('set ' + name)
        setattr(self.target, name, value)
class Obj:
    color = 'red'
o = Obj()
p = Proxy(o)
print(p.color)
p.size = 3
print(o.size, p.size, p.log)
try:
    p.nothing
except AttributeError as e:
    print('AttributeError:', e)
