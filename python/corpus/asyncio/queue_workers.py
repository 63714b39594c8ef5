# Worker tasks draining an asyncio.Queue; join() waits for every task_done [ASY-8]
import asyncio

async def worker(name, q, out):
    while True:
        n = await q.get()
        await asyncio.sleep(0.01 * n)
        out.append((name, n))
        q.task_done()

async def main():
    q = asyncio.Queue()
    out = []
    for n in (3, 1, 2, 1):
        q.put_nowait(n)
    tasks = [asyncio.create_task(worker('w%d' % i, q, out)) for i in range(2)]
    await q.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(sorted(n for _, n in out), q.empty())

asyncio.run(main())
