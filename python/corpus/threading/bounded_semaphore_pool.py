# Checks a BoundedSemaphore guarding a pool of 2 connections shared by 5 threads; each connection reused. [SEM-4]
import threading
import time
pool = ['conn-a', 'conn-b']
slots = threading.BoundedSemaphore(len(pool))
pool_lock = threading.Lock()
used = []
def client(i):
    with slots:
        with pool_lock:
            conn = pool.pop()
        time.sleep(0.02)
        with pool_lock:
            used.append(conn)
            pool.append(conn)
threads = [threading.Thread(target=client, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(used), sorted(set(used)), sorted(pool))
try:
    slots.release()
except ValueError as e:
    print('ValueError:', e)
