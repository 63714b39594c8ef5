# Checks that a daemon thread still sleeping when the main thread ends is abandoned: its later print never happens.
import threading
import time
started = threading.Event()
def background():
    print('daemon started')
    started.set()
    time.sleep(2)
    print('daemon finished (never printed)')
t = threading.Thread(target=background, daemon=True)
t.start()
started.wait()
print('main exits now')
