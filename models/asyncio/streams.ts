/**
 * asyncio streams over the event loop of loop.ts, as CPython 3.11's `streams.py` writes
 * them: `openConnection` and `startServer` give a `StreamReader` (stream-reader.ts) and a
 * `StreamWriter` (stream-writer.ts) joined by a `StreamProtocol` (stream-protocol.ts) over
 * a socket transport (socket-transport.ts) that reads and writes a non-blocking socket
 * from the loop's reader and writer callbacks; `startServer` serves through a `Server`
 * (server.ts).
 */

import type { Blocking } from '../../engine/index.ts';
import { AF_INET, newSocket, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, socket } from '../net/socket.ts';
import { getRunningLoop } from './loop.ts';
import { Server } from './server.ts';
import { SocketTransport } from './socket-transport.ts';
import { type ClientConnected, StreamProtocol } from './stream-protocol.ts';
import { type StreamOptions, StreamReader } from './stream-reader.ts';
import { StreamWriter } from './stream-writer.ts';

/** `await asyncio.open_connection(host, port, limit=...)`: `[reader, writer]`. */
export function* openConnection(
  host: string,
  port: number,
  o: StreamOptions = {},
): Blocking<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const reader = new StreamReader({ ...o, loop });
  const protocol = new StreamProtocol(loop, reader, null, null);
  const sock = yield* newSocket();
  try {
    yield* sock.setblocking(false);
    yield* loop.sockConnect(sock, [host, port]);
  } catch (e) {
    yield* sock.close();
    throw e;
  }
  const transport = new SocketTransport(loop, sock, protocol);
  const ready = loop.createFuture<void>();
  loop.callSoon(() => {
    if (!ready.done()) ready.setResult(undefined);
  });
  yield* ready;
  return [reader, new StreamWriter(transport, protocol, reader)];
}

/** Keyword arguments of `asyncio.start_server(client_connected_cb, host, port, ...)`. */
export interface StartServerOptions extends StreamOptions {
  /** listen() backlog (asyncio's default: 100). */
  readonly backlog?: number;
  /** SO_REUSEADDR (default true, as asyncio sets it on POSIX). */
  readonly reuseAddress?: boolean;
  /** Start accepting at once (default true). */
  readonly startServing?: boolean;
}

/**
 * `await asyncio.start_server(client_connected_cb, host, port, ...)`: a Server whose every
 * connection calls `client_connected_cb(reader, writer)`; a coroutine it returns runs as a task.
 */
export function* startServer(
  clientConnectedCb: ClientConnected,
  host: string | null,
  port: number,
  o: StartServerOptions = {},
): Blocking<Server> {
  const loop = getRunningLoop();
  const backlog = o.backlog ?? 100;
  const sock = new socket(AF_INET, SOCK_STREAM);
  try {
    if (o.reuseAddress ?? true) sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    sock.bind([host ?? '', port]);
    sock.listen(backlog);
    sock.setblockingNow(false);
  } catch (e) {
    sock.closeNow();
    throw e;
  }
  let server: Server | null = null;
  server = new Server(loop, [sock], backlog, (conn) => {
    const reader = new StreamReader({ ...o, loop });
    const protocol = new StreamProtocol(loop, reader, clientConnectedCb, server);
    new SocketTransport(loop, conn, protocol);
  });
  if (o.startServing ?? true) {
    server.startServing();
    yield null; // asyncio's start_server awaits sleep(0)
  }
  return server;
}
