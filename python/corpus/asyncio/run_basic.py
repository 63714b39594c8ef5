# asyncio.run runs a coroutine to completion and returns its result [ASY-1]
import asyncio

async def main():
    print('hello')
    await asyncio.sleep(0.1)
    print('world')
    return 42

print(asyncio.run(main()))
