# Checks that the interpreter waits for non-daemon threads after the main code ends.
import threading
import time
def late():
    time.sleep(0.3)
    print('worker finished after main code')
threading.Thread(target=late).start()
print('main code done')
