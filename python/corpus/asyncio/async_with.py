# async with: __aenter__/__aexit__ awaited, an exception swallowed by __aexit__, asyncio.Lock and Semaphore as async context managers [ASY-9]
import asyncio

class Res:
    async def __aenter__(self):
        print('enter')
        await asyncio.sleep(0.01)
        return 'resource'
    async def __aexit__(self, t, v, tb):
        print('exit', t.__name__ if t else None)
        return t is KeyError

async def crit(lock, i):
    async with lock:
        print('in', i)
        await asyncio.sleep(0.01)
        print('out', i)

async def main():
    async with Res() as r:
        print('using', r)
    async with Res():
        raise KeyError('swallowed')
    print('after swallowed')
    lock = asyncio.Lock()
    await asyncio.gather(crit(lock, 1), crit(lock, 2))
    sem = asyncio.Semaphore(1)
    async with sem:
        print('sem locked', sem.locked())
    print('sem locked', sem.locked())
    try:
        async with 5:
            pass
    except TypeError as e:
        print('TypeError:', e)

asyncio.run(main())
