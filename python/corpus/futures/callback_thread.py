# A done-callback runs in the worker thread that completed the future [FUT-7] [TPE-3]
from concurrent.futures import ThreadPoolExecutor
import threading, time

names = []
def work():
    time.sleep(0.1)
    return 1

with ThreadPoolExecutor(1, thread_name_prefix='pool') as ex:
    f = ex.submit(work)
    f.add_done_callback(lambda fut: names.append(threading.current_thread().name))
print(names)
