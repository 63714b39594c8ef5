/**
 * asyncio streams over the event loop of loop.ts, as CPython 3.11's `streams.py` and
 * `selector_events.py` write them: `openConnection` and `startServer` give a
 * `StreamReader` (`read`, `readline`, `readexactly`, `readuntil`) and a `StreamWriter`
 * (`write`, `drain`, `close`, `waitClosed`) over a socket transport that reads and writes
 * a non-blocking socket from the loop's reader and writer callbacks.
 *
 * Flow control as in asyncio: the transport reads at most 256 KiB per callback and stops
 * reading while the reader holds more than twice its limit (64 KiB by default); `write`
 * sends at once what the socket takes and buffers the rest, and `drain` waits while more
 * than 64 KiB are buffered, until it falls to 16 KiB. After the peer's EOF the transport
 * stays open for writing.
 *
 * Differs from CPython 3.11: a `client_connected_cb` task that fails is reported to the
 * loop's exception handler when it ends and its connection is closed (3.12's behaviour;
 * 3.11 leaves the report to the garbage collector and the socket open). No SSL.
 */
import type { Blocking } from '../../engine/index.ts';
import { RuntimeError, ValueError } from '../errors.ts';
import { ByteBuffer, concatBytes, EMPTY, encode } from '../net/bytes.ts';
import { BlockingIOError, ConnectionResetError, OSError } from '../net/errors.ts';
import type { Address } from '../net/network.ts';
import { AF_INET, SHUT_WR, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, socket } from '../net/socket.ts';
import { type Future, isCoroutine, type Task } from './futures.ts';
import { type EventLoop, getRunningLoop } from './loop.ts';

/** asyncio's default stream buffer limit: 64 KiB. */
export const DEFAULT_LIMIT = 65_536;
const MAX_READ = 262_144;
const HIGH_WATER = 65_536;
const LOW_WATER = 16_384;

/** `asyncio.IncompleteReadError` (an EOFError in Python): EOF came before the expected bytes. */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
  constructor(
    readonly partial: Uint8Array,
    readonly expected: number | null,
  ) {
    super(`${partial.length} bytes read on a total of ${expected === null ? 'undefined' : expected} expected bytes`);
  }
}

/** `asyncio.LimitOverrunError`: no separator within the reader's limit. */
export class LimitOverrunError extends Error {
  override name = 'LimitOverrunError';
  constructor(
    message: string,
    readonly consumed: number,
  ) {
    super(message);
  }
}

/** Keyword arguments of the streams API (`limit`: the reader's buffer limit in bytes). */
export interface StreamOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  readonly limit?: number;
}

// ---- StreamReader -----------------------------------------------------------------------------

/**
 * `asyncio.StreamReader`: reads from a connection (`read`, `readline`, `readexactly`, `readuntil`),
 * blocking the task, not the loop.
 */
export class StreamReader {
  readonly #loop: EventLoop;
  readonly #limit: number;
  readonly #buffer = new ByteBuffer();
  #eof = false;
  #waiter: Future<void> | null = null;
  #exception: unknown = null;
  #transport: SocketTransport | null = null;
  #paused = false;

  constructor(o: StreamOptions & { readonly loop?: EventLoop } = {}) {
    const limit = o.limit ?? DEFAULT_LIMIT;
    if (!(limit > 0)) throw new ValueError('Limit cannot be <= 0');
    this.#limit = limit;
    this.#loop = o.loop ?? getRunningLoop();
  }

  exception(): unknown {
    return this.#exception;
  }

  setException(exc: unknown): void {
    this.#exception = exc;
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      if (!w.cancelled()) w.setException(exc);
    }
  }

  setTransport(t: SocketTransport): void {
    this.#transport = t;
  }

  #wakeup(): void {
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      if (!w.cancelled()) w.setResult(undefined);
    }
  }

  feedEof(): void {
    this.#eof = true;
    this.#wakeup();
  }

  /** Whether the buffer is empty and EOF was fed. */
  atEof(): boolean {
    return this.#eof && this.#buffer.length === 0;
  }

  feedData(data: Uint8Array): void {
    if (this.#eof) throw new RuntimeError('feed_data after feed_eof');
    if (data.length === 0) return;
    this.#buffer.push(data);
    this.#wakeup();
    if (this.#transport !== null && !this.#paused && this.#buffer.length > 2 * this.#limit) {
      this.#transport.pauseReading();
      this.#paused = true;
    }
  }

  #maybeResume(): void {
    if (this.#paused && this.#buffer.length <= this.#limit) {
      this.#paused = false;
      this.#transport?.resumeReading();
    }
  }

  *#waitForData(func: string): Blocking {
    if (this.#waiter !== null) {
      throw new RuntimeError(`${func}() called while another coroutine is already waiting for incoming data`);
    }
    if (this.#paused) {
      this.#paused = false;
      this.#transport?.resumeReading();
    }
    this.#waiter = this.#loop.createFuture<void>();
    try {
      yield* this.#waiter;
    } finally {
      this.#waiter = null;
    }
  }

  /** `await reader.readline()`: up to and including b'\n'; the partial line at EOF. */
  *readline(): Blocking<Uint8Array> {
    const sep = NEWLINE;
    try {
      return yield* this.readuntil(sep);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial;
      if (e instanceof LimitOverrunError) {
        if (this.#buffer.indexOf(sep, e.consumed) === e.consumed) this.#buffer.take(e.consumed + sep.length);
        else this.#buffer.clear();
        this.#maybeResume();
        throw new ValueError(e.message);
      }
      throw e;
    }
  }

  /** `await reader.readuntil(separator=b'\n')`. */
  *readuntil(separator: Uint8Array = NEWLINE): Blocking<Uint8Array> {
    const seplen = separator.length;
    if (seplen === 0) throw new ValueError('Separator should be at least one-byte string');
    if (this.#exception !== null) throw this.#exception;
    let offset = 0;
    let isep: number;
    for (;;) {
      const buflen = this.#buffer.length;
      if (buflen - offset >= seplen) {
        isep = this.#buffer.indexOf(separator, offset);
        if (isep !== -1) break;
        offset = buflen + 1 - seplen;
        if (offset > this.#limit) {
          throw new LimitOverrunError('Separator is not found, and chunk exceed the limit', offset);
        }
      }
      if (this.#eof) {
        const chunk = this.#buffer.take(this.#buffer.length);
        throw new IncompleteReadError(chunk, null);
      }
      yield* this.#waitForData('readuntil');
    }
    if (isep > this.#limit) throw new LimitOverrunError('Separator is found, but chunk is longer than limit', isep);
    const chunk = this.#buffer.take(isep + seplen);
    this.#maybeResume();
    return chunk;
  }

  /** `await reader.read(n=-1)`: up to n bytes (all until EOF for -1); b'' at EOF. */
  *read(n = -1): Blocking<Uint8Array> {
    if (this.#exception !== null) throw this.#exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      const blocks: Uint8Array[] = [];
      for (;;) {
        const block = yield* this.read(this.#limit);
        if (block.length === 0) break;
        blocks.push(block);
      }
      return concatBytes(blocks);
    }
    if (this.#buffer.length === 0 && !this.#eof) yield* this.#waitForData('read');
    const data = this.#buffer.take(n);
    this.#maybeResume();
    return data;
  }

  /** `await reader.readexactly(n)`: exactly n bytes, or IncompleteReadError at EOF. */
  *readexactly(n: number): Blocking<Uint8Array> {
    if (n < 0) throw new ValueError('readexactly size can not be less than zero');
    if (this.#exception !== null) throw this.#exception;
    if (n === 0) return EMPTY;
    while (this.#buffer.length < n) {
      if (this.#eof) {
        const incomplete = this.#buffer.take(this.#buffer.length);
        throw new IncompleteReadError(incomplete, n);
      }
      yield* this.#waitForData('readexactly');
    }
    const data = this.#buffer.take(n);
    this.#maybeResume();
    return data;
  }
}

const NEWLINE = encode('\n');

// ---- the protocol between a transport and a reader/writer pair ---------------------------------

type ClientConnected = (reader: StreamReader, writer: StreamWriter) => unknown;

class StreamProtocol {
  readonly closed: Future<void>;
  #paused = false;
  #drainWaiters: Future<void>[] = [];
  #lost = false;
  #lostExc: unknown = null;

  constructor(
    readonly loop: EventLoop,
    readonly reader: StreamReader,
    readonly onConnected: ClientConnected | null,
    readonly server: Server | null,
  ) {
    this.closed = loop.createFuture<void>();
  }

  connectionMade(t: SocketTransport): void {
    this.reader.setTransport(t);
    this.server?.attach();
    if (this.onConnected === null) return;
    const w = new StreamWriter(t, this, this.reader);
    const r = this.onConnected(this.reader, w);
    if (isCoroutine(r)) {
      const task: Task<unknown> = this.loop.createTask(r);
      task.addDoneCallback(() => {
        if (task.cancelled()) return;
        const e = task.exception();
        if (e === null) return;
        this.loop.callExceptionHandler({ message: 'Unhandled exception in client_connected_cb', exception: e });
        t.close();
      });
    }
  }

  dataReceived(data: Uint8Array): void {
    this.reader.feedData(data);
  }

  /** Returns true: the transport stays open for writing after the peer's EOF. */
  eofReceived(): boolean {
    this.reader.feedEof();
    return true;
  }

  connectionLost(exc: unknown): void {
    if (exc === null) this.reader.feedEof();
    else this.reader.setException(exc);
    if (!this.closed.done()) {
      if (exc === null) this.closed.setResult(undefined);
      else {
        this.closed.setException(exc);
        this.closed.exception(); // retrieved: waitClosed reports it, nobody else must
      }
    }
    this.#lost = true;
    this.#lostExc = exc;
    this.#wakeDrainers(exc);
    this.server?.detach();
  }

  pauseWriting(): void {
    this.#paused = true;
  }

  resumeWriting(): void {
    this.#paused = false;
    this.#wakeDrainers(null);
  }

  #wakeDrainers(exc: unknown): void {
    const ws = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of ws) {
      if (w.done()) continue;
      if (exc === null) w.setResult(undefined);
      else w.setException(exc);
    }
  }

  *drainHelper(): Blocking {
    if (this.#lost) throw this.#lostExc ?? new ConnectionResetError(null, 'Connection lost');
    if (!this.#paused) return;
    const w = this.loop.createFuture<void>();
    this.#drainWaiters.push(w);
    yield* w;
  }
}

// ---- the socket transport ----------------------------------------------------------------------

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

  #charge(kind: 'socketRecv' | 'socketSend'): void {
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
    this.#protocol.dataReceived(data);
  }

  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array))
      throw new TypeError(`data argument must be a bytes-like object, not '${typeof data}'`);
    if (this.#eof) throw new RuntimeError('Cannot call write() after write_eof()');
    if (data.length === 0 || this.#connLost > 0) return;
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
      else if (this.#eof) this.#sock.shutdown(SHUT_WR);
    }
  }

  writeEof(): void {
    if (this.#closing || this.#eof) return;
    this.#eof = true;
    if (this.#bufferSize === 0) this.#sock.shutdown(SHUT_WR);
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
      this.#sock.close();
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

// ---- StreamWriter -------------------------------------------------------------------------------

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

// ---- opening connections and serving ----------------------------------------------------------------

/** `await asyncio.open_connection(host, port, limit=...)`: `[reader, writer]`. */
export function* openConnection(
  host: string,
  port: number,
  o: StreamOptions = {},
): Blocking<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const reader = new StreamReader({ ...o, loop });
  const protocol = new StreamProtocol(loop, reader, null, null);
  const sock = new socket();
  sock.setblocking(false);
  try {
    yield* loop.sockConnect(sock, [host, port]);
  } catch (e) {
    sock.close();
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

/** `asyncio.Server`: listening sockets whose connections get a reader/writer pair each. */
export class Server {
  readonly #loop: EventLoop;
  #sockets: socket[] | null;
  readonly #backlog: number;
  readonly #onConnect: (conn: socket) => void;
  #serving = false;
  #active = 0;
  #waiters: Future<void>[] | null = [];
  #servingForever: Future<void> | null = null;

  constructor(loop: EventLoop, sockets: socket[], backlog: number, onConnect: (conn: socket) => void) {
    this.#loop = loop;
    this.#sockets = sockets;
    this.#backlog = backlog;
    this.#onConnect = onConnect;
  }

  get sockets(): readonly socket[] {
    return this.#sockets ?? [];
  }

  getLoop(): EventLoop {
    return this.#loop;
  }

  isServing(): boolean {
    return this.#serving;
  }

  attach(): void {
    this.#active++;
  }

  detach(): void {
    this.#active--;
    if (this.#active === 0 && this.#sockets === null) this.#wakeup();
  }

  #wakeup(): void {
    const ws = this.#waiters;
    this.#waiters = null;
    for (const w of ws ?? []) if (!w.done()) w.setResult(undefined);
  }

  /** Starts accepting connections (the loop's reader on each listening socket). */
  startServing(): void {
    if (this.#serving || this.#sockets === null) return;
    this.#serving = true;
    for (const s of this.#sockets) this.#loop.addReader(s.fileno(), () => this.#accept(s));
  }

  /** asyncio's _accept_connection: accepts up to `backlog` connections per callback. */
  #accept(s: socket): void {
    const c = this.#loop.kernel.costs;
    for (let i = 0; i < this.#backlog; i++) {
      let conn: socket;
      try {
        [conn] = s.acceptNow();
      } catch (e) {
        this.#loop.charge(c.socketCall); // the accept that raised BlockingIOError
        if (e instanceof OSError) return;
        throw e;
      }
      this.#loop.charge(c.socketAccept + c.socketClose); // its close is a plain call: charged here
      conn.setblocking(false);
      this.#onConnect(conn);
    }
  }

  /** Stops listening; connections being served go on. */
  close(): void {
    const socks = this.#sockets;
    if (socks === null) return;
    this.#sockets = null;
    for (const s of socks) {
      this.#loop.removeReader(s.fileno());
      s.close();
    }
    this.#serving = false;
    if (this.#servingForever !== null && !this.#servingForever.done()) {
      this.#servingForever.cancel();
      this.#servingForever = null;
    }
    if (this.#active === 0) this.#wakeup();
  }

  /** `await server.wait_closed()`: until closed and every connection is gone. */
  *waitClosed(): Blocking {
    if (this.#sockets === null || this.#waiters === null) return;
    const w = this.#loop.createFuture<void>();
    this.#waiters.push(w);
    yield* w;
  }

  /** `await server.serve_forever()`: serves until cancelled, then closes the server. */
  *serveForever(): Blocking {
    if (this.#servingForever !== null)
      throw new RuntimeError(`server ${String(this)} is already being awaited on serve_forever()`);
    if (this.#sockets === null) throw new RuntimeError(`server ${String(this)} is closed`);
    this.startServing();
    const f = this.#loop.createFuture<void>();
    this.#servingForever = f;
    try {
      yield* f;
    } finally {
      try {
        this.close();
        yield* this.waitClosed();
      } finally {
        this.#servingForever = null;
      }
    }
  }

  toString(): string {
    return `<Server sockets=${this.sockets.map(String).join(', ')}>`;
  }
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
    sock.setblocking(false);
  } catch (e) {
    sock.close();
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
