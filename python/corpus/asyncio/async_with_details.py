# async with: awaits in __aenter__/__aexit__, traceback passed, __aexit__ raising (context kept), non-awaitable __aenter__, sync-only managers, return/continue/break through it
import asyncio
class Res:
    def __init__(self, name, fail_exit=False):
        self.name = name
        self.fail_exit = fail_exit
    async def __aenter__(self):
        await asyncio.sleep(0.01)
        print('open', self.name)
        return self
    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0.01)
        print('close', self.name, et.__name__ if et else None, tb is not None)
        if self.fail_exit:
            raise RuntimeError('exit failed')
        return False
class NotAsync:
    def __aenter__(self):
        return 1
    def __aexit__(self, *a):
        return False
class Plain:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return False
async def main():
    async with Res('a') as a, Res('b'):
        print('inside', a.name)
    try:
        async with Res('c', fail_exit=True):
            raise ValueError('body')
    except RuntimeError as e:
        print('caught', e, type(e.__context__).__name__)
    for cm in (NotAsync(), Plain()):
        try:
            async with cm:
                print('not reached')
        except TypeError as e:
            print('TypeError:', e)
    async def early():
        async with Res('d'):
            return 'returned'
    print(await early())
    for i in range(3):
        async with Res(f'loop{i}'):
            if i == 1:
                continue
            if i == 2:
                break
            print('body', i)
asyncio.run(main())
