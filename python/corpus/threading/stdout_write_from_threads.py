# Checks sys.stdout.write and print(flush=True) from threads taking turns, with their return values.
import sys
import threading
turn = threading.Semaphore(1)
counts = []
def writer(i):
    with turn:
        counts.append(sys.stdout.write(f'writer {i} says hi\n'))
        print(f'writer {i} flushed', flush=True)
threads = [threading.Thread(target=writer, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
    t.join()
print(counts)
