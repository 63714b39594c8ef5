# gather raises the first exception; with return_exceptions=True it is a result [ASY-3]
import asyncio

async def ok():
    await asyncio.sleep(0.1)
    return 'ok'

async def bad():
    await asyncio.sleep(0.05)
    raise ValueError('bad')

async def main():
    try:
        await asyncio.gather(ok(), bad())
    except ValueError as e:
        print('raised', e)
    print(await asyncio.gather(ok(), bad(), return_exceptions=True))

asyncio.run(main())
