# gather returns results in argument order, whatever order they finish in [ASY-3]
import asyncio

async def compute(n, d):
    await asyncio.sleep(d)
    return n * n

async def main():
    print(await asyncio.gather(compute(1, 0.3), compute(2, 0.1), compute(3, 0.2)))

asyncio.run(main())
