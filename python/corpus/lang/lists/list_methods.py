# Checks list mutators: append, extend, insert, remove, pop, index, count, reverse, sort, clear, copy.
xs = [3, 1, 4]
xs.append(1); xs.extend([5, 9]); xs.insert(0, 2); xs.insert(100, 6); xs.insert(-1, 7)
print(xs)
xs.remove(1); print(xs, xs.pop(), xs.pop(0), xs)
print(xs.index(4), xs.count(1), xs.count(42))
ys = xs.copy(); ys.reverse(); print(ys, xs)
ys.sort(); print(ys); ys.sort(reverse=True); print(ys)
ys.clear(); print(ys, len(ys))
for bad in [lambda: xs.remove(42), lambda: xs.index(42), lambda: [].pop(), lambda: xs.pop(99)]:
    try:
        bad()
    except (ValueError, IndexError) as e:
        print(type(e).__name__ + ':', e)
