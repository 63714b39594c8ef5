# Checks cancel() while the timer function runs does not interrupt it. [TMR-5]
import threading
import time
started = threading.Event()
log = []
def long_job():
    started.set()
    time.sleep(0.1)
    log.append('job completed')
t = threading.Timer(0.01, long_job)
t.start()
started.wait()
t.cancel()
t.join()
print(log)
