# await on tasks and coroutine variables inside arithmetic, shifts, comparisons and conditional expressions
import asyncio
async def val(x):
    return x
async def main():
    t = asyncio.ensure_future(val(3)) if hasattr(asyncio, 'ensure_future') else asyncio.create_task(val(3))
    u = asyncio.create_task(val(4))
    print(await t + 1, await u ** 2, await u - await t, -await t, await t * 2 + 1, await t << 1, await t & 1)
    co = val(5)
    print(await co % 3)
    print(await val(2) > 1, await val(1) in [1], await val(3) if True else None)
asyncio.run(main())
