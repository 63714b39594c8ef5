# Checks subclassing Thread and overriding run(), with state read after join. [THR-6]
import threading
class Summer(threading.Thread):
    def __init__(self, numbers):
        super().__init__()
        self.numbers = numbers
        self.total = None
    def run(self):
        self.total = sum(self.numbers)
workers = [Summer(range(i * 10, i * 10 + 10)) for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print([w.total for w in workers])
print([w.name for w in workers])
class Named(threading.Thread):
    def run(self):
        print('running in', threading.current_thread().name, threading.current_thread() is self)
n = Named(name='custom-name')
n.start()
n.join()
