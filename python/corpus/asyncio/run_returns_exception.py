# An exception escaping the main coroutine propagates out of asyncio.run [ASY-1]
import asyncio

async def main():
    await asyncio.sleep(0.01)
    raise RuntimeError('from main')

try:
    asyncio.run(main())
except RuntimeError as e:
    print('caught', e)
