# wait_for cancels the awaitable and raises TimeoutError when time runs out [ASY-4]
import asyncio

async def slow():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print('slow was cancelled')
        raise

async def main():
    try:
        await asyncio.wait_for(slow(), timeout=0.1)
    except asyncio.TimeoutError:
        print('TimeoutError', asyncio.TimeoutError is TimeoutError)
    print(await asyncio.wait_for(asyncio.sleep(0.05, 'in time'), timeout=1))

asyncio.run(main())
