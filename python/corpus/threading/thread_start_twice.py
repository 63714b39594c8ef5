# Checks starting a thread twice raises RuntimeError, even after it finished. [THR-1]
import threading
t = threading.Thread(target=lambda: None)
t.start()
try:
    t.start()
except RuntimeError as e:
    print('RuntimeError:', e)
t.join()
try:
    t.start()
except RuntimeError as e:
    print('RuntimeError:', e)
