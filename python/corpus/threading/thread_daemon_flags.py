# Checks daemon defaults: False from main, inherited from a daemon parent, settable before start only. [THR-6]
import threading
t = threading.Thread(target=lambda: None)
print(t.daemon, threading.current_thread().daemon)
t.daemon = True
print(t.daemon)
child_flags = []
def parent():
    c = threading.Thread(target=lambda: None)
    child_flags.append(c.daemon)
p = threading.Thread(target=parent, daemon=True)
p.start()
p.join()
print('child of daemon is daemon:', child_flags[0])
t.start()
t.join()
try:
    t.daemon = False
except RuntimeError as e:
    print('RuntimeError:', e)
