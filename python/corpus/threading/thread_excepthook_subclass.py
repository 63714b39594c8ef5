# Checks the default excepthook output for an exception in an overridden run() (name without target). [THR-5]
import threading
class Failing(threading.Thread):
    def run(self):
        self.helper()
    def helper(self):
        raise KeyError('missing-key')
f = Failing()
f.start()
f.join()
g = Failing(name='second')
g.start()
g.join()
print('done')
