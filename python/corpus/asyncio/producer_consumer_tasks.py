# Producer and consumer tasks handing items over a list with sleeps [ASY-2]
import asyncio

items = []
async def producer():
    for i in range(3):
        await asyncio.sleep(0.1)
        items.append(i)
        print('produced', i)

async def consumer():
    seen = 0
    while seen < 3:
        await asyncio.sleep(0.05)
        while items:
            print('consumed', items.pop(0))
            seen += 1

async def main():
    await asyncio.gather(producer(), consumer())

asyncio.run(main())
