# async generators: asend, athrow, aclose with finally, anext default, StopAsyncIteration, async for over a list (TypeError), in gathered tasks
import asyncio
async def ticker(n):
    try:
        for i in range(n):
            got = yield i
            if got is not None:
                print('got', got)
            await asyncio.sleep(0.01)
    except ValueError as e:
        print('ticker caught', e)
        yield 'recovered'
    finally:
        print('ticker finally')
async def main():
    g = ticker(5)
    print(await g.asend(None), await g.asend('hello'), await g.__anext__())
    print(await g.athrow(ValueError('bad')))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('stopped')
    h = ticker(3)
    print(await h.__anext__())
    await h.aclose()
    print('closed', await anext(h, 'empty'))
    try:
        async for x in [1, 2]:
            pass
    except TypeError as e:
        print('TypeError:', e)
    async def gen_in_task(tag):
        out = []
        async for v in ticker(2):
            out.append(f'{tag}{v}')
        return out
    print(await asyncio.gather(gen_in_task('a'), gen_in_task('b')))
    print(ticker.__name__, type(ticker(1)).__name__, ticker(1).__qualname__)
asyncio.run(main())
