# 'await' at module level is a SyntaxError ('await' outside function)
import asyncio
print('never printed')
await asyncio.sleep(0)
