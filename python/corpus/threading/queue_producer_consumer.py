# Checks a blocked get() is woken by put(), producer/consumer with a sentinel; consumer sees FIFO order. [QUE-7]
import queue
import threading
import time
q = queue.Queue()
acks = queue.Queue()
seen = []
def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        seen.append(item)
        print('consumed', item)
        acks.put(item)
c = threading.Thread(target=consumer)
c.start()
for i in range(3):
    time.sleep(0.03)
    print('produce', i)
    q.put(i)
    acks.get()
q.put(None)
c.join()
print(seen)
