# asyncio.as_completed yields awaitables that give results in finishing order; a timeout raises TimeoutError for the rest
import asyncio

async def job(n, fail=False):
    await asyncio.sleep(n / 10)
    if fail:
        raise KeyError(n)
    return n

async def main():
    for aw in asyncio.as_completed([job(3), job(1), job(2)]):
        print('got', await aw)
    for aw in asyncio.as_completed([job(2, fail=True), job(1)]):
        try:
            print('got', await aw)
        except KeyError as e:
            print('KeyError', e)
    got = []
    try:
        for aw in asyncio.as_completed([job(1), job(5)], timeout=0.3):
            got.append(await aw)
    except asyncio.TimeoutError:
        print('timeout after', got)

asyncio.run(main())
