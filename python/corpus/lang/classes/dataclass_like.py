# Checks a hand-written value class with ordering via tuples, __slots__-free attribute sets and total ordering.
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split('.'))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __le__(self, o):
        return self.parts <= o.parts
    def __hash__(self):
        return hash(self.parts)
    def __repr__(self):
        return 'v' + '.'.join(map(str, self.parts))
vs = [Version(s) for s in ['1.10.0', '1.2.3', '1.2.10', '0.9', '1.2.3']]
print(sorted(vs), min(vs), max(vs))
print(Version('1.2') < Version('1.10'), Version('2.0') <= Version('2.0'), Version('3') > Version('2.9'))
print(len(set(vs)), sorted(set(vs)))
