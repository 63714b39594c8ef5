# async for over __aiter__/__anext__ and async generators (break, else, comprehensions), async with (nested, suppressing, propagating), aiter/anext
import asyncio
class Counter:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(0)
        return self.i
async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i * 10
class CM:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print('enter', self.name)
        return self.name.upper()
    async def __aexit__(self, t, v, tb):
        print('exit', self.name, t.__name__ if t else None, v)
        return t is KeyError
async def main():
    async for x in Counter(3):
        print('counter', x)
    else:
        print('for-else')
    async for y in agen(3):
        if y == 20:
            break
        print('agen', y)
    print([x async for x in Counter(4) if x % 2 == 0])
    print({x: x * 2 async for x in agen(2)})
    async with CM('a') as a, CM('b') as b:
        print('body', a, b)
    async with CM('c'):
        raise KeyError('swallowed')
    try:
        async with CM('d'):
            raise ValueError('kept')
    except ValueError as e:
        print('caught', e)
    g = agen(2)
    print(type(g).__name__, await g.__anext__(), await anext(g))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('exhausted')
    ai = aiter(Counter(2))
    print(await anext(ai), await anext(ai), await anext(ai, 'default'))
asyncio.run(main())
