# Lost update on a shared dict through a call: `bump` reads, calls a helper, then writes;
# a thread switch between the read and the write loses another thread's increment, and the
# final assert fails. `concsim check` finds it. FIXED = True (`--param FIXED=true`) is the
# fix: a lock around the read-modify-write.
import threading

FIXED = False
N = 2
counts = {'hits': 0}
lock = threading.Lock()

def incremented(v):
    return v + 1

def bump(d, key):
    v = d[key]
    d[key] = incremented(v)

def worker():
    if FIXED:
        with lock:
            bump(counts, 'hits')
    else:
        bump(counts, 'hits')

ts = [threading.Thread(target=worker) for _ in range(N)]
for t in ts:
    t.start()
for t in ts:
    t.join()
assert counts['hits'] == N, counts
print(counts)
