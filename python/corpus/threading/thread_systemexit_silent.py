# Checks SystemExit in a thread ends only that thread and the default hook prints nothing. [THR-5]
import sys
import threading
def quits():
    print('thread about to exit')
    sys.exit(5)
    print('not reached')
t = threading.Thread(target=quits)
t.start()
t.join()
print('main still running, alive:', t.is_alive())
