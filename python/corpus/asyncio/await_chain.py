# Awaiting coroutines that await others: a chain runs in order [ASY-1]
import asyncio

async def leaf(n):
    await asyncio.sleep(0.01)
    return n + 1

async def middle(n):
    return (await leaf(n)) * 2

async def main():
    print(await middle(1), await middle(10))

asyncio.run(main())
