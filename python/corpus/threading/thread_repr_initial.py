# Checks repr() of threads before start (no ident yet): name, "initial" and the daemon marker. [THR-7]
import threading
def job():
    pass
print(repr(threading.Thread(target=job)))
print(repr(threading.Thread(target=job, name='bg', daemon=True)))
print(repr(threading.Timer(1, job)))
class Custom(threading.Thread):
    pass
print(repr(Custom(name='mine')))
