# 'async for' in a plain def is a SyntaxError spanning the statement's header
async def source():
    yield 1
def f():
    async for x in source():
        print(x)
print('never printed')
