# Processes are named Process-N in creation order; current_process in the parent is MainProcess [MPP-1]
from multiprocessing import Process, current_process

def show():
    print('child', current_process().name)

if __name__ == '__main__':
    print(current_process().name)
    for i in range(3):
        p = Process(target=show)
        p.start()
        p.join()
