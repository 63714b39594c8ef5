# Checks join() before start() and a thread joining itself raise RuntimeError. [THR-2] [THR-3]
import threading
t = threading.Thread(target=lambda: None)
try:
    t.join()
except RuntimeError as e:
    print('RuntimeError:', e)
outcome = []
def self_join():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        outcome.append(str(e))
s = threading.Thread(target=self_join)
s.start()
s.join()
print('RuntimeError:', outcome[0])
try:
    threading.current_thread().join()
except RuntimeError as e:
    print('main:', e)
