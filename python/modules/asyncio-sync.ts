/**
 * asyncio's Event, Lock, Semaphore, BoundedSemaphore and Queue (with QueueEmpty and
 * QueueFull), written as CPython 3.11's `locks.py` and `queues.py` write them, on the
 * models' event-loop futures: a waiter is a Future of the running loop, set by whoever
 * frees what it waits for, so waking goes through the loop's callbacks as in CPython.
 * The models have no asyncio synchronization objects; these are the binding's own.
 *
 * Differs from CPython: no PriorityQueue/LifoQueue; cancelling a waiter does
 * not hand a freed lock on to the next one (CPython's `_wake_up_first` after cancellation).
 */
import type { Blocking } from '../../engine/index.ts';
import * as aio from '../../models/asyncio/index.ts';
import { def } from '../runtime/methods.ts';
import type { PyModule } from '../runtime/objects.ts';
import { Exception, pyErr, runtimeError, setPyType, valueError } from '../runtime/types.ts';
import { PyCoroutine } from './coroutine.ts';
import { mkType, setMake } from './registry.ts';

type Fut = aio.Future<unknown>;
function newWaiter(): Fut {
  return aio.getRunningLoop().createFuture();
}
function coro(g: Blocking<unknown>, name: string): PyCoroutine {
  return new PyCoroutine(g, name, name);
}
function wakeFirst(ws: Fut[], v: unknown = true): void {
  for (const w of ws) {
    if (!w.done()) {
      w.setResult(v);
      return;
    }
  }
}

class AEvent {
  value = false;
  readonly waiters: Fut[] = [];
  set(): void {
    if (this.value) return;
    this.value = true;
    for (const w of this.waiters) if (!w.done()) w.setResult(true);
  }
  *wait(): Blocking<unknown> {
    if (this.value) return true;
    const f = newWaiter();
    this.waiters.push(f);
    try {
      yield* f;
      return true;
    } finally {
      this.waiters.splice(this.waiters.indexOf(f), 1);
    }
  }
}

class ASemaphore {
  readonly waiters: Fut[] = [];
  constructor(
    public value: number,
    readonly bound: number | null,
  ) {}
  locked(): boolean {
    return this.value === 0 || this.waiters.some((w) => !w.cancelled());
  }
  *acquire(): Blocking<unknown> {
    if (!this.locked()) {
      this.value--;
      return true;
    }
    const f = newWaiter();
    this.waiters.push(f);
    try {
      yield* f;
    } finally {
      this.waiters.splice(this.waiters.indexOf(f), 1);
    }
    this.value--;
    return true;
  }
  release(): void {
    if (this.bound !== null && this.value >= this.bound) throw valueError('BoundedSemaphore released too many times');
    this.value++;
    wakeFirst(this.waiters);
  }
}

class ALock extends ASemaphore {
  constructor() {
    super(1, null);
  }
  override release(): void {
    if (this.value >= 1) throw runtimeError('Lock is not acquired.');
    super.release();
  }
}

export const QueueEmptyAio = mkType('QueueEmpty', 'asyncio.queues', Exception);
export const QueueFullAio = mkType('QueueFull', 'asyncio.queues', Exception);

class AQueue {
  readonly items: unknown[] = [];
  readonly getters: Fut[] = [];
  readonly putters: Fut[] = [];
  unfinished = 0;
  readonly finished = new AEvent();
  constructor(readonly maxsize: number) {
    this.finished.set();
  }
  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }
  putNowait(item: unknown): void {
    if (this.full()) throw pyErr(QueueFullAio);
    this.items.push(item);
    this.unfinished++;
    this.finished.value = false;
    wakeFirst(this.getters, null);
  }
  getNowait(): unknown {
    if (this.items.length === 0) throw pyErr(QueueEmptyAio);
    const v = this.items.shift();
    wakeFirst(this.putters, null);
    return v;
  }
  *put(item: unknown): Blocking<unknown> {
    while (this.full()) {
      const f = newWaiter();
      this.putters.push(f);
      try {
        yield* f;
      } finally {
        this.putters.splice(this.putters.indexOf(f), 1);
      }
    }
    this.putNowait(item);
    return null;
  }
  *get(): Blocking<unknown> {
    while (this.items.length === 0) {
      const f = newWaiter();
      this.getters.push(f);
      try {
        yield* f;
      } finally {
        this.getters.splice(this.getters.indexOf(f), 1);
      }
    }
    return this.getNowait();
  }
  taskDone(): void {
    if (this.unfinished <= 0) throw valueError('task_done() called too many times');
    this.unfinished--;
    if (this.unfinished === 0) this.finished.set();
  }
}

const eventType = mkType('Event', 'asyncio.locks');
const semType = mkType('Semaphore', 'asyncio.locks');
const bsemType = mkType('BoundedSemaphore', 'asyncio.locks', semType);
const lockType = mkType('Lock', 'asyncio.locks');
const queueType = mkType('Queue', 'asyncio.queues');
setPyType(AEvent.prototype, eventType);
setPyType(ASemaphore.prototype, semType);
setPyType(ALock.prototype, lockType);
setPyType(AQueue.prototype, queueType);
setMake(eventType, () => new AEvent());
setMake(lockType, () => new ALock());
setMake(semType, (_c, a, kw) => {
  const v = Number(a[0] ?? kw?.get('value') ?? 1);
  if (v < 0) throw valueError('Semaphore initial value must be >= 0');
  return new ASemaphore(v, null);
});
setMake(bsemType, (_c, a, kw) => {
  const v = Number(a[0] ?? kw?.get('value') ?? 1);
  const s = new ASemaphore(v, v);
  Object.defineProperty(s, Symbol.for('pyType'), { value: bsemType });
  return s;
});
setMake(queueType, (_c, a, kw) => new AQueue(Number(a[0] ?? kw?.get('maxsize') ?? 0)));

def(eventType, 'set', (e: AEvent) => {
  e.set();
  return null;
});
def(eventType, 'clear', (e: AEvent) => {
  e.value = false;
  return null;
});
def(eventType, 'is_set', (e: AEvent) => e.value);
def(eventType, 'wait', (e: AEvent) => coro(e.wait(), 'wait'));
for (const t of [semType, lockType]) {
  def(t, 'acquire', (s: ASemaphore) => coro(s.acquire(), 'acquire'));
  def(t, 'release', (s: ASemaphore) => {
    s.release();
    return null;
  });
  def(t, 'locked', (s: ASemaphore) => s.locked());
  def(t, '__aenter__', (s: ASemaphore) =>
    coro(
      (function* () {
        yield* s.acquire();
        return null;
      })(),
      '__aenter__',
    ),
  );
  def(t, '__aexit__', (s: ASemaphore) =>
    coro(
      (function* () {
        s.release();
        yield* [];
        return null;
      })(),
      '__aexit__',
    ),
  );
}
def(queueType, 'put', (q: AQueue, item: unknown) => coro(q.put(item), 'put'));
def(queueType, 'get', (q: AQueue) => coro(q.get(), 'get'));
def(queueType, 'put_nowait', (q: AQueue, item: unknown) => {
  q.putNowait(item);
  return null;
});
def(queueType, 'get_nowait', (q: AQueue) => q.getNowait());
def(queueType, 'qsize', (q: AQueue) => q.items.length);
def(queueType, 'empty', (q: AQueue) => q.items.length === 0);
def(queueType, 'full', (q: AQueue) => q.full());
def(queueType, 'task_done', (q: AQueue) => {
  q.taskDone();
  return null;
});
def(queueType, 'join', (q: AQueue) => coro(q.finished.wait(), 'join'));

/** Adds the synchronization classes to an `asyncio` module object. */
export function addSync(m: PyModule): void {
  m.d.Event = eventType;
  m.d.Lock = lockType;
  m.d.Semaphore = semType;
  m.d.BoundedSemaphore = bsemType;
  m.d.Queue = queueType;
  m.d.QueueEmpty = QueueEmptyAio;
  m.d.QueueFull = QueueFullAio;
}
