# Checks the typo t.run() instead of t.start(): the target runs in the calling (main) thread, synchronously. [THR-2]
import threading
def work():
    print('work runs in', threading.current_thread().name)
t = threading.Thread(target=work, name='never-started')
t.run()
print('is_alive after run():', t.is_alive())
try:
    t.join()
except RuntimeError as e:
    print('RuntimeError:', e)
