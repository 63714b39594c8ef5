# Checks join() may be called several times, from several threads, also after the thread ended. [THR-4]
import threading
import time
def short():
    time.sleep(0.05)
t = threading.Thread(target=short)
t.start()
joiners = [threading.Thread(target=t.join) for _ in range(3)]
for j in joiners:
    j.start()
for j in joiners:
    j.join()
print(t.join(), t.join(0), t.join(-5), t.is_alive())
