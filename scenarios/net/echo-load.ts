/**
 * What the echo scenarios share (gevent-echo-server, threaded-clients, io-models and the
 * short-send and unpatched-stall bugs): a client load, the upper-casing echo server written
 * five ways, a gevent StreamServer, and the server-side gauges that io-models reports.
 *
 * The load runs in processes of its own (`clients`, or `clients-1`, `clients-2` … of
 * `perProcess` clients each), as a load generator does, so that its threads neither share
 * the server's GIL nor count in the server's threads and memory. Each client is a thread:
 * once the server says go, client i waits i × `arrival` seconds and connects as its Python
 * twin does (`create_connection` with or without a timeout, or `socket()` then `connect()`:
 * each makes CPython's system calls, and so its switch points), then sends its messages one
 * at a time — each `<client name> say hello <n>`, padded with lower-case letters to its
 * drawn size, after a drawn pause (`think`) — and after each one reads back exactly as many
 * bytes, which must be the message upper-cased. After the last reply it closes, or first
 * shuts down its writing side and reads on until the server hangs up (`drain`): any byte
 * that comes then is one too many. With a `timeout`, a reply that does not come in time
 * ends the client with an error (bytes lost), so a broken server ends the run with a failed
 * invariant, not a hang. The client's own Python between its calls (building a message,
 * checking a reply) is charged as lines of Python (`interp`). Message sizes and pauses are
 * drawn up front from the seed, so the load does not depend on the schedule.
 *
 * The client threads are all started (and wait for the go) before the server starts, so
 * that a server calling `monkey.patchAll()` does not turn them into greenlets. As in the
 * twin, the go reaches each client process's main thread, which releases its threads with
 * an Event of its own: their wake-ups are its to make, under its process's GIL.
 */
import {
  asyncio,
  type Baton,
  type Blocking,
  Event,
  gevent,
  interp,
  type Kernel,
  kernel,
  net,
  type Rng,
  sleep,
  Thread,
  toSeconds,
} from 'concsim';

const { getRunningLoop, liveTasks, run: asyncioRun, startServer } = asyncio;
const { StreamServer } = gevent.server;
const {
  concatBytes,
  EMPTY,
  encode,
  BlockingIOError,
  ConnectionError,
  memoryUsage,
  createConnection,
  newSocket,
  createServer,
  SHUT_WR,
} = net;
const { EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, epoll } = net.select;
type StreamReader = asyncio.StreamReader;
type StreamWriter = asyncio.StreamWriter;
type Address = net.Address;
type socket = net.socket;

export const HOST = '127.0.0.1';
/** How much a server asks of `recv` at a time. */
export const BUFSIZE = 4096;
/** The Python-level work of one echo (`while data := ...`, `data.upper()`, the call), for `interp`. */
const HANDLER_STATEMENTS = 3;
/**
 * The lines of Python a client runs (scenarios/net/echo_load.py's `client`) beside its
 * socket calls, for `interp`: from the go to its connect, around each message (the pause's
 * test, the reply loop, the check; `message()` is `messageLines`), and from its last reply
 * to its end: 60 lines a client with three messages, counted from the code (`sys.settrace`
 * counts 64 lines of `client` for one, the lines before the go included).
 */
const CLIENT_LINES = { start: 6, message: 15, end: 9 };

// ---- bytes ------------------------------------------------------------------------------------

/** `data.upper()` for ASCII bytes. */
export function upper(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as number;
    out[i] = c >= 97 && c <= 122 ? c - 32 : c;
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A short printable excerpt of some bytes, for error messages. */
function excerpt(b: Uint8Array): string {
  const s = String.fromCharCode(...b.subarray(0, 40));
  const text = JSON.stringify(b.length > 40 ? `${s}…` : s);
  return `${text} (${b.length} B)`;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Message `n` of client `name`: `<name> say hello <n>`, padded with lower-case letters to `size` bytes. */
export function message(name: string, n: number, size: number): Uint8Array {
  const head = `${name} say hello ${n}`;
  if (size <= head.length) return encode(head);
  let pad = ' ';
  for (let i = pad.length; i < size - head.length; i++) pad += LETTERS[(i + n) % 26];
  return encode(head + pad);
}

/** The lines of Python that `message(name, n, size)` runs (one line a padding letter, and the loop's test). */
function messageLines(name: string, n: number, size: number): number {
  const head = `${name} say hello ${n}`.length;
  return size <= head ? 3 : 5 + 2 * (size - head - 1);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

// ---- the client load ----------------------------------------------------------------------------

export interface LoadOptions {
  readonly clients: number;
  readonly messages: number;
  /** Message sizes are drawn uniformly from [minSize, maxSize] bytes (never below the header). */
  readonly minSize: number;
  readonly maxSize: number;
  readonly port: number;
  /**
   * The clients' socket timeout in seconds, given to `create_connection` (null: blocking
   * sockets, as `socket()` and `create_connection(address)` make them). With a timeout every
   * send and recv polls first, as CPython's do.
   */
  readonly timeout: number | null;
  /** How clients connect: `socket.create_connection((HOST, port), timeout)` (default), or `socket()` then `connect()`. */
  readonly connect?: 'create_connection' | 'socket';
  /** Whether a client shuts down its writing side and reads to EOF before it closes (default true), or just closes. */
  readonly drain?: boolean;
  /** Mean pause before each message, seconds (each drawn uniformly from [0, 2 × think]); default 0. */
  readonly think?: number;
  /** Seconds between two clients' connects: client i connects at i × arrival after the go; default 0 (all at once). */
  readonly arrival?: number;
  /** Name of the clients' processes. */
  readonly process?: string;
  /** Clients per process (default: all in one); each process has its own GIL. */
  readonly perProcess?: number;
  /** Client thread names (default: Python's `Thread-N (client)`). */
  readonly names?: (i: number) => string;
  /**
   * Whether each client process's main thread sets its go as soon as it has started its threads
   * (the measured span starting at the first), for a server already listening — as the twins of
   * threaded-clients and the gevent echo server do — rather than waiting for `release()` (default).
   */
  readonly goAtStart?: boolean;
}

export interface ClientRecord {
  name: string;
  readonly index: number;
  readonly sizes: readonly number[];
  /** Pause before each message, in seconds. */
  readonly pauses: readonly number[];
  bytesSent: number;
  bytesReceived: number;
  /** Replies that came back whole and upper-cased. */
  answered: number;
  readonly errors: string[];
}

/** What the load saw, JSON-serialisable. */
export interface LoadSummary {
  readonly clients: number;
  readonly messages: number;
  readonly answered: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Clients with at least one error. */
  readonly failedClients: number;
  /** The first few errors, one line each. */
  readonly errors: readonly string[];
  /** Virtual seconds from the go to the last client's end. */
  readonly elapsed: number;
  /** Round trips of the messages, virtual milliseconds. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** Messages answered per second of virtual time (0 when no time passed). */
export function throughput(s: LoadSummary): number {
  return s.elapsed > 0 ? Math.round(s.answered / s.elapsed) : 0;
}

/** The nearest-rank percentile `q` (0..1) of sorted numbers. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

const ms = (ticks: number) => Math.round(ticks) / 1000;

export class EchoLoad {
  readonly records: ClientRecord[];
  /** Set by the server once it listens: the clients connect. */
  readonly go: Event;
  /** Set once every client thread has started (and waits for the go). */
  readonly started: Event;
  /** Set once every client has ended. */
  readonly finished: Event;
  /** Round trip of each answered message, in ticks. */
  readonly latencies: number[] = [];
  /** Called after each reply (for gauges that sample as the load progresses). */
  onReply: (answered: number) => void = () => {};
  readonly #k: Kernel;
  readonly #o: LoadOptions;
  #goAt = 0;
  #begun = false;
  #endAt = 0;
  #left: number;
  #answered = 0;

  constructor(o: LoadOptions, rng: Rng) {
    this.#k = kernel('EchoLoad()');
    this.#o = o;
    this.go = new Event();
    this.started = new Event();
    this.finished = new Event();
    this.#left = o.clients;
    const span = Math.max(0, o.maxSize - o.minSize);
    const think = o.think ?? 0;
    this.records = Array.from({ length: o.clients }, (_, index) => ({
      name: '',
      index,
      sizes: Array.from({ length: o.messages }, () => o.minSize + (span === 0 ? 0 : rng.int(span + 1))),
      pauses: Array.from({ length: o.messages }, () =>
        think > 0 ? Math.round(rng.uniform(0, 2 * think) * 1e6) / 1e6 : 0,
      ),
      bytesSent: 0,
      bytesReceived: 0,
      answered: 0,
      errors: [],
    }));
    if (o.clients === 0) this.finished.set();
  }

  /** Starts the clients' processes; their threads wait for `go`. Wait for `started` before patching. */
  start(): void {
    const k = this.#k;
    const per = Math.max(1, this.#o.perProcess ?? this.records.length);
    const groups: ClientRecord[][] = [];
    for (let i = 0; i < this.records.length; i += per) groups.push(this.records.slice(i, i + per));
    let waiting = groups.length;
    const self = this;
    groups.forEach((group, g) => {
      const base = this.#o.process ?? 'clients';
      const proc = k.newProcess(groups.length === 1 ? base : `${base}-${g + 1}`, true);
      const go = new Event({ name: `${proc.name}.go` });
      Thread.mainOf(
        proc,
        (function* () {
          const threads = group.map((rec, j) => {
            const i = g * per + j;
            const t = new Thread({
              target: () => self.#client(rec, go),
              ...(self.#o.names === undefined ? {} : { name: self.#o.names(i) }),
            });
            if (self.#o.names === undefined) t.name = t.name.replace(/ \(.*\)$/, ' (client)');
            rec.name = t.name;
            return t;
          });
          for (const t of threads) yield* t.start();
          if (--waiting === 0) self.started.set();
          if (self.#o.goAtStart === true) self.#begin();
          else yield* self.go.wait();
          go.set();
          for (const t of threads) yield* t.join();
        })(),
      );
    });
  }

  /** Lets the clients connect (the server listens); records the start of the measured run. */
  release(): void {
    this.#begin();
    this.go.set();
  }

  /** The measured span starts (once). */
  #begin(): void {
    if (this.#begun) return;
    this.#begun = true;
    this.#goAt = this.#k.now;
  }

  *#client(rec: ClientRecord, go: Event): Blocking {
    const o = this.#o;
    const k = this.#k;
    yield* go.wait();
    let s: socket | null = null;
    try {
      const arrival = rec.index * (o.arrival ?? 0);
      if (arrival > 0) yield* sleep(Math.round(arrival * 1e6) / 1e6);
      yield* interp(CLIENT_LINES.start);
      s = yield* this.#connect();
      for (let n = 0; n < o.messages; n++) {
        const pause = rec.pauses[n] as number;
        if (pause > 0) yield* sleep(pause);
        const msg = message(rec.name, n, rec.sizes[n] as number);
        yield* interp(CLIENT_LINES.message + messageLines(rec.name, n, rec.sizes[n] as number));
        const want = upper(msg);
        const t0 = k.now;
        yield* s.sendall(msg);
        rec.bytesSent += msg.length;
        const parts: Uint8Array[] = [];
        let got = 0;
        while (got < want.length) {
          const d = yield* s.recv(want.length - got);
          if (d.length === 0) break;
          parts.push(d);
          got += d.length;
          rec.bytesReceived += d.length;
        }
        const reply = concatBytes(parts);
        if (got < want.length) {
          rec.errors.push(`${rec.name} message ${n}: the server hung up after ${got} of ${want.length} bytes`);
          return;
        }
        if (!sameBytes(reply, want)) {
          rec.errors.push(`${rec.name} message ${n}: sent ${excerpt(msg)}, got back ${excerpt(reply)}`);
        } else {
          rec.answered++;
          this.latencies.push(k.now - t0);
          this.#answered++;
          this.onReply(this.#answered);
        }
      }
      if (o.drain ?? true) {
        yield* s.shutdown(SHUT_WR);
        for (;;) {
          const d = yield* s.recv(BUFSIZE);
          if (d.length === 0) break;
          rec.bytesReceived += d.length;
          rec.errors.push(`${rec.name}: ${d.length} more bytes after its last reply: ${excerpt(d)}`);
        }
      }
      yield* interp(CLIENT_LINES.end);
    } catch (e) {
      const lost = rec.bytesSent - rec.bytesReceived;
      rec.errors.push(
        `${rec.name}: ${describe(e)} after ${rec.answered} of ${o.messages} replies${lost > 0 ? ` (${lost} bytes never came back)` : ''}`,
      );
    } finally {
      if (s !== null) yield* s.close();
      if (--this.#left === 0) {
        this.#endAt = k.now;
        this.finished.set();
      }
    }
  }

  /** Connects as the twin's clients do: `create_connection` with the timeout, or `socket()` then `connect()`. */
  *#connect(): Blocking<socket> {
    const o = this.#o;
    const address: Address = [HOST, o.port];
    if (o.connect !== 'socket') return yield* createConnection(address, o.timeout);
    const s = yield* newSocket();
    try {
      if (o.timeout !== null) yield* s.settimeout(o.timeout);
      yield* s.connect(address);
    } catch (e) {
      yield* s.close();
      throw e;
    }
    return s;
  }

  /** Waits until every client has ended. */
  *join(): Blocking {
    yield* this.finished.wait();
  }

  get answered(): number {
    return this.#answered;
  }

  summary(): LoadSummary {
    const errors: string[] = [];
    let failed = 0;
    let sent = 0;
    let received = 0;
    for (const r of this.records) {
      sent += r.bytesSent;
      received += r.bytesReceived;
      if (r.errors.length > 0) failed++;
      for (const e of r.errors) if (errors.length < 5) errors.push(e);
    }
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      clients: this.#o.clients,
      messages: this.#o.clients * this.#o.messages,
      answered: this.#answered,
      bytesSent: sent,
      bytesReceived: received,
      failedClients: failed,
      errors,
      elapsed: toSeconds(Math.max(0, this.#endAt - this.#goAt)),
      latencyMs: {
        p50: ms(percentile(sorted, 0.5)),
        p99: ms(percentile(sorted, 0.99)),
        max: ms(sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as number)),
      },
    };
  }
}

/**
 * Echo integrity, as a check of a load's summary: every message came back whole and
 * upper-cased to the client that sent it, in order, with no byte lost, duplicated or
 * delivered to another client.
 */
export function echoIntegrity(s: LoadSummary, label = ''): string | undefined {
  const who = label === '' ? '' : `${label}: `;
  if (s.errors.length > 0) return `${who}${s.failedClients} client(s) saw a broken echo; first: ${s.errors[0]}`;
  if (s.answered !== s.messages) return `${who}${s.answered} of ${s.messages} messages answered`;
  if (s.bytesReceived !== s.bytesSent) return `${who}${s.bytesSent} bytes sent but ${s.bytesReceived} received`;
  return undefined;
}

// ---- server-side gauges --------------------------------------------------------------------------

/** A server's resources at one moment, at the cost model's sizes (as models/net/memory.ts counts them). */
export interface ServerUsage {
  readonly threads: number;
  readonly greenlets: number;
  readonly tasks: number;
  readonly sockets: number;
  readonly bufferedBytes: number;
  /** Resident bytes of all of the above plus the process itself. */
  readonly bytes: number;
}

const ZERO_USAGE: ServerUsage = { threads: 0, greenlets: 0, tasks: 0, sockets: 0, bufferedBytes: 0, bytes: 0 };

/**
 * Measures the server process's threads, greenlets, asyncio tasks, sockets and queued
 * bytes, with the sizes of models/net/memory.ts, and keeps the peaks. The server registers
 * its listening socket and each connection it holds; everything in the clients' process is
 * left out. `runPeakBytes` is models/net's `memoryUsage()` for the whole run (clients too)
 * at the same moments.
 */
export class ServerGauge {
  listener: socket | null = null;
  readonly conns = new Set<socket>();
  peakThreads = 0;
  peak: ServerUsage = ZERO_USAGE;
  runPeakBytes = 0;
  readonly #k: Kernel;

  constructor(readonly proc = kernel('ServerGauge()').current?.process ?? kernel().mainProcess) {
    this.#k = kernel();
  }

  add(conn: socket): void {
    this.conns.add(conn);
  }

  remove(conn: socket): void {
    this.conns.delete(conn);
  }

  /** Measures now and keeps the peaks. */
  sample(): ServerUsage {
    const k = this.#k;
    let threads = 0;
    let greenlets = 0;
    const batons = new Set<Baton>();
    for (const f of k.allFibers()) {
      const b = f.baton;
      const isThread = b === null || !batons.has(b);
      if (b !== null) batons.add(b);
      if (f.state === 'done' || f.process !== this.proc) continue;
      if (isThread) threads++;
      else greenlets++;
    }
    let sockets = this.conns.size;
    let buffered = 0;
    for (const c of this.conns) buffered += c.endpoint.sendQ.length + c.endpoint.recvQ.length;
    const l = this.listener;
    if (l !== null && !l.closed) {
      sockets += 1 + l.endpoint.acceptQ.length + l.endpoint.synrecv.size;
      for (const c of l.endpoint.acceptQ) buffered += c.recvQ.length;
    }
    const tasks = liveTasks(k);
    const c = k.costs;
    const bytes =
      c.processBytes +
      threads * c.threadStackBytes +
      greenlets * c.greenletBytes +
      tasks * c.taskBytes +
      sockets * c.socketBytes +
      buffered;
    const u: ServerUsage = { threads, greenlets, tasks, sockets, bufferedBytes: buffered, bytes };
    if (threads > this.peakThreads) this.peakThreads = threads;
    if (bytes > this.peak.bytes) this.peak = u;
    const run = memoryUsage(k).bytes.total;
    if (run > this.runPeakBytes) this.runPeakBytes = run;
    return u;
  }

  /** Samples every `every` replies of `load`. */
  watch(load: EchoLoad, every: number): void {
    const step = Math.max(1, every);
    load.onReply = (n) => {
      if (n % step === 0) this.sample();
    };
  }
}

/**
 * CPU time of one process's threads from its construction to `stop()`: the process's share of
 * `kernel.cpu.busyTicks`, as the CPU model books it (`SimProcess.busyTicks`), traced or not.
 */
export class ProcessCpu {
  readonly #start: number;

  constructor(readonly proc = kernel('ProcessCpu()').current?.process ?? kernel().mainProcess) {
    this.#start = proc.busyTicks;
  }

  /** The process's CPU ticks since. */
  stop(): number {
    return this.proc.busyTicks - this.#start;
  }
}

// ---- the echo handler and the five servers ----------------------------------------------------------

/** Options every server takes. */
export interface ServeOptions {
  readonly port: number;
  /** Connections to serve before the server stops. */
  readonly connections: number;
  readonly backlog: number;
  readonly gauge: ServerGauge;
  /** Blocking work per request (a backend call), seconds; 0 for none. */
  readonly work?: number;
  /** How the handler waits for its backend (`time.sleep`, patched or not). */
  readonly sleep?: (seconds: number) => Iterable<unknown, void, unknown>;
  /** Called once the server listens (the load is released then). */
  readonly onListening?: () => void;
}

/**
 * The blocking handler of the thread and gevent servers: `while data := conn.recv(4096):
 * conn.sendall(data.upper())`, then close. A client that resets the connection ends it.
 */
export function* echoHandler(conn: socket, o: ServeOptions): Blocking {
  try {
    for (;;) {
      const data = yield* conn.recv(BUFSIZE);
      if (data.length === 0) break;
      if (o.work !== undefined && o.work > 0 && o.sleep !== undefined) yield* o.sleep(o.work);
      yield* interp(HANDLER_STATEMENTS);
      yield* conn.sendall(upper(data));
    }
  } catch (e) {
    if (!(e instanceof ConnectionError)) throw e;
  } finally {
    yield* conn.close();
    o.gauge.remove(conn);
  }
}

function listen(o: ServeOptions): socket {
  const srv = createServer([HOST, o.port], { backlog: o.backlog });
  o.gauge.listener = srv;
  o.onListening?.();
  return srv;
}

/** Thread per connection: an accept loop that starts a handler thread for each connection. */
export function* threadServer(o: ServeOptions): Blocking {
  const srv = listen(o);
  const handlers: Thread[] = [];
  for (let i = 0; i < o.connections; i++) {
    const [conn] = yield* srv.accept();
    o.gauge.add(conn);
    const t = new Thread({ name: `handler-${i + 1}`, target: () => echoHandler(conn, o) });
    yield* t.start();
    handlers.push(t);
  }
  o.gauge.sample();
  yield* srv.close();
  for (const t of handlers) yield* t.join();
}

/** gevent: a StreamServer of greenlets over (patched) sockets; `monkey.patchAll()` is the caller's. */
export function* geventServer(o: ServeOptions): Blocking {
  const srv = listen(o);
  const server = new StreamServer(srv, (conn) => echoHandler(conn, o), {
    maxConnections: o.connections,
    onAccept: (conn) => {
      o.gauge.add(conn);
      if (o.gauge.conns.size === o.connections) o.gauge.sample();
    },
  });
  server.start();
  yield* server.join();
  server.stop();
}

/** A connection of the single-threaded servers, with the reply bytes it still owes. */
interface Conn {
  readonly sock: socket;
  out: Uint8Array;
  open: boolean;
}

/** Sends what it can of `c.out` on a non-blocking socket; drops it if the peer is gone. */
function* flush(c: Conn): Blocking {
  while (c.out.length > 0) {
    let n: number;
    try {
      n = yield* c.sock.send(c.out);
    } catch (e) {
      if (e instanceof BlockingIOError) return;
      if (e instanceof ConnectionError) {
        c.out = EMPTY;
        return;
      }
      throw e;
    }
    c.out = n === c.out.length ? EMPTY : c.out.subarray(n);
  }
}

/** Accepts a connection on a non-blocking listener, made non-blocking and gauged; null if none waits. */
function* tryAccept(srv: socket, o: ServeOptions): Blocking<Conn | null> {
  let sock: socket;
  try {
    [sock] = yield* srv.accept();
  } catch (e) {
    if (e instanceof BlockingIOError) return null;
    throw e;
  }
  yield* sock.setblocking(false);
  o.gauge.add(sock);
  return { sock, out: EMPTY, open: true };
}

/** Reads once from a non-blocking socket: data, b'' at EOF (or reset), or null if it would block. */
function* readSome(c: Conn): Blocking<Uint8Array | null> {
  try {
    return yield* c.sock.recv(BUFSIZE);
  } catch (e) {
    if (e instanceof BlockingIOError) return null;
    if (e instanceof ConnectionError) return EMPTY;
    throw e;
  }
}

function append(c: Conn, data: Uint8Array): void {
  c.out = c.out.length === 0 ? data : concatBytes([c.out, data]);
}

function* hangUp(c: Conn, o: ServeOptions): Blocking {
  c.open = false;
  yield* c.sock.close();
  o.gauge.remove(c.sock);
}

/**
 * Non-blocking busy polling: one thread loops over the listener and every connection,
 * each call raising BlockingIOError when it has nothing, and never sleeps — so it burns
 * CPU (`socketCall` per call) whether or not anything happens.
 */
export function* pollingServer(o: ServeOptions): Blocking {
  const srv = listen(o);
  yield* srv.setblocking(false);
  let conns: Conn[] = [];
  let accepted = 0;
  let closed = 0;
  while (closed < o.connections) {
    while (accepted < o.connections) {
      const c = yield* tryAccept(srv, o);
      if (c === null) break;
      conns.push(c);
      if (++accepted === o.connections) o.gauge.sample();
    }
    let gone = false;
    for (const c of conns) {
      yield* flush(c);
      const data = yield* readSome(c);
      if (data === null) continue;
      if (data.length === 0) {
        yield* hangUp(c, o);
        closed++;
        gone = true;
        continue;
      }
      append(c, upper(data));
      yield* flush(c);
    }
    if (gone) conns = conns.filter((c) => c.open);
  }
  yield* srv.close();
}

/** select/epoll: one thread waits in `epoll.poll()` and serves only the sockets it reports. */
export function* epollServer(o: ServeOptions): Blocking {
  const srv = listen(o);
  yield* srv.setblocking(false);
  const ep = new epoll();
  yield* ep.register(srv, EPOLLIN);
  const conns = new Map<number, Conn>();
  let accepted = 0;
  let closed = 0;
  while (closed < o.connections) {
    const events = yield* ep.poll();
    for (const [fd, ev] of events) {
      if (fd === srv.fileno()) {
        for (;;) {
          const c = yield* tryAccept(srv, o);
          if (c === null) break;
          conns.set(c.sock.fileno(), c);
          yield* ep.register(c.sock, EPOLLIN);
          if (++accepted === o.connections) o.gauge.sample();
        }
        continue;
      }
      const c = conns.get(fd);
      if (c === undefined) continue;
      if ((ev & EPOLLOUT) !== 0) yield* flush(c);
      if ((ev & (EPOLLIN | EPOLLHUP | EPOLLERR)) !== 0) {
        const data = yield* readSome(c);
        if (data !== null && data.length === 0) {
          conns.delete(fd);
          yield* ep.unregister(c.sock);
          yield* hangUp(c, o);
          closed++;
          continue;
        }
        if (data !== null) {
          append(c, upper(data));
          yield* flush(c);
        }
      }
      yield* ep.modify(c.sock, c.out.length > 0 ? EPOLLIN | EPOLLOUT : EPOLLIN);
    }
  }
  ep.close();
  yield* srv.close();
}

/** asyncio: `start_server` with a handler coroutine per connection; `reader.read`, `writer.write` + `drain`. */
export function* asyncioServer(o: ServeOptions): Blocking {
  yield* asyncioRun(
    (function* () {
      const allClosed = getRunningLoop().createFuture<void>();
      let closed = 0;
      const handler = function* (reader: StreamReader, writer: StreamWriter): Blocking {
        const conn = writer.getExtraInfo('socket') as socket;
        o.gauge.add(conn);
        if (o.gauge.conns.size === o.connections) o.gauge.sample();
        try {
          for (;;) {
            const data = yield* reader.read(BUFSIZE);
            if (data.length === 0) break;
            writer.write(upper(data));
            yield* writer.drain();
          }
        } catch (e) {
          if (!(e instanceof ConnectionError)) throw e;
        } finally {
          writer.close();
          o.gauge.remove(conn);
          if (++closed === o.connections) allClosed.setResult(undefined);
        }
      };
      const server = yield* startServer(handler, HOST, o.port, { backlog: o.backlog });
      o.gauge.listener = server.sockets[0] ?? null;
      o.onListening?.();
      if (o.connections > 0) yield* allClosed;
      server.close();
      yield* server.waitClosed();
    })(),
  );
}
