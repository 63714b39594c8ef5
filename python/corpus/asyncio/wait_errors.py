# asyncio.wait checks its arguments when awaited: an empty set, a bad return_when, bare coroutines, a single future
import asyncio

async def job():
    return 1

async def main():
    w = asyncio.wait([])
    print(type(w).__name__)
    try:
        await w
    except ValueError as e:
        print('ValueError', e)
    t = asyncio.create_task(job())
    try:
        await asyncio.wait([t], return_when='SOMETIMES')
    except ValueError as e:
        print('ValueError', e)
    c = job()
    try:
        await asyncio.wait([c])
    except TypeError as e:
        print('TypeError', e)
    c.close()
    try:
        await asyncio.wait(t)
    except TypeError as e:
        print('TypeError', e)
    done, pending = await asyncio.wait([t, t])
    print(len(done), len(pending), t.result())

asyncio.run(main())
