# Tasks are named Task-N unless given a name [ASY-2]
import asyncio

async def noop():
    pass

async def main():
    t = asyncio.create_task(noop())
    u = asyncio.create_task(noop(), name='worker')
    print(t.get_name().startswith('Task-'), u.get_name())
    await t
    await u
    print(asyncio.current_task().get_name().startswith('Task-'))

asyncio.run(main())
