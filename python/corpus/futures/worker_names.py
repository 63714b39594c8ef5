# Workers are named prefix_N and start lazily, one per submit while none is idle [TPE-2] [TPE-3]
from concurrent.futures import ThreadPoolExecutor
import threading, time

def name(_):
    time.sleep(0.05)
    return threading.current_thread().name

with ThreadPoolExecutor(3, thread_name_prefix='w') as ex:
    fs = [ex.submit(name, i) for i in range(6)]
    print(sorted(set(f.result() for f in fs)))
