# aiter() and anext() over a class with __aiter__/__anext__; anext's default swallows StopAsyncIteration
import asyncio

class Countdown:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        await asyncio.sleep(0.01)
        return self.n

class NotAnIterator:
    def __aiter__(self):
        return 42

async def main():
    c = aiter(Countdown(2))
    print(await c.__anext__(), await anext(c))
    try:
        await anext(c)
    except StopAsyncIteration:
        print('StopAsyncIteration')
    print(await anext(c, 'default'))
    for bad in (1, NotAnIterator()):
        try:
            aiter(bad)
        except TypeError as e:
            print('TypeError', e)
    try:
        anext([])
    except TypeError as e:
        print('TypeError', e)

asyncio.run(main())
