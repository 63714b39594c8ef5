/**
 * Memory per suspended simulated thread, measured as the yardstick's mem_bench measures
 * it: a full GC before and after parking N threads in a live simulation, then the
 * difference in heap (used + external + array buffers) and in resident set size, per
 * thread. Needs `node --expose-gc`.
 *
 * Modes:
 * - `thread`: a `threading.Thread` parked in `time.sleep` on a long timeout, the
 *   counterpart of the yardstick's `gen-timeout` (a process with a counter and an id);
 * - `thread-event`: a `Thread` parked in `Event.wait()` on one shared, never-set Event
 *   (the yardstick's `gen-event`); each such wait holds a Condition waiter lock;
 * - `fiber`: a bare kernel fiber parked in `sleepTicks` (what the kernel alone costs);
 * - `thread-done`: a `Thread` that has run to its end and that the program has let go of:
 *   what a finished thread leaves behind in a live simulation (in CPython, nothing).
 *
 * The run stops once every thread has parked (by its time budget, or as a deadlock when
 * all wait on the Event), so the kernel,
 * its queue and every suspended generator stay live while memory is measured. The
 * strategy picks the last runnable fiber: the order in which threads park does not change
 * what they hold, and it spares the spawn phase the run queue's O(n) removal from the
 * front (see the benchmark notes).
 */
import type { Blocking } from '../../engine/index.ts';
import { Kernel, type Strategy, sleepTicks } from '../../engine/index.ts';
import { Event } from '../../models/threading/event.ts';
import { Thread } from '../../models/threading/thread.ts';
import { sleep } from '../../models/time.ts';

export type MemoryMode = 'thread' | 'thread-event' | 'fiber' | 'thread-done';
export const MEMORY_MODES: readonly MemoryMode[] = ['thread', 'thread-event', 'fiber', 'thread-done'];

export interface MemoryResult {
  readonly mode: MemoryMode;
  readonly n: number;
  readonly parked: number;
  readonly heapBytesPerThread: number;
  readonly rssBytesPerThread: number;
  readonly rssPeakMiB: number;
}

interface Snap {
  readonly heap: number;
  readonly rss: number;
}

function snap(): Snap {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the memory benchmark needs node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

const lastFirst: Strategy = { name: 'replay', onSpawn() {}, pick: (r) => r.length - 1 };

/** The main thread of the `thread` and `thread-event` modes: starts `n` parked threads. */
function* startThreads(mode: MemoryMode, n: number): Blocking {
  if (mode === 'thread') {
    const body = function* (id: number) {
      let count = 0;
      for (;;) {
        count++;
        yield* sleep(1e9 + id + count);
      }
    };
    for (let i = 0; i < n; i++) yield* new Thread({ target: body, args: [i], daemon: false }).start();
  } else if (mode === 'thread-done') {
    const body = function* () {
      yield* sleep(0);
    };
    for (let i = 0; i < n; i++) yield* new Thread({ target: body }).start();
  } else {
    const ev = new Event();
    const body = function* (id: number) {
      let count = id;
      for (;;) {
        count++;
        if (count < 0) return;
        yield* ev.wait();
      }
    };
    for (let i = 0; i < n; i++) yield* new Thread({ target: body, args: [i], daemon: false }).start();
  }
}

/** Parks `n` simulated threads and measures what they hold. */
export function measureMemory(mode: MemoryMode, n: number): MemoryResult {
  const before = snap();
  const k = new Kernel({ strategy: lastFirst, seed: 1, maxTime: 1 });
  k.within(() => {
    if (mode === 'fiber') {
      const body = function* (id: number) {
        let count = 0;
        for (;;) {
          count++;
          yield* sleepTicks(1e15 + id + count);
        }
      };
      for (let i = 0; i < n; i++) k.spawn(body(i));
    } else {
      // Threads are started by a thread, since start() waits for each to begin.
      k.spawn(startThreads(mode, n));
    }
  });
  const verdict = k.run();
  // Sleepers are stopped by the time budget; Event waiters, with nothing left to happen,
  // end the run as a deadlock. Either way every thread is parked. Finished threads end it.
  const expected = mode === 'thread-event' ? 'deadlock' : mode === 'thread-done' ? 'ok' : 'budget';
  if (verdict.kind !== expected) throw new Error(`memory: expected a ${expected} verdict, got ${verdict.kind}`);
  const parked =
    mode === 'thread-done'
      ? k.fiberNames().length - 1 - k.allFibers().length // the threads, not their starter
      : k.allFibers().filter((f) => f.state === 'sleeping' || f.state === 'blocked').length;
  const after = snap();
  if (parked !== n) throw new Error(`memory: ${parked} of ${n} threads parked`);
  const keep = [k];
  const res: MemoryResult = {
    mode,
    n,
    parked,
    heapBytesPerThread: (after.heap - before.heap) / n,
    rssBytesPerThread: (after.rss - before.rss) / n,
    rssPeakMiB: process.resourceUsage().maxRSS / 1024,
  };
  keep.length = 0;
  return res;
}
