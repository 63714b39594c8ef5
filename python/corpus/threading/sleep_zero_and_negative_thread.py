# Checks time.sleep(0) in threads is allowed and sleep with a negative value raises ValueError in the thread.
import threading
import time
out = []
def worker():
    time.sleep(0)
    out.append('slept 0')
    try:
        time.sleep(-0.5)
    except ValueError as e:
        out.append(f'ValueError: {e}')
t = threading.Thread(target=worker)
t.start()
t.join()
print(out)
