# Checks current_thread().name inside worker threads, collected and printed in a fixed order.
import threading
names = {}
def record(key):
    names[key] = threading.current_thread().name
threads = [threading.Thread(target=record, args=(i,), name=f'worker-{i}') for i in range(3)]
threads.append(threading.Thread(target=record, args=(3,)))
for t in threads:
    t.start()
    t.join()
print([names[k] for k in sorted(names)])
record('main')
print(names['main'])
