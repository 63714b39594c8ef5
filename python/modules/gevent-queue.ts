/**
 * `gevent.queue`: Queue (FIFO, optional maxsize), LifoQueue, JoinableQueue, Empty and Full
 * (the `queue` module's). The models have no gevent queue, so this one is written here on
 * the gevent models' AsyncResult: a getter finding the queue empty waits on an AsyncResult
 * that a later `put` sets (the item goes straight to the longest-waiting getter), and a
 * putter finding it full waits likewise until a `get` makes room. Waiting always yields to
 * the hub, patched or not, as gevent's own primitives do.
 *
 * Differs from gevent: no PriorityQueue or Channel, no `peek`, iteration or `maxsize`
 * changes after creation.
 */
import type { Blocking } from '../../engine/index.ts';
import { event as gevent_event, Timeout } from '../../models/gevent/index.ts';
import { def } from '../runtime/methods.ts';
import { PyModule } from '../runtime/objects.ts';
import { truth } from '../runtime/ops.ts';
import { pyErr, QueueEmpty, QueueFull, setPyType, valueError } from '../runtime/types.ts';
import { timeoutOf } from './futures.ts';
import { mkType, registerModule, setMake } from './registry.ts';

type AR = gevent_event.AsyncResult<unknown>;

class GQueue {
  readonly items: unknown[] = [];
  readonly getters: AR[] = [];
  readonly putters: { item: unknown; ar: AR }[] = [];
  unfinished = 0;
  readonly joiners: AR[] = [];
  constructor(
    readonly maxsize: number,
    readonly lifo = false,
  ) {}
  full(): boolean {
    return this.maxsize > 0 && this.items.length >= this.maxsize;
  }
  #take(): unknown {
    const v = this.lifo ? this.items.pop() : this.items.shift();
    // Room for the longest-waiting putter.
    const p = this.putters.shift();
    if (p !== undefined) {
      this.items.push(p.item);
      p.ar.set(null);
    }
    return v;
  }
  *get(block: boolean, timeout: number | null): Blocking<unknown> {
    if (this.items.length > 0) return this.#take();
    if (!block) throw pyErr(QueueEmpty);
    const ar = new gevent_event.AsyncResult();
    this.getters.push(ar);
    try {
      return yield* ar.get(true, timeout);
    } catch (e) {
      const i = this.getters.indexOf(ar);
      if (i >= 0) this.getters.splice(i, 1);
      if (e instanceof Timeout && !ar.ready()) throw pyErr(QueueEmpty);
      throw e;
    }
  }
  *put(item: unknown, block: boolean, timeout: number | null): Blocking<unknown> {
    this.unfinished++;
    const g = this.getters.shift();
    if (g !== undefined) {
      g.set(item);
      return null;
    }
    if (!this.full()) {
      this.items.push(item);
      return null;
    }
    if (!block) {
      this.unfinished--;
      throw pyErr(QueueFull);
    }
    const ar = new gevent_event.AsyncResult();
    const entry = { item, ar };
    this.putters.push(entry);
    try {
      yield* ar.get(true, timeout);
    } catch (e) {
      const i = this.putters.indexOf(entry);
      if (i >= 0) this.putters.splice(i, 1);
      if (e instanceof Timeout && !ar.ready()) {
        this.unfinished--;
        throw pyErr(QueueFull);
      }
      throw e;
    }
    return null;
  }
  taskDone(): void {
    if (this.unfinished <= 0) throw valueError('task_done() called too many times');
    this.unfinished--;
    if (this.unfinished === 0) for (const j of this.joiners.splice(0)) j.set(null);
  }
  *join(timeout: number | null): Blocking<unknown> {
    if (this.unfinished === 0) return true;
    const ar = new gevent_event.AsyncResult();
    this.joiners.push(ar);
    try {
      yield* ar.get(true, timeout);
      return true;
    } catch (e) {
      if (e instanceof Timeout) return false;
      throw e;
    }
  }
}

const queueType = mkType('Queue', 'gevent.queue');
const lifoType = mkType('LifoQueue', 'gevent.queue', queueType);
const joinableType = mkType('JoinableQueue', 'gevent.queue', queueType);
setPyType(GQueue.prototype, queueType);
const size = (a: unknown[], kw: Map<string, unknown> | null) => {
  const m = a[0] ?? kw?.get('maxsize');
  return m === undefined || m === null ? 0 : Number(m);
};
setMake(queueType, (_c, a, kw) => new GQueue(size(a, kw)));
setMake(lifoType, (_c, a, kw) => {
  const q = new GQueue(size(a, kw), true);
  Object.defineProperty(q, Symbol.for('pyType'), { value: lifoType });
  return q;
});
setMake(joinableType, (_c, a, kw) => {
  const q = new GQueue(size(a, kw));
  Object.defineProperty(q, Symbol.for('pyType'), { value: joinableType });
  return q;
});
const blockOf = (b: unknown) => (b === undefined ? true : truth(b));
def(queueType, 'get', (q: GQueue, b?: unknown, t?: unknown) => q.get(blockOf(b), timeoutOf(t)), {
  blk: true,
  kw: ['block', 'timeout'],
});
def(queueType, 'put', (q: GQueue, item: unknown, b?: unknown, t?: unknown) => q.put(item, blockOf(b), timeoutOf(t)), {
  blk: true,
  kw: ['item', 'block', 'timeout'],
});
def(queueType, 'get_nowait', (q: GQueue) => q.get(false, null), { blk: true });
def(queueType, 'put_nowait', (q: GQueue, item: unknown) => q.put(item, false, null), { blk: true });
def(queueType, 'qsize', (q: GQueue) => q.items.length);
def(queueType, '__len__', (q: GQueue) => q.items.length);
def(queueType, 'empty', (q: GQueue) => q.items.length === 0);
def(queueType, 'full', (q: GQueue) => q.full());
def(queueType, 'task_done', (q: GQueue) => {
  q.taskDone();
  return null;
});
def(queueType, 'join', (q: GQueue, t?: unknown) => q.join(timeoutOf(t)), { blk: true, kw: ['timeout'] });

registerModule('gevent.queue', () => {
  const m = new PyModule('gevent.queue');
  m.d.Queue = queueType;
  m.d.LifoQueue = lifoType;
  m.d.JoinableQueue = joinableType;
  m.d.Empty = QueueEmpty;
  m.d.Full = QueueFull;
  return m;
});
