# Checks collecting return values of thread targets through a wrapper, since Thread discards them.
import threading
def compute(n):
    return sum(i * i for i in range(n))
results = {}
def wrapper(n):
    results[n] = compute(n)
threads = [threading.Thread(target=wrapper, args=(n,)) for n in (10, 100, 1000)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))
