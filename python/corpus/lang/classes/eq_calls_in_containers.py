# Checks when containers call __eq__: only on equal hashes, never for the same object (identity first).
class E:
    calls = 0
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        E.calls += 1
        return isinstance(other, E) and self.v == other.v
    def __hash__(self):
        return hash(self.v)
a = E(1)
d = {a: 'a'}
for probe in [a, E(1), E(2)]:
    E.calls = 0
    found = probe in d
    print(found, E.calls)
E.calls = 0
print(a in [E(0), a], E.calls)
E.calls = 0
print([a].count(a), [E(1), E(1)].count(a), E.calls)
nan = float('nan')
print(nan in [nan], nan in {nan}, [nan] == [float('nan')], {nan: 1}.get(nan))
