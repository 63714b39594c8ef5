# Checks itertools edge cases: empty inputs, r larger than n, float steps, islice argument errors.
import itertools
print(list(itertools.islice(itertools.count(0.5, 0.25), 4)), list(itertools.cycle([])))
print(list(itertools.permutations([1, 2], 3)), list(itertools.combinations([], 0)), list(itertools.product()))
print(list(itertools.product([1, 2], [])), list(itertools.chain()), list(itertools.accumulate([])))
print(list(itertools.accumulate([1, 2, 3], initial=10)), list(itertools.zip_longest()))
print(list(itertools.islice('abcdef', 2, None)), list(itertools.islice('abcdef', None, None, 2)))
for args in [(-1,), (0, -1), (0, 5, 0)]:
    try:
        list(itertools.islice('abc', *args))
    except ValueError as e:
        print('ValueError:', e)
