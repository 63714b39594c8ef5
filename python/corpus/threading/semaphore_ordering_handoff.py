# Checks a chain of Semaphores forcing threads to run their step in a fixed order regardless of start order.
import threading
steps = [threading.Semaphore(0) for _ in range(4)]
order = []
def stage(i):
    steps[i].acquire()
    order.append(i)
    if i + 1 < len(steps):
        steps[i + 1].release()
threads = [threading.Thread(target=stage, args=(i,)) for i in (3, 1, 0, 2)]
for t in threads:
    t.start()
steps[0].release()
for t in threads:
    t.join()
print(order)
