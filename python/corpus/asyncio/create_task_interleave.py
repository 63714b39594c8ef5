# Tasks interleave at each await; shorter sleeps finish first [ASY-2]
import asyncio

async def worker(name, d):
    print(name, 'start')
    await asyncio.sleep(d)
    print(name, 'end')

async def main():
    t1 = asyncio.create_task(worker('slow', 0.3))
    t2 = asyncio.create_task(worker('fast', 0.1))
    await t1
    await t2

asyncio.run(main())
