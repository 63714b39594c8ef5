# Checks NotImplementedError from base-class methods and template-method pattern.
class Base:
    def run(self):
        return f'{self.prefix()}:{self.body()}'
    def prefix(self):
        return type(self).__name__
    def body(self):
        raise NotImplementedError('subclasses must implement body')
class Impl(Base):
    def body(self):
        return 'done'
print(Impl().run())
try:
    Base().run()
except NotImplementedError as e:
    print('NotImplementedError:', e)
print(issubclass(NotImplementedError, RuntimeError))
