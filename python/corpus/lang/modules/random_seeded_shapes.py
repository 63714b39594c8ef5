# Checks random functions' result types and ranges without printing the drawn values.
import random
random.seed(1234)
xs = [random.randint(1, 6) for _ in range(200)]
print(all(1 <= x <= 6 for x in xs), len(xs), all(type(x) is int for x in xs))
f = random.random()
print(0.0 <= f < 1.0, type(f).__name__)
items = list(range(10))
random.shuffle(items)
print(sorted(items) == list(range(10)), random.choice('abc') in 'abc', len(random.sample(range(100), 5)))
u = random.uniform(2, 3)
print(2 <= u <= 3, random.randrange(0, 10, 5) in (0, 5))
