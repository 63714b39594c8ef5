/**
 * `multiprocessing.Pipe` and `Connection`, and `multiprocessing.connection.wait`, after
 * CPython 3.11's `Lib/multiprocessing/connection.py`.
 *
 * A pipe is one channel per direction. `send` pickles in the sending thread (CPU time at
 * the cost model's rate, PicklingError as Python raises it) and writes the bytes; they
 * become readable `costs.ipcMessage` ticks later (a kernel timer), in order. `recv` waits
 * for a message, unpickles it in the receiving thread (CPU time) and returns a fresh
 * copy; once the other end is closed and everything it sent has been read, it raises
 * EOFError. `poll(timeout)` says whether a message (or the end of the stream) is there,
 * waiting up to `timeout` seconds (0 by default; null waits for ever). Sending to an end
 * whose peer is closed raises BrokenPipeError; using a closed handle raises
 * `OSError('handle is closed')`, and the wrong direction of a one-way pipe
 * `OSError('connection is write-only')`/`('connection is read-only')`.
 *
 * Connections cross to other processes by reference (Python duplicates the descriptor):
 * pass them to a Process, send them through a Queue.
 *
 * Differs from CPython, on purpose:
 * - A pipe has no capacity limit: `send` never blocks waiting for the reader.
 * - `send`, `recv` and `poll` return Ops (`yield*`), as everything that takes virtual
 *   time does; `send` and `recv` pay for pickling, which Python's calls do on the spot.
 * - An end is one handle shared by every process, not a descriptor per process: only
 *   `close()` closes it, never a process's exit, so a reader sees EOF only when the other
 *   end's object is closed (no need to close unused copies after a fork, as Python needs).
 * - No `send_bytes`/`recv_bytes`/`fileno`.
 */
import type { Blocking } from '../../engine/index.ts';
import { block, kernel, type Op, op, toTicks, WaitQueue } from '../../engine/index.ts';
import { dumps, loads, type Pickled, REDUCE } from '../pickle.ts';
import { checkTimeoutType, type Timeout } from '../threading/timeout.ts';
import { BrokenPipeError, EOFError, OSError } from './errors.ts';
import { Sentinel } from './process.ts';

/** Methods `wait` uses on what it watches (internal to the package). */
export const READY: unique symbol = Symbol('concsim.mp.ready');
export const WATCH: unique symbol = Symbol('concsim.mp.watch');
export const UNWATCH: unique symbol = Symbol('concsim.mp.unwatch');

/** Something `wait` can wait on. */
export interface Waitable {
  [READY](): boolean;
  [WATCH](wq: WaitQueue): void;
  [UNWATCH](wq: WaitQueue): void;
}

interface Message {
  readonly data: Pickled;
  arrived: boolean;
}

/** One direction of a pipe. */
class Channel {
  readonly messages: Message[] = [];
  /** The sending end is closed: once `messages` is empty, the reader sees EOF. */
  writerClosed = false;
  /** The receiving end is closed: a send raises BrokenPipeError. */
  readerClosed = false;
  /** Wait queues of threads waiting for something to read (recv, poll, wait). */
  readonly watchers = new Set<WaitQueue>();

  /** A message or the end of the stream is there to read now. */
  readable(): boolean {
    return this.messages[0]?.arrived === true || (this.writerClosed && this.messages.length === 0);
  }

  notify(): void {
    const k = kernel();
    for (const wq of [...this.watchers]) k.wakeAll(wq);
  }
}

/**
 * One end of a `multiprocessing.Pipe()`: `send`, `recv` (blocking), `poll` and `close`; objects are
 * pickled at the cost model's price.
 */
export class Connection implements Waitable {
  readonly label: string;
  #closed = false;
  /** @param incoming what this end reads (null: write-only); @param outgoing what it writes. */
  constructor(
    readonly incoming: Channel | null,
    readonly outgoing: Channel | null,
    label: string,
  ) {
    this.label = label;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get readable(): boolean {
    return this.incoming !== null;
  }

  get writable(): boolean {
    return this.outgoing !== null;
  }

  /** Pickles `obj` in this thread and sends it; the other end can read it `ipcMessage` ticks later. */
  send(obj: unknown): Op<void> {
    this.#checkWritable();
    return op('Connection.send()', this.#send(obj));
  }

  *#send(obj: unknown): Blocking {
    const p = yield* dumps(obj);
    sendPickled(this, p);
  }

  /** Waits for a message and returns it unpickled; EOFError once the other end is closed and drained. */
  recv(): Op<unknown> {
    this.#checkReadable();
    return op('Connection.recv()', this.#recv());
  }

  *#recv(): Blocking<unknown> {
    const p = yield* recvPickled(this);
    return yield* loads(p);
  }

  /**
   * Whether there is anything to read (a message, or the end of the stream), waiting up
   * to `timeout` seconds for it: 0 (the default) polls, null waits for ever.
   */
  poll(timeout: Timeout = 0): Op<boolean> {
    this.#checkReadable();
    checkTimeoutType(timeout);
    return op(
      'Connection.poll()',
      (function* (c: Connection) {
        return (yield* waitGen([c], timeout)).length > 0;
      })(this),
    );
  }

  /** Closes this end: the peer's reads see EOF once drained, and its sends fail. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const k = kernel('Connection.close()');
    k.emit('pipe.close', this.label);
    if (this.outgoing !== null) {
      this.outgoing.writerClosed = true;
      this.outgoing.notify();
    }
    if (this.incoming !== null) {
      this.incoming.readerClosed = true;
      this.incoming.messages.length = 0;
    }
  }

  /** A handle crosses to another process by reference. */
  [REDUCE](): unknown {
    return this;
  }

  [READY](): boolean {
    this.#checkReadable();
    return (this.incoming as Channel).readable();
  }

  [WATCH](wq: WaitQueue): void {
    this.incoming?.watchers.add(wq);
  }

  [UNWATCH](wq: WaitQueue): void {
    this.incoming?.watchers.delete(wq);
  }

  /** Python's `_check_closed` and `_check_readable` (internal to the package). */
  checkReadable(): void {
    this.#checkReadable();
  }

  #checkReadable(): void {
    if (this.#closed) throw new OSError('handle is closed');
    if (this.incoming === null) throw new OSError('connection is write-only');
  }

  /** Python's `_check_closed` and `_check_writable` (internal to the package). */
  checkWritable(): void {
    this.#checkWritable();
  }

  #checkWritable(): void {
    if (this.#closed) throw new OSError('handle is closed');
    if (this.outgoing === null) throw new OSError('connection is read-only');
  }

  toString(): string {
    return `<multiprocessing.connection.Connection ${this.label}>`;
  }
}

/** `send_bytes` of what is already pickled: readable `ipcMessage` ticks later (internal). */
export function sendPickled(c: Connection, data: Pickled): void {
  c.checkWritable();
  const ch = c.outgoing as Channel;
  const k = kernel('Connection.send()');
  if (ch.readerClosed) throw new BrokenPipeError();
  const m: Message = { data, arrived: false };
  ch.messages.push(m);
  if (k.tracing) k.emit('pipe.send', c.label, { bytes: data.bytes });
  k.schedule(k.now + Math.round(k.costs.ipcMessage), () => {
    m.arrived = true;
    ch.notify();
  });
}

/** `recv_bytes`: waits for the next message and takes it, still pickled (internal). */
export function recvPickled(c: Connection): Op<Pickled> {
  c.checkReadable();
  return op('Connection.recv()', recvGen(c));
}

function* recvGen(c: Connection): Blocking<Pickled> {
  const k = kernel();
  const ch = c.incoming as Channel;
  for (;;) {
    const m = ch.messages[0];
    if (m?.arrived) {
      ch.messages.shift();
      if (k.tracing) k.emit('pipe.recv', c.label, { bytes: m.data.bytes });
      return m.data;
    }
    if (ch.writerClosed && ch.messages.length === 0) throw new EOFError();
    yield* waitGen([c], null);
    c.checkReadable(); // closed by another thread meanwhile
  }
}

/**
 * `multiprocessing.Pipe(duplex=True)`: two connected ends. With `duplex=false` the first
 * can only receive and the second only send.
 */
export function Pipe(duplex = true): [Connection, Connection] {
  const label = kernel('Pipe()').label('Pipe');
  if (duplex) {
    const ab = new Channel();
    const ba = new Channel();
    return [new Connection(ba, ab, `${label}[0]`), new Connection(ab, ba, `${label}[1]`)];
  }
  const ch = new Channel();
  return [new Connection(ch, null, `${label}[0]`), new Connection(null, ch, `${label}[1]`)];
}

function isWaitable(x: unknown): x is Waitable {
  return x !== null && typeof x === 'object' && READY in x;
}

function readyNow(x: Waitable | Sentinel): boolean {
  return x instanceof Sentinel ? !x.sim.alive : x[READY]();
}

function* waitGen<T extends Waitable | Sentinel>(objects: readonly T[], timeout: Timeout): Blocking<T[]> {
  const k = kernel();
  let ready = objects.filter(readyNow);
  if (ready.length > 0) return ready;
  const ticks = timeout === null || timeout === undefined ? null : toTicks(Math.max(timeout, 0));
  if (ticks === 0) return ready;
  const deadline = ticks === null ? null : k.now + ticks;
  const wq = new WaitQueue('wait');
  const onExit = () => k.wakeAll(wq);
  for (const x of objects) {
    if (x instanceof Sentinel) x.sim.onExit.push(onExit);
    else x[WATCH](wq);
  }
  try {
    for (;;) {
      const woken = yield* block(wq, deadline === null ? null : deadline - k.now);
      ready = objects.filter(readyNow);
      if (ready.length > 0 || !woken) return ready;
    }
  } finally {
    for (const x of objects) {
      if (x instanceof Sentinel) {
        const i = x.sim.onExit.indexOf(onExit);
        if (i >= 0) x.sim.onExit.splice(i, 1);
      } else x[UNWATCH](wq);
    }
  }
}

/**
 * `multiprocessing.connection.wait(object_list, timeout)`: waits until at least one of
 * the connections has something to read or one of the process sentinels has ended, or
 * `timeout` seconds pass; returns those that are ready (empty after a timeout).
 */
export function wait<T extends Connection | Sentinel | Waitable>(
  objects: readonly T[],
  timeout: Timeout = null,
): Op<T[]> {
  checkTimeoutType(timeout);
  for (const x of objects) {
    if (!(x instanceof Sentinel) && !isWaitable(x))
      throw new TypeError('wait() expects connections and process sentinels');
    if (x instanceof Connection) x.checkReadable();
  }
  return op('wait()', waitGen(objects, timeout));
}
