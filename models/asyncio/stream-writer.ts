/**
 * `asyncio.StreamWriter`, as CPython 3.11's `streams.py` writes it: `write` goes to the
 * transport, `drain` waits through the protocol while the transport's buffer is above its
 * high-water mark, `close` and `waitClosed` end the connection.
 */

import type { Blocking } from '../../engine/index.ts';
import type { SocketTransport } from './socket-transport.ts';
import type { StreamProtocol } from './stream-protocol.ts';
import type { StreamReader } from './stream-reader.ts';

/**
 * `asyncio.StreamWriter`: writes to a connection (`write`, then `drain` to wait for the buffer to
 * empty), and closes it.
 */
export class StreamWriter {
  constructor(
    readonly transport: SocketTransport,
    readonly protocol: StreamProtocol,
    readonly reader: StreamReader | null,
  ) {}

  write(data: Uint8Array): void {
    this.transport.write(data);
  }

  writelines(data: Iterable<Uint8Array>): void {
    for (const d of data) this.transport.write(d);
  }

  writeEof(): void {
    this.transport.writeEof();
  }

  canWriteEof(): boolean {
    return this.transport.canWriteEof();
  }

  close(): void {
    this.transport.close();
  }

  isClosing(): boolean {
    return this.transport.isClosing();
  }

  /** `await writer.wait_closed()`. */
  *waitClosed(): Blocking {
    yield* this.protocol.closed;
  }

  getExtraInfo(name: 'peername' | 'sockname' | 'socket'): unknown {
    return this.transport.getExtraInfo(name);
  }

  /** `await writer.drain()`: waits while the transport's buffer is above its high-water mark. */
  *drain(): Blocking {
    const exc = this.reader?.exception() ?? null;
    if (exc !== null) throw exc;
    if (this.transport.isClosing()) yield null; // one loop turn, so connection_lost can run
    yield* this.protocol.drainHelper();
  }
}
