# Checks Thread(target, args, kwargs): each thread writes its own slot, main joins before printing.
import threading
results = [None] * 4
def work(index, base, *, scale=1):
    results[index] = (base + index) * scale
threads = [threading.Thread(target=work, args=(i, 10), kwargs={'scale': i + 1}) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
t = threading.Thread(target=print, args=('printed by a thread', 42), kwargs={'sep': ' -> '})
t.start()
t.join()
t = threading.Thread()
t.start()
t.join()
print('a Thread with no target runs nothing')
