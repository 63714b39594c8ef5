# Checks set comprehensions and dedup idioms, with sorted output for strings.
words = ['apple', 'avocado', 'banana', 'blueberry', 'cherry', 'apple']
initials = {w[0] for w in words}
print(sorted(initials))
print({len(w) for w in words} == {5, 7, 6, 9})
seen = set()
order = []
for w in words:
    if w not in seen:
        seen.add(w)
        order.append(w)
print(order)
print(list(dict.fromkeys(words)))
print({x % 5 for x in range(20)}, {x * x for x in range(-3, 4)})
try:
    {[1, 2]}
except TypeError as e:
    print('TypeError:', e)
