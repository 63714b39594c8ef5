/**
 * The typed trace stream: every step of a run can emit a record (time, thread, kind,
 * object, data). Monitors, the text log, metrics and exporters all subscribe to the same
 * stream; with no subscriber the kernel does not build records at all.
 */

/** Kinds the kernel itself emits. */
export type EngineTraceKind =
  | 'spawn' // a fiber was created (data: name, process, daemon)
  | 'run' // the strategy picked a fiber and resumed it
  | 'finish' // a fiber returned
  | 'error' // an exception escaped a fiber
  | 'block' // a fiber blocked on a wait queue (obj: the queue)
  | 'wake' // a fiber was woken from a wait queue (data: by)
  | 'timeout' // a blocked fiber's timeout expired
  | 'sleep' // a fiber went to sleep (data: until)
  | 'interrupt' // an error was injected into a fiber, thrown at its next resume (data: by, error)
  | 'cpu.wait' // a fiber waits for the GIL or a core
  | 'cpu.run' // a fiber started a CPU slice (data: until)
  | 'cpu.switch' // the GIL was taken from a fiber after its switch interval
  | 'cpu.done' // a fiber finished its CPU work
  | 'violation'; // a monitor reported a broken invariant

/**
 * Kinds the models emit, dotted by topic. One list for the models that emit them and for
 * what reads them (the timeline builder, monitors, the DFS's footprint of a step), so a
 * misspelt kind is a type error on either side.
 */
export type ModelTraceKind =
  // threading: locks, conditions, events, semaphores, barriers, threads, timers (obj: the object)
  | 'lock.acquire'
  | 'lock.release'
  | 'condition.wait'
  | 'condition.notify'
  | 'event.set'
  | 'event.clear'
  | 'event.wait'
  | 'event.return'
  | 'semaphore.acquire'
  | 'semaphore.release'
  | 'barrier.wait'
  | 'barrier.trip'
  | 'barrier.break'
  | 'barrier.reset'
  | 'thread.start'
  | 'thread.excepthook'
  | 'timer.fire'
  | 'timer.cancel'
  | 'queue.put'
  | 'queue.get'
  | 'queue.feeder-error'
  // concurrent.futures
  | 'future.running'
  | 'future.result'
  | 'future.exception'
  | 'future.cancel'
  | 'future.cancel-notified'
  | 'future.add-callback'
  | 'future.callback'
  | 'future.callback-error'
  | 'future.log'
  | 'executor.submit'
  | 'executor.worker'
  | 'executor.idle'
  | 'executor.shutdown'
  | 'executor.broken'
  | 'executor.python-exit'
  // multiprocessing: processes, pools, pipes
  | 'process.start'
  | 'process.exit'
  | 'process.error'
  | 'process.stderr'
  | 'process.terminate'
  | 'process.kill'
  | 'pool.start'
  | 'pool.close'
  | 'pool.terminate'
  | 'pipe.send'
  | 'pipe.recv'
  | 'pipe.close'
  // generator coroutines
  | 'coroutine.spawn'
  | 'coroutine.step'
  | 'coroutine.exit'
  // gevent
  | 'greenlet.spawn'
  | 'greenlet.kill'
  | 'greenlet.finish'
  | 'gevent.hub'
  | 'gevent.error'
  | 'gevent.timeout'
  | 'gevent.patch-all'
  // sockets, TCP and polling
  | 'net.socket'
  | 'net.bind'
  | 'net.listen'
  | 'net.connect'
  | 'net.syn'
  | 'net.syn.overflow'
  | 'net.established'
  | 'net.connected'
  | 'net.accept'
  | 'net.send'
  | 'net.recv'
  | 'net.data'
  | 'net.fin'
  | 'net.shutdown'
  | 'net.close'
  | 'net.refused'
  | 'net.reset'
  | 'net.abort-on-data'
  | 'select.select'
  | 'epoll.poll'
  // asyncio
  | 'asyncio.error'
  // the Python front end: a blocking call a program made (obj: the call and its line)
  | 'py.call'
  // a scenario's `ctx.log(message)`
  | 'scenario.log';

/** What the kernel and the models emit. */
export type TraceKind = EngineTraceKind | ModelTraceKind;

/** A scenario's own event kind (`mark('task.start', ...)`): any dotted name. */
export type MarkKind = `${string}.${string}`;

/** A trace record's data: flat JSON values. */
export type TraceData = Readonly<Record<string, string | number | boolean | null>>;

/** One step of the trace: virtual time, step number, fiber, kind, object and data. */
export interface TraceRecord {
  /** Virtual time in ticks. */
  readonly time: number;
  /** Kernel step (number of fiber resumptions so far). */
  readonly step: number;
  /** Id of the fiber the record is about, or 0 for the kernel itself. */
  readonly fiber: number;
  readonly kind: TraceKind | MarkKind;
  /** Label of the object involved (`Lock-2`, `Event-1`), if any. */
  readonly obj: string | null;
  readonly data: TraceData | null;
}

/** Receives every trace record as it is emitted (monitors, exporters, metrics). */
export type TraceListener = (record: TraceRecord) => void;

/**
 * A stable 64-bit hash of a trace, as 16 hex digits: two FNV-1a lanes over a canonical
 * text form of each record — `time|fiber|kind|obj|data` and a newline, with `data` as
 * `stableJson` prints it. Equal traces give equal hashes on every machine.
 *
 * The text is never built: the listener feeds each piece's characters to the two lanes
 * directly (integers digit by digit), and keeps, per record kind, the sorted order and
 * the printed keys of the data shapes it has seen, so a record costs no allocation and no
 * sort. The digest is exactly that of `update` over the text.
 */
export class TraceHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  count = 0;
  /** Data shapes seen so far, by record kind. */
  private readonly shapes = new Map<string, DataShape[]>();
  private readonly digits = new Uint8Array(16);

  readonly listener: TraceListener = (r) => {
    this.int(r.time);
    this.char(PIPE);
    this.int(r.fiber);
    this.char(PIPE);
    this.text(r.kind);
    this.char(PIPE);
    if (r.obj !== null) this.text(r.obj);
    this.char(PIPE);
    if (r.data !== null) this.data(r.kind, r.data);
    this.char(NEWLINE);
    this.count++;
  };

  /** Hashes `text` as one record's canonical form. */
  update(text: string): void {
    this.text(text);
    this.count++;
  }

  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  private char(c: number): void {
    this.h1 = Math.imul(this.h1 ^ c, 0x01000193);
    const h2 = Math.imul(this.h2 ^ c, 0x5bd1e995);
    this.h2 = h2 ^ (h2 >>> 15);
  }

  private text(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** A number as `${x}` prints it. */
  private int(x: number): void {
    if (x >= 0 && x <= Number.MAX_SAFE_INTEGER && Math.floor(x) === x) this.digitsOf(x);
    else this.text(String(x));
  }

  /** The decimal digits of `x`, a safe non-negative integer (the caller checks). */
  private digitsOf(x: number): void {
    const d = this.digits;
    let n = 0;
    if (x >= 0x40000000) {
      // The nine low digits, then the rest, each in small-integer arithmetic.
      const hi = Math.floor(x / 1e9);
      let lo = x - hi * 1e9;
      for (let i = 0; i < 9; i++) {
        const q = (lo / 10) | 0;
        d[n++] = 48 + lo - 10 * q;
        lo = q;
      }
      x = hi;
    }
    do {
      const q = (x / 10) | 0;
      d[n++] = 48 + x - 10 * q;
      x = q;
    } while (x > 0);
    let h1 = this.h1;
    let h2 = this.h2;
    while (n > 0) {
      const c = d[--n] as number;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** `stableJson(data)`. */
  private data(kind: string, data: TraceData): void {
    const { order, printed } = this.shape(kind, data);
    if (order.length === 0) {
      this.text('{}');
      return;
    }
    for (let i = 0; i < order.length; i++) {
      this.text(printed[i] as string);
      this.value(data[order[i] as string]);
    }
    this.char(CLOSE);
  }

  /** The shape of `data`: cached per kind, added on first sight. */
  private shape(kind: string, data: TraceData): DataShape {
    let list = this.shapes.get(kind);
    if (list === undefined) {
      list = [];
      this.shapes.set(kind, list);
    }
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as DataShape;
      if (hasKeys(data, s.keys)) return s;
    }
    const keys = Object.keys(data);
    const order = [...keys].sort();
    const s: DataShape = {
      keys,
      order,
      printed: order.map((k, i) => `${i ? ',' : '{'}${JSON.stringify(k)}:`),
    };
    // An object with inherited enumerable keys would never match: print it uncached.
    if (hasKeys(data, keys) && list.length < 64) list.push(s);
    return s;
  }

  /** A value as `JSON.stringify` prints it. */
  private value(v: unknown): void {
    if (typeof v === 'number') {
      if (v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v) this.digitsOf(v);
      else this.text(`${JSON.stringify(v)}`);
    } else if (typeof v === 'string' && plainJsonString(v)) {
      this.char(QUOTE);
      this.text(v);
      this.char(QUOTE);
    } else if (v === true) {
      this.text('true');
    } else if (v === false) {
      this.text('false');
    } else if (v === null) {
      this.text('null');
    } else {
      this.text(`${JSON.stringify(v)}`);
    }
  }
}

const PIPE = 124;
const NEWLINE = 10;
const QUOTE = 34;
const CLOSE = 125;

interface DataShape {
  /** Keys in the order `Object.keys` gave them. */
  readonly keys: readonly string[];
  /** Sorted, as `stableJson` prints them. */
  readonly order: readonly string[];
  /** `{"key":` for the first, `,"key":` for the others. */
  readonly printed: readonly string[];
}

/** Whether `data`'s enumerable keys are `keys`, in that order (no allocation, unlike Object.keys). */
function hasKeys(data: TraceData, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in data) {
    if (keys[i] !== k) return false;
    i++;
  }
  return i === keys.length;
}

/** Whether `JSON.stringify(s)` is `s` in quotes: no quote, backslash, control or surrogate. */
function plainJsonString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** JSON with keys in sorted order, so that equal data hash equally. */
export function stableJson(data: TraceData): string {
  const keys = Object.keys(data).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(data[k])}`;
  }
  return `${out}}`;
}

/** Keeps the last `capacity` records, for the tail printed with a failed invariant. */
export class TraceTail {
  private readonly buf: TraceRecord[] = [];
  private next = 0;
  constructor(readonly capacity = 20) {}

  readonly listener: TraceListener = (r) => {
    if (this.buf.length < this.capacity) this.buf.push(r);
    else this.buf[this.next] = r;
    this.next = (this.next + 1) % this.capacity;
  };

  records(): TraceRecord[] {
    if (this.buf.length < this.capacity) return this.buf.slice();
    return [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
  }
}
