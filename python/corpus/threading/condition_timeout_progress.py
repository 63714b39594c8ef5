# Checks a consumer waking on timeouts to report progress while a slow producer fills a list. [CND-2]
import threading
import time
cond = threading.Condition()
items = []
reports = []
def producer():
    for i in range(3):
        time.sleep(0.25)
        with cond:
            items.append(i)
            cond.notify()
def consumer():
    with cond:
        while len(items) < 3:
            if not cond.wait(timeout=0.1):
                reports.append('timeout')
            else:
                reports.append(f'item {items[-1]}')
p, c = threading.Thread(target=producer), threading.Thread(target=consumer)
p.start(); c.start()
p.join(); c.join()
print([r for r in reports if r != 'timeout'], reports.count('timeout') >= 3)
