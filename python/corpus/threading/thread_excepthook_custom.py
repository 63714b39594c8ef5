# Checks a custom threading.excepthook receives exc_type, exc_value and thread, including SystemExit. [THR-5]
import sys
import threading
seen = []
def hook(args):
    seen.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))
threading.excepthook = hook
def fails(kind):
    if kind == 'value':
        raise ValueError('bad value')
    sys.exit(3)
for kind in ['value', 'exit']:
    t = threading.Thread(target=fails, args=(kind,), name=f'T-{kind}')
    t.start()
    t.join()
print(seen)
print(threading.__excepthook__ is not hook)
