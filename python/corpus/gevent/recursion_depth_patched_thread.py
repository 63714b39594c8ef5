# Under monkey patching a thread runs as a greenlet: its recursion depth is its own
from gevent import monkey; monkey.patch_all()
import threading
def walk(n):
    try:
        return walk(n + 1)
    except RecursionError:
        return n
def t(tag):
    print(tag, walk(0))
th = threading.Thread(target=t, args=('patched thread',)); th.start(); th.join()
