# Checks excepthook reports from several failing threads, made deterministic by joining each in turn. [THR-5]
import threading
def fail(i):
    raise ValueError(f'failure {i}')
for i in range(3):
    t = threading.Thread(target=fail, args=(i,))
    t.start()
    t.join()
print('all three reported')
