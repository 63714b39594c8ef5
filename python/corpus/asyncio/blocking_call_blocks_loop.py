# time.sleep inside a coroutine blocks the whole loop: the other task waits [ASY-6]
import asyncio
import time

order = []
async def blocker():
    time.sleep(0.2)
    order.append('blocker')

async def ticker():
    await asyncio.sleep(0.05)
    order.append('ticker')

async def main():
    await asyncio.gather(blocker(), ticker())
    print(order)

asyncio.run(main())
