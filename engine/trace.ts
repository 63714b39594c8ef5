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

/** Model-level kinds are dotted: `lock.acquire`, `event.set`, `timer.fire`. */
export type TraceKind = EngineTraceKind | `${string}.${string}`;

export type TraceData = Readonly<Record<string, string | number | boolean | null>>;

export interface TraceRecord {
  /** Virtual time in ticks. */
  readonly time: number;
  /** Kernel step (number of fiber resumptions so far). */
  readonly step: number;
  /** Id of the fiber the record is about, or 0 for the kernel itself. */
  readonly fiber: number;
  readonly kind: TraceKind;
  /** Label of the object involved (`Lock-2`, `Event-1`), if any. */
  readonly obj: string | null;
  readonly data: TraceData | null;
}

export type TraceListener = (record: TraceRecord) => void;

/**
 * A stable 64-bit hash of a trace, as 16 hex digits: two FNV-1a lanes over a canonical
 * text form of each record. Equal traces give equal hashes on every machine.
 */
export class TraceHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  count = 0;

  readonly listener: TraceListener = (r) => {
    this.update(`${r.time}|${r.fiber}|${r.kind}|${r.obj ?? ''}|${r.data === null ? '' : stableJson(r.data)}\n`);
  };

  update(text: string): void {
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
    this.count++;
  }

  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
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
