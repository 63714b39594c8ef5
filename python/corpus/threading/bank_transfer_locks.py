# Checks transfers between accounts under per-account locks taken in a fixed order conserve the total.
import threading
balances = [100, 100, 100]
locks = [threading.Lock() for _ in balances]
def transfer(src, dst, amount, times):
    for _ in range(times):
        first, second = sorted((src, dst))
        with locks[first]:
            with locks[second]:
                if balances[src] >= amount:
                    balances[src] -= amount
                    balances[dst] += amount
jobs = [(0, 1, 3, 300), (1, 2, 5, 300), (2, 0, 7, 300), (1, 0, 2, 300)]
threads = [threading.Thread(target=transfer, args=j) for j in jobs]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(balances), all(b >= 0 for b in balances))
