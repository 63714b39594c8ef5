# start_server and open_connection: readline, write, drain, close; a refused connection raises ConnectionRefusedError [ASY-7]
import asyncio

async def handle(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()

async def client(i):
    reader, writer = await asyncio.open_connection('127.0.0.1', 8888)
    writer.write(b'hello %d\n' % i)
    await writer.drain()
    line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return line

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 8888)
    print(await asyncio.gather(*(client(i) for i in range(3))))
    server.close()
    await server.wait_closed()
    try:
        await asyncio.open_connection('127.0.0.1', 9)
    except ConnectionRefusedError as e:
        print('refused', e.errno)

asyncio.run(main())
