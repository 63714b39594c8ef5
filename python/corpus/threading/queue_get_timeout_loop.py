# Checks a consumer polling with get(timeout) until a quiet period, counting the Empty timeouts. [QUE-2]
import queue
import threading
import time
q = queue.Queue()
got, empties = [], []
def consumer():
    while True:
        try:
            got.append(q.get(timeout=0.25))
        except queue.Empty:
            empties.append('empty')
            if len(empties) == 2:
                return
t = threading.Thread(target=consumer)
t.start()
for i in range(3):
    q.put(i)
    time.sleep(0.02)
t.join()
print(got, empties)
