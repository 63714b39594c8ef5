/**
 * The socket transport of asyncio's selector loop (`_SelectorSocketTransport` in CPython
 * 3.11's `selector_events.py`): it reads and writes a non-blocking socket from the
 * loop's reader and writer callbacks and passes what happens to its protocol.
 *
 * Flow control as in asyncio: it reads at most 256 KiB per callback; `write` sends at once
 * what the socket takes and buffers the rest, pausing the protocol's writing while more
 * than 64 KiB are buffered, until it falls to 16 KiB. After the peer's EOF the transport
 * stays open for writing. No SSL. CPU: each read that delivers data and each write charges
 * the loop the socket call and `streamCall` (asyncio's own Python around it).
 */

import { RuntimeError } from '../errors.ts';
import { concatBytes } from '../net/bytes.ts';
import { BlockingIOError, OSError } from '../net/errors.ts';
import type { Address } from '../net/network.ts';
import { SHUT_WR, type socket } from '../net/socket.ts';
import type { EventLoop } from './loop.ts';
import type { StreamProtocol } from './stream-protocol.ts';

const MAX_READ = 262_144;
const HIGH_WATER = 65_536;
const LOW_WATER = 16_384;

/** A connection's transport: the socket's reads and writes, made from the loop's callbacks. */
export class SocketTransport {
  readonly #loop: EventLoop;
  readonly #sock: socket;
  readonly #fd: number;
  readonly #protocol: StreamProtocol;
  readonly #buffer: Uint8Array[] = [];
  #bufferSize = 0;
  #closing = false;
  #eof = false;
  #connLost = 0;
  #paused = false;
  #protocolPaused = false;
  readonly #peername: Address | null;

  constructor(loop: EventLoop, sock: socket, protocol: StreamProtocol) {
    this.#loop = loop;
    this.#sock = sock;
    this.#fd = sock.fileno();
    this.#protocol = protocol;
    this.#peername = sock.endpoint.remote;
    loop.callSoon(() => protocol.connectionMade(this));
    loop.callSoon(() => this.#addReader());
  }

  #addReader(): void {
    if (this.#closing || this.#paused) return;
    this.#loop.addReader(this.#fd, () => this.#readReady());
  }

  #charge(kind: 'socketRecv' | 'socketSend' | 'streamCall'): void {
    this.#loop.charge(this.#loop.kernel.costs[kind]);
  }

  #readReady(): void {
    if (this.#connLost > 0) return;
    let data: Uint8Array;
    this.#charge('socketRecv');
    try {
      data = this.#sock.recvNow(MAX_READ);
    } catch (e) {
      if (e instanceof BlockingIOError) return;
      this.#fatalError(e);
      return;
    }
    if (data.length === 0) {
      const keepOpen = this.#protocol.eofReceived();
      if (keepOpen) this.#loop.removeReader(this.#fd);
      else this.close();
      return;
    }
    this.#charge('streamCall');
    this.#protocol.dataReceived(data);
  }

  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array))
      throw new TypeError(`data argument must be a bytes-like object, not '${typeof data}'`);
    if (this.#eof) throw new RuntimeError('Cannot call write() after write_eof()');
    if (data.length === 0 || this.#connLost > 0) return;
    this.#charge('streamCall');
    let rest = data;
    if (this.#bufferSize === 0) {
      this.#charge('socketSend');
      let n = 0;
      try {
        n = this.#sock.sendNow(data);
      } catch (e) {
        if (!(e instanceof BlockingIOError)) {
          this.#fatalError(e);
          return;
        }
      }
      if (n === data.length) return;
      rest = data.subarray(n);
      this.#loop.addWriter(this.#fd, () => this.#writeReady());
    }
    this.#buffer.push(rest);
    this.#bufferSize += rest.length;
    if (!this.#protocolPaused && this.#bufferSize > HIGH_WATER) {
      this.#protocolPaused = true;
      this.#protocol.pauseWriting();
    }
  }

  #writeReady(): void {
    if (this.#connLost > 0) return;
    const data = this.#buffer.length === 1 ? (this.#buffer[0] as Uint8Array) : concatBytes(this.#buffer);
    this.#charge('socketSend');
    let n: number;
    try {
      n = this.#sock.sendNow(data);
    } catch (e) {
      if (e instanceof BlockingIOError) return;
      this.#loop.removeWriter(this.#fd);
      this.#buffer.length = 0;
      this.#bufferSize = 0;
      this.#fatalError(e);
      return;
    }
    const rest = data.subarray(n);
    this.#buffer.length = 0;
    if (rest.length > 0) this.#buffer.push(rest);
    this.#bufferSize = rest.length;
    if (this.#protocolPaused && this.#bufferSize <= LOW_WATER) {
      this.#protocolPaused = false;
      this.#protocol.resumeWriting();
    }
    if (this.#bufferSize === 0) {
      this.#loop.removeWriter(this.#fd);
      if (this.#closing) this.#callConnectionLost(null);
      else if (this.#eof) this.#sock.shutdownNow(SHUT_WR);
    }
  }

  writeEof(): void {
    if (this.#closing || this.#eof) return;
    this.#eof = true;
    if (this.#bufferSize === 0) this.#sock.shutdownNow(SHUT_WR);
  }

  canWriteEof(): boolean {
    return true;
  }

  getWriteBufferSize(): number {
    return this.#bufferSize;
  }

  isClosing(): boolean {
    return this.#closing;
  }

  pauseReading(): void {
    if (this.#closing || this.#paused) return;
    this.#paused = true;
    this.#loop.removeReader(this.#fd);
  }

  resumeReading(): void {
    if (this.#closing || !this.#paused) return;
    this.#paused = false;
    this.#addReader();
  }

  /** Closes after the buffered data is sent; the protocol learns it one loop turn later. */
  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#loop.removeReader(this.#fd);
    if (this.#bufferSize === 0) {
      this.#connLost++;
      this.#loop.removeWriter(this.#fd);
      this.#loop.callSoon(() => this.#callConnectionLost(null));
    }
  }

  /** Closes at once, dropping buffered data. */
  abort(): void {
    this.#forceClose(null);
  }

  #fatalError(exc: unknown): void {
    if (!(exc instanceof OSError)) {
      this.#loop.callExceptionHandler({ message: 'Fatal error on transport', exception: exc });
    }
    this.#forceClose(exc);
  }

  #forceClose(exc: unknown): void {
    if (this.#connLost > 0) return;
    if (this.#bufferSize > 0) {
      this.#buffer.length = 0;
      this.#bufferSize = 0;
      this.#loop.removeWriter(this.#fd);
    }
    if (!this.#closing) {
      this.#closing = true;
      this.#loop.removeReader(this.#fd);
    }
    this.#connLost++;
    this.#loop.callSoon(() => this.#callConnectionLost(exc));
  }

  #callConnectionLost(exc: unknown): void {
    try {
      this.#protocol.connectionLost(exc);
    } finally {
      this.#sock.closeNow();
    }
  }

  /** `get_extra_info(name)`: 'peername', 'sockname' or 'socket'. */
  getExtraInfo(name: 'peername' | 'sockname' | 'socket'): unknown {
    if (name === 'peername') return this.#peername;
    if (name === 'sockname') return this.#sock.closed ? null : this.#sock.getsockname();
    if (name === 'socket') return this.#sock;
    return null;
  }
}
