# Checks inheritance, method overriding, super() calls, and isinstance/issubclass.
class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f'{self.name} makes a sound'
    def describe(self):
        return f'[{self.speak()}]'
class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return f'{self.name} barks'
class Puppy(Dog):
    def speak(self):
        return super().speak() + ' softly'
for a in [Animal('generic'), Dog('rex', 'lab'), Puppy('bit', 'pug')]:
    print(a.describe(), type(a).__name__)
p = Puppy('x', 'y')
print(isinstance(p, Animal), issubclass(Puppy, Dog), issubclass(Animal, Dog), p.breed)
print([c.__name__ for c in Puppy.__mro__])
