# Checks an exception in a daemon thread is reported by excepthook like any other thread. [THR-5]
import threading
def failing():
    raise ConnectionResetError('peer went away')
t = threading.Thread(target=failing, daemon=True, name='daemon-worker')
t.start()
t.join()
print('daemon failure reported, main continues')
