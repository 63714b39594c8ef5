# Checks wait/notify without holding the lock raise RuntimeError, and notify with no waiters is a no-op. [CND-1] [CND-2]
import threading
c = threading.Condition()
for name in ['wait', 'notify', 'notify_all']:
    try:
        getattr(c, name)()
    except RuntimeError as e:
        print(name, 'RuntimeError:', e)
with c:
    c.notify()
    c.notify_all()
    print('notify with no waiters ok')
with c:
    with c:
        print('the default lock is re-entrant')
