# Checks class bodies run at definition time, in order, with their own namespace.
print('before class')
class Config:
    print('inside class body')
    values = [1, 2, 3]
    total = sum(values)
    doubled = [v * 2 for v in values]
    def method(self):
        return self.total
print('after class', Config.total, Config.doubled, Config().method())
print(sorted(k for k in vars(Config) if not k.startswith('__')))
