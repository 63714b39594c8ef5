# Calling an async def makes a coroutine object; nothing runs until it is awaited [ASY-1]
import asyncio

async def f():
    print('running f')
    return 1

async def main():
    c = f()
    print(type(c).__name__)
    print('before await')
    print(await c)

asyncio.run(main())
