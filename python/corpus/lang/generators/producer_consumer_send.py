# Checks a producer/consumer coroutine pair driven by send(), as in the study note's coroutine section.
def consumer():
    total = 0
    while True:
        item = yield total
        if item is None:
            return total
        print(f'consume {item}')
        total += item
def producer(c, n):
    c.send(None)
    for i in range(1, n + 1):
        print(f'produce {i}')
        running = c.send(i)
        print(f'running total {running}')
    try:
        c.send(None)
    except StopIteration as e:
        return e.value
print('final', producer(consumer(), 4))
