# coroutine objects: cr_running/cr_frame/cr_await/cr_code, inspect.getcoroutinestate, send/throw/close by hand, StopIteration value, reuse after await
import asyncio, inspect
async def inner():
    await asyncio.sleep(0)
    return 'inner'
async def outer():
    r = await inner()
    return r + '!'
c = outer()
print(type(c).__name__, c.__name__, c.__qualname__, c.cr_running, c.cr_frame is not None, c.cr_code.co_name)
print(inspect.iscoroutine(c), inspect.iscoroutinefunction(outer), inspect.iscoroutinefunction(len))
print(asyncio.iscoroutine(c), asyncio.iscoroutinefunction(outer))
print(inspect.getcoroutinestate(c))
print(asyncio.run(c))
print(inspect.getcoroutinestate(c), c.cr_frame)
try:
    asyncio.run(c)
except RuntimeError as e:
    print('RuntimeError:', e)
d = outer()
fut = d.send(None)
print(inspect.getcoroutinestate(d), d.cr_await is not None)
d.close()
print(inspect.getcoroutinestate(d))
async def raiser():
    raise KeyError('k')
e = raiser()
try:
    e.send(None)
except KeyError as x:
    print('KeyError', x)
async def simple():
    return 5
s = simple()
try:
    s.send(None)
except StopIteration as st:
    print('StopIteration value', st.value)
t = simple()
try:
    t.throw(ValueError('thrown'))
except ValueError as v:
    print('thrown out:', v, inspect.getcoroutinestate(t))
