# Checks is_alive() before start, after start and after join; ident set once started. [THR-7]
import threading
go = threading.Event()
t = threading.Thread(target=go.wait)
print(t.is_alive(), t.ident is None, t.native_id is None)
t.start()
print(t.is_alive(), type(t.ident).__name__, t.ident != threading.main_thread().ident)
go.set()
t.join()
print(t.is_alive(), t.ident is not None)
print(repr(threading.current_thread()).startswith('<_MainThread(MainThread, started '))
