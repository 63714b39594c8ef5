# Checks itertools: count, cycle, repeat, islice, chain, accumulate, product, permutations, combinations.
import itertools
print(list(itertools.islice(itertools.count(10, 5), 4)), list(itertools.islice(itertools.cycle('ab'), 5)))
print(list(itertools.repeat('x', 3)), list(itertools.chain([1], (2, 3), 'ab')), list(itertools.chain.from_iterable([[1], [2]])))
print(list(itertools.accumulate([1, 2, 3, 4])), list(itertools.accumulate([3, 1, 4], max)))
print(list(itertools.product('ab', [0, 1])), len(list(itertools.product(range(3), repeat=2))))
print(list(itertools.permutations([1, 2, 3], 2)))
print(list(itertools.combinations('abcd', 2)), list(itertools.combinations_with_replacement('ab', 2)))
print(list(itertools.islice(range(100), 5, 20, 4)))
