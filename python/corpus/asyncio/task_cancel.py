# cancel() throws CancelledError into the task at its await [ASY-5]
import asyncio

async def forever():
    try:
        await asyncio.sleep(10)
    finally:
        print('cleanup')

async def main():
    t = asyncio.create_task(forever())
    await asyncio.sleep(0.1)
    print(t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print('CancelledError', t.cancelled(), t.done())

asyncio.run(main())
