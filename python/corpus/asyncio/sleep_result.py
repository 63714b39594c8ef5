# asyncio.sleep(delay, result) returns result [ASY-1]
import asyncio

async def main():
    print(await asyncio.sleep(0.01, 'value'))
    print(await asyncio.sleep(0))

asyncio.run(main())
