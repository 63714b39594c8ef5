# Lock-order deadlock: two threads take the same two locks in opposite orders.
# `concsim check` finds the interleaving where each holds one and waits for the other.
# FIXED = True (`--param FIXED=true`) is the fix: both take the locks in the same order.
import threading

FIXED = False

a = threading.Lock()
b = threading.Lock()

def transfer_ab():
    with a:
        with b:
            pass

def transfer_ba():
    first, second = (a, b) if FIXED else (b, a)
    with first:
        with second:
            pass

t1 = threading.Thread(target=transfer_ab)
t2 = threading.Thread(target=transfer_ba)
t1.start()
t2.start()
t1.join()
t2.join()
print('done')
