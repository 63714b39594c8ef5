# A thousand concurrent sleeps finish in about the longest one's time [ASY-2]
import asyncio
import time

async def nap(i):
    await asyncio.sleep(0.1)
    return i

async def main():
    start = time.monotonic()
    rs = await asyncio.gather(*(nap(i) for i in range(1000)))
    print(len(rs), sum(rs), time.monotonic() - start < 0.5)

asyncio.run(main())
