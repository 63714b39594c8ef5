# One asyncio server, twenty concurrent clients, each served in its own task [ASY-7]
import asyncio

async def handle(reader, writer):
    name = (await reader.readline()).strip()
    await asyncio.sleep(0.01)
    writer.write(b'hi ' + name + b'\n')
    await writer.drain()
    writer.close()

async def client(i):
    reader, writer = await asyncio.open_connection('127.0.0.1', 8891)
    writer.write(b'c%d\n' % i)
    reply = await reader.readline()
    writer.close()
    return reply.decode().strip()

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 8891)
    replies = await asyncio.gather(*(client(i) for i in range(20)))
    print(len(replies), replies[:3])
    server.close()
    await server.wait_closed()

asyncio.run(main())
