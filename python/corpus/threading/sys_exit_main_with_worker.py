# Checks sys.exit(3) in main waits for a non-daemon worker and then exits with code 3.
import sys
import threading
import time
def worker():
    time.sleep(0.3)
    print('worker finished')
threading.Thread(target=worker).start()
print('main calls sys.exit(3)')
sys.exit(3)
