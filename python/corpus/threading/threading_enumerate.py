# Checks threading.enumerate(), active_count() and main_thread() while workers are blocked.
import threading
release = threading.Event()
ready = threading.Barrier(4)
def worker():
    ready.wait()
    release.wait()
threads = [threading.Thread(target=worker, name=f'w{i}') for i in range(3)]
for t in threads:
    t.start()
ready.wait()
print(sorted(t.name for t in threading.enumerate()))
print(threading.active_count(), threading.main_thread() in threading.enumerate())
release.set()
for t in threads:
    t.join()
print([t.name for t in threading.enumerate()], threading.active_count())
