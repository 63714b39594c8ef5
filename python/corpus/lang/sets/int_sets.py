# Checks sets of small ints (whose iteration order is deterministic in CPython), operators and methods.
s = {3, 1, 2}
print(s, len(s), 2 in s, set(), set([1, 1, 2]))
t = {2, 3, 4}
print(s | t, s & t, s - t, s ^ t, s <= {1, 2, 3, 4}, s < s, s.isdisjoint({9}))
s.add(10); s.discard(1); s.discard(99); print(s)
s.remove(2); print(s)
u = s.union([7], (8,)); print(u, s.intersection(t), s.difference({3}))
s.update([5, 6]); print(sorted(s))
try:
    s.remove(99)
except KeyError as e:
    print('KeyError:', e)
try:
    set().pop()
except KeyError as e:
    print('KeyError:', e)
print(frozenset({1, 2}) == {1, 2}, {frozenset({1}): 'ok'}[frozenset({1})], frozenset())
print(sorted({'b', 'a', 'c'}), len({'a', 'b', 'a'}))
