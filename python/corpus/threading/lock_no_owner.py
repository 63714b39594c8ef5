# Checks a Lock acquired in one thread can be released by another. [LCK-2]
import threading
lock = threading.Lock()
lock.acquire()
def releaser():
    lock.release()
    print('released by', threading.current_thread().name)
t = threading.Thread(target=releaser, name='helper')
t.start()
t.join()
print('locked now:', lock.locked())
