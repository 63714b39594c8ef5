# Checks BoundedSemaphore raises ValueError when released past its initial value. [SEM-4]
import threading
b = threading.BoundedSemaphore(2)
b.acquire()
b.release()
try:
    b.release()
except ValueError as e:
    print('ValueError:', e)
with b:
    with b:
        print('two inside, third try:', b.acquire(False))
print('back to full')
