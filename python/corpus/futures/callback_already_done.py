# add_done_callback on a finished future calls the callback at once, in the calling thread [FUT-5]
from concurrent.futures import ThreadPoolExecutor
import threading

def work():
    return 'ok'

with ThreadPoolExecutor(1) as ex:
    f = ex.submit(work)
    f.result()
    f.add_done_callback(lambda fut: print('callback in', threading.current_thread().name, fut.result()))
    print('after add_done_callback')
