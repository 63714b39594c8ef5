# as_completed yields the futures already done first [ASC-3]
from concurrent.futures import ThreadPoolExecutor, as_completed
import time

with ThreadPoolExecutor(2) as ex:
    a = ex.submit(pow, 2, 5)
    a.result()
    b = ex.submit(time.sleep, 0.1)
    order = [f is a for f in as_completed([b, a])]
    print(order)
