# Lock-order deadlock: two threads take the same two locks in opposite orders.
# `concsim check` finds the interleaving where each holds one and waits for the other.
import threading

a = threading.Lock()
b = threading.Lock()

def transfer_ab():
    with a:
        with b:
            pass

def transfer_ba():
    with b:
        with a:
            pass

t1 = threading.Thread(target=transfer_ab)
t2 = threading.Thread(target=transfer_ba)
t1.start()
t2.start()
t1.join()
t2.join()
print('done')
