# Checks the typo `t.start` without parentheses: nothing starts, and join() then raises RuntimeError. [THR-2]
import threading
def work():
    print('never printed')
t = threading.Thread(target=work)
t.start
print('is_alive:', t.is_alive())
try:
    t.join()
except RuntimeError as e:
    print('RuntimeError:', e)
