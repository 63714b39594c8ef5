# StreamReader.readexactly and read(n); IncompleteReadError at EOF is an EOFError [ASY-7]
import asyncio

async def handle(reader, writer):
    writer.write(b'abcdefgh')
    await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 8890)
    reader, writer = await asyncio.open_connection('127.0.0.1', 8890)
    print(await reader.readexactly(3))
    print(await reader.read(2))
    print(await reader.read())
    print(await reader.read(), reader.at_eof())
    writer.close()
    server.close()
    await server.wait_closed()

asyncio.run(main())
