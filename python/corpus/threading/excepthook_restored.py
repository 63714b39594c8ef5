# Checks replacing threading.excepthook and restoring threading.__excepthook__ brings the default output back. [THR-5]
import threading
def quiet(args):
    print('quiet hook:', args.exc_type.__name__, args.exc_value)
def boom():
    raise OSError('disk on fire')
threading.excepthook = quiet
t = threading.Thread(target=boom)
t.start(); t.join()
threading.excepthook = threading.__excepthook__
t = threading.Thread(target=boom)
t.start(); t.join()
print('end')
