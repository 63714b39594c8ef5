# The study note's yield/send coroutines, the Python twin of coroutine-pipeline.ts: producers
# run as tasks of a round-robin generator scheduler on one thread and send items through a
# filter and a transformer into a sink; every item arrives, in order per producer.
from collections import deque

PRODUCERS = 3
ITEMS = 5

def sink(out):
    while True:
        item = yield
        out.append(item)

def transform(target):
    while True:
        producer, seq = yield
        target.send((producer, seq, seq * seq))

def keep(target):
    while True:
        item = yield
        if item[1] >= 0:
            target.send(item)

def producer(n, target):
    for seq in range(ITEMS):
        target.send((n, seq))
        yield

received = []
s = sink(received); next(s)
t = transform(s); next(t)
f = keep(t); next(f)
ready = deque(producer(n, f) for n in range(PRODUCERS))
while ready:
    task = ready.popleft()
    try:
        next(task)
        ready.append(task)
    except StopIteration:
        pass
print(len(received), 'items')
for n in range(PRODUCERS):
    assert [seq for p, seq, _ in received if p == n] == list(range(ITEMS))
