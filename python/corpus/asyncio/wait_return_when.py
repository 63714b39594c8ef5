# asyncio.wait returns (done, pending) sets: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, and a timeout that never raises
import asyncio

async def job(n, fail=False):
    await asyncio.sleep(n / 10)
    if fail:
        raise ValueError(n)
    return n

async def main():
    tasks = [asyncio.create_task(job(n)) for n in (3, 1, 2)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(type(done).__name__, sorted(t.result() for t in done), len(pending))
    done, pending = await asyncio.wait(pending)
    print(sorted(t.result() for t in done), len(pending))
    tasks = [asyncio.create_task(job(n, fail=(n == 1))) for n in (3, 1, 2)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print([type(t.exception()).__name__ for t in done], len(pending))
    done, pending = await asyncio.wait(pending, timeout=0.15)
    print(len(done), len(pending))
    done, pending = await asyncio.wait(pending, timeout=1)
    print(len(done), len(pending), sorted(t.result() for t in done))
    print(asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)

asyncio.run(main())
