# Checks a non-numeric Timer interval is accepted by start() and fails inside the timer thread; the function never runs. [TMR-9]
import threading
calls = []
reports = []
threading.excepthook = lambda args: reports.append((args.exc_type.__name__, str(args.exc_value), args.thread is t))
t = threading.Timer('soon', calls.append, args=[1])
t.start()
print('start() accepted the interval')
t.join()
print('function ran:', calls)
print(reports)
