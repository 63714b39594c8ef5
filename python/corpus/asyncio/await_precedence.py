# await binds tighter than every binary operator: await a + b, -await x, await x ** 2, 2 ** await x, await in comprehensions and conditions
import asyncio
async def val(x):
    await asyncio.sleep(0)
    return x
async def main():
    a = await val(3) + 4
    b = -await val(2)
    c = await val(3) ** 2
    d = 2 ** await val(3)
    e = [await val(i) for i in range(3)]
    f = not await val(False)
    g = await val(1) == 1
    h = (await val([1, 2]))[1]
    i = await val(5) if await val(True) else 0
    print(a, b, c, d, e, f, g, h, i)
    print(await val('x') * 2, await val(10) // await val(3), abs(await val(-4)))
    lam = lambda: val(7)
    print(await lam(), await (await val(val(8))))
asyncio.run(main())
