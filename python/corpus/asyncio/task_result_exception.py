# A finished task's result() and exception() [ASY-2]
import asyncio

async def good():
    return 'fine'

async def bad():
    raise KeyError('k')

async def main():
    t1 = asyncio.create_task(good())
    t2 = asyncio.create_task(bad())
    await asyncio.sleep(0.01)
    print(t1.done(), t1.result())
    print(t2.done(), repr(t2.exception()))

asyncio.run(main())
