# Checks random.seed makes draws reproducible within a run (compared, never printed), and Random instances.
import random
random.seed(42)
first = [random.random() for _ in range(5)] + [random.randint(0, 100) for _ in range(5)]
random.seed(42)
second = [random.random() for _ in range(5)] + [random.randint(0, 100) for _ in range(5)]
print(first == second)
r1, r2 = random.Random(7), random.Random(7)
print([r1.random() for _ in range(3)] == [r2.random() for _ in range(3)])
deck = list(range(52))
random.shuffle(deck)
print(len(deck), sorted(deck) == list(range(52)))
try:
    random.randint(5, 1)
except ValueError as e:
    print('ValueError raised for an empty range')
try:
    random.choice([])
except IndexError as e:
    print('IndexError:', e)
