# Checks classic list algorithms: binary search, insertion sort, dedupe keeping order, rotate, chunk.
def bsearch(xs, target):
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo
data = [1, 3, 3, 5, 8, 13]
print([bsearch(data, t) for t in (0, 3, 4, 13, 20)])
def insertion_sort(xs):
    xs = list(xs)
    for i in range(1, len(xs)):
        j = i
        while j > 0 and xs[j - 1] > xs[j]:
            xs[j - 1], xs[j] = xs[j], xs[j - 1]
            j -= 1
    return xs
print(insertion_sort([5, 2, 9, 1, 5, 6]))
seen = set()
print([x for x in [3, 1, 3, 2, 1] if not (x in seen or seen.add(x))])
xs = list(range(7))
print(xs[3:] + xs[:3], [xs[i:i + 3] for i in range(0, len(xs), 3)])
