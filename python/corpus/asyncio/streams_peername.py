# get_extra_info('peername') on both ends names the other side's address [ASY-7]
import asyncio

seen = []
async def handle(reader, writer):
    host, port = writer.get_extra_info('peername')
    seen.append(host)
    writer.close()

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 8892)
    reader, writer = await asyncio.open_connection('127.0.0.1', 8892)
    print(writer.get_extra_info('peername'))
    print(await reader.read())
    writer.close()
    server.close()
    await server.wait_closed()
    print(seen)

asyncio.run(main())
