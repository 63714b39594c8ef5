# Checks Thread(kwargs=...) without args, and the kwargs dict passed to the target.
import threading
got = {}
def configure(*, host='localhost', port=0, **extra):
    got.update(host=host, port=port, extra=extra)
t = threading.Thread(target=configure, kwargs={'port': 8080, 'debug': True})
t.start()
t.join()
print(got)
