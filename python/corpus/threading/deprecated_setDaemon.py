# Checks setDaemon()/isDaemon() still work in 3.11 with DeprecationWarnings, and activeCount().
import threading
t = threading.Thread(target=lambda: None)
t.setDaemon(True)
print(t.isDaemon())
t.start()
t.join()
print(threading.activeCount())
