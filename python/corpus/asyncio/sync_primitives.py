# asyncio.Queue, Event, Lock and Semaphore through await acquire()/release(); QueueEmpty; releasing a free Lock [ASY-8]
import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print('put', i)
    await q.put(None)

async def consumer(q, name):
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        print(name, 'got', item)
        await asyncio.sleep(0.01)

async def main():
    q = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(q, 4), consumer(q, 'c'))
    await q.join()
    ev = asyncio.Event()
    async def waiter(i):
        await ev.wait()
        print('woke', i)
    ts = [asyncio.create_task(waiter(i)) for i in range(2)]
    await asyncio.sleep(0.1)
    ev.set()
    await asyncio.gather(*ts)
    lock = asyncio.Lock()
    async def crit(i):
        await lock.acquire()
        try:
            print('in', i)
            await asyncio.sleep(0.01)
            print('out', i)
        finally:
            lock.release()
    await asyncio.gather(crit(1), crit(2))
    sem = asyncio.Semaphore(2)
    async def limited(i):
        await sem.acquire()
        print('start', i)
        await asyncio.sleep(0.05)
        sem.release()
    await asyncio.gather(*(limited(i) for i in range(4)))
    try:
        asyncio.Queue().get_nowait()
    except asyncio.QueueEmpty:
        print('QueueEmpty')
    try:
        lock.release()
    except RuntimeError as e:
        print(e)

asyncio.run(main())
