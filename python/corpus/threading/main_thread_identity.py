# Checks main_thread(), current_thread() and get_ident() relations without printing the ident values. [THR-7]
import threading
main = threading.main_thread()
print(main is threading.current_thread(), main.name, main.daemon, main.is_alive())
seen = {}
def worker():
    seen['is_main'] = threading.current_thread() is threading.main_thread()
    seen['ident_differs'] = threading.get_ident() != main.ident
t = threading.Thread(target=worker)
t.start()
t.join()
print(seen, threading.get_ident() == main.ident)
