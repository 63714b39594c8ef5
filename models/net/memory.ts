/**
 * Memory accounting for a run: what the simulated Python program would hold resident,
 * from the cost model's per-object sizes, so strategies can be compared at N clients
 * (a thread per connection against greenlets, tasks or one thread polling).
 *
 * Counted, each at its cost-model size:
 * - threads (`threadStackBytes`): live fibers that are OS threads. A fiber that belongs to
 *   a gevent hub's baton is a greenlet, except the first fiber to join that baton — the
 *   OS thread the hub runs in;
 * - greenlets (`greenletBytes`), including the hub's own loop greenlet;
 * - processes (`processBytes`): processes with a live thread;
 * - sockets (`socketBytes`): open sockets and connections waiting to be accepted;
 * - buffers: bytes queued in send and receive buffers, as allocated;
 * - asyncio tasks (`taskBytes`) not yet done.
 *
 * `memoryUsage()` measures now and records the peak; `peakMemory()` returns the largest
 * total measured so far in the run. The peak is over measurements, not continuous: a
 * scenario measures where its load peaks (after every client has connected, say).
 *
 * Not counted: the interpreter's other allocations (a Python object per message, the
 * event loop's dicts), TIME_WAIT entries, and data in flight on the network.
 */
import { type Baton, type Kernel, kernel, RunLocal, type SimProcess } from '../../engine/index.ts';
import { liveTasks } from '../asyncio/futures.ts';
import { networkOf } from './network.ts';

/** Resident memory in bytes, by what holds it, at the cost model's per-object sizes. */
export interface MemoryBreakdown {
  readonly threads: number;
  readonly greenlets: number;
  readonly processes: number;
  readonly sockets: number;
  readonly buffers: number;
  readonly tasks: number;
  readonly total: number;
}

/** A memory measurement: the time, the live objects counted, and their bytes (`MemoryBreakdown`). */
export interface MemoryUsage {
  /** Virtual time of the measurement, in ticks. */
  readonly time: number;
  readonly threads: number;
  readonly greenlets: number;
  readonly processes: number;
  readonly sockets: number;
  readonly tasks: number;
  readonly bufferedBytes: number;
  /** Bytes per kind, and in total. */
  readonly bytes: MemoryBreakdown;
}

const PEAK = new RunLocal<{ usage: MemoryUsage | null }>(() => ({ usage: null }));

/** Measures the run's memory now (and updates its recorded peak). */
export function memoryUsage(k: Kernel = kernel('memoryUsage()')): MemoryUsage {
  let threads = 0;
  let greenlets = 0;
  const hubThreads = new Set<Baton>();
  const procs = new Set<SimProcess>();
  for (const f of k.allFibers()) {
    const b = f.baton;
    const isThread = b === null || !hubThreads.has(b);
    if (b !== null) hubThreads.add(b);
    if (f.state === 'done') continue;
    if (isThread) threads++;
    else greenlets++;
    if (f.process.alive) procs.add(f.process);
  }
  const net = networkOf(k);
  const sockets = net?.sockets ?? 0;
  const buffered = net?.bufferedBytes ?? 0;
  const tasks = liveTasks(k);
  const c = k.costs;
  const bytes = {
    threads: threads * c.threadStackBytes,
    greenlets: greenlets * c.greenletBytes,
    processes: procs.size * c.processBytes,
    sockets: sockets * c.socketBytes,
    buffers: buffered,
    tasks: tasks * c.taskBytes,
    total: 0,
  };
  bytes.total = bytes.threads + bytes.greenlets + bytes.processes + bytes.sockets + bytes.buffers + bytes.tasks;
  const u: MemoryUsage = {
    time: k.now,
    threads,
    greenlets,
    processes: procs.size,
    sockets,
    tasks,
    bufferedBytes: buffered,
    bytes,
  };
  const peak = k.local(PEAK);
  if (peak.usage === null || u.bytes.total > peak.usage.bytes.total) peak.usage = u;
  return u;
}

/** The largest measurement of the run so far (measuring now first). */
export function peakMemory(k: Kernel = kernel('peakMemory()')): MemoryUsage {
  memoryUsage(k);
  return k.local(PEAK).usage as MemoryUsage;
}
