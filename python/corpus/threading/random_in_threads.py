# Checks random draws in threads stay in range and a seeded Random per thread is reproducible (values not printed).
import random
import threading
results = {}
def roll(name, seed):
    rng = random.Random(seed)
    results[name] = [rng.randint(1, 6) for _ in range(20)]
threads = [threading.Thread(target=roll, args=(n, s)) for n, s in [('a', 1), ('b', 1), ('c', 2)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results['a'] == results['b'], all(1 <= x <= 6 for r in results.values() for x in r))
print(sorted(len(r) for r in results.values()))
