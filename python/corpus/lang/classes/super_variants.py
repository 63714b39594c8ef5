# Checks super() in classmethods, in __init__ chains with keyword arguments, and super(Class, self) form.
class Base:
    registry = []
    def __init__(self, **kw):
        self.opts = kw
    @classmethod
    def create(cls, **kw):
        obj = cls(**kw)
        Base.registry.append(cls.__name__)
        return obj
class Child(Base):
    def __init__(self, color='red', **kw):
        super().__init__(**kw)
        self.color = color
    @classmethod
    def create(cls, **kw):
        obj = super().create(**kw)
        obj.created_by = 'Child.create'
        return obj
class GrandChild(Child):
    def __init__(self, **kw):
        super(GrandChild, self).__init__(color='blue', **kw)
c = Child.create(size=3)
g = GrandChild.create(size=5)
print(c.color, c.opts, c.created_by, g.color, g.opts, Base.registry)
