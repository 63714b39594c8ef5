# Checks the default excepthook prints a chained traceback (raise from) for a thread. [THR-5]
import threading
def parse(text):
    try:
        return int(text)
    except ValueError as e:
        raise RuntimeError('could not parse input') from e
t = threading.Thread(target=parse, args=('x1',), name='parser')
t.start()
t.join()
print('main done')
