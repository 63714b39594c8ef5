# Checks itertools.groupby (consecutive keys), zip_longest, takewhile, dropwhile, starmap, tee, filterfalse.
import itertools
for k, grp in itertools.groupby('aaabccaa'):
    print(k, list(grp))
words = sorted(['apple', 'avocado', 'bean', 'beet', 'corn'], key=lambda w: w[0])
print({k: list(g) for k, g in itertools.groupby(words, key=lambda w: w[0])})
print(list(itertools.zip_longest('abc', [1], fillvalue='-')))
print(list(itertools.takewhile(lambda x: x < 3, [1, 2, 3, 1])), list(itertools.dropwhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(itertools.starmap(pow, [(2, 3), (3, 2)])), list(itertools.filterfalse(lambda x: x % 2, range(6))))
a, b = itertools.tee([1, 2, 3])
print(list(a), list(b), list(itertools.pairwise('abcd')))
