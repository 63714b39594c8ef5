/**
 * Python's `queue` module: `Queue` (FIFO), `LifoQueue` and `PriorityQueue`, written as
 * CPython 3.11's `Lib/queue.py` writes them: one Lock, `mutex`, shared by three
 * Conditions — `notEmpty`, `notFull` and `allTasksDone` — and a count of unfinished
 * tasks that `put` raises and `taskDone` lowers [QUE-5]. Blocked getters and putters
 * wait on their Condition, so they are served in the order they started waiting.
 * Argument checks happen where CPython makes them, under the mutex: a negative timeout
 * is a ValueError for `get`, and for `put` only on a bounded queue [QUE-4].
 *
 * `PriorityQueue` keeps a binary heap with the sift steps of Python's `heapq`, so items
 * that tie come out in CPython's order. It orders items with Python's `<` (numbers,
 * strings, and arrays compared as tuples; anything else raises TypeError, as in
 * Python), or with a `compare` option.
 *
 * Differs from CPython: `putNowait`, `getNowait`, `qsize`, `empty`, `full` and `taskDone`
 * are plain calls with no scheduling point. Python's take the mutex, which is never held
 * across a scheduling point, so taking it cannot block there.
 */
import type { Blocking } from '../engine/index.ts';
import { kernel, type Op, op, toSeconds, toTicks } from '../engine/index.ts';
import { pyLessThan, pyTypeName } from './compare.ts';
import { ValueError, withoutStack } from './errors.ts';
import { Condition } from './threading/condition.ts';
import { Deque } from './threading/deque.ts';
import { Lock, lockNow, type NameOptions } from './threading/lock.ts';
import type { Timeout } from './threading/timeout.ts';

/** `queue.Empty`: raised by `get` on an empty queue when it may not wait (longer). */
export class Empty extends Error {
  override name = 'Empty';
}

/** `queue.Full`: raised by `put` on a full queue when it may not wait (longer). */
export class Full extends Error {
  override name = 'Full';
}

/** A `queue.Empty` to raise, built without a JS stack (it is control flow: see `withoutStack`). */
export function newEmpty(): Empty {
  return withoutStack(() => new Empty());
}

/** Python's `timeout < 0` check, with its TypeError for a non-number. */
function negative(timeout: number): boolean {
  if (typeof timeout !== 'number') {
    throw new TypeError(`'<' not supported between instances of '${pyTypeName(timeout)}' and 'int'`);
  }
  return timeout < 0;
}

/**
 * `queue.Queue(maxsize=0)`: a FIFO for threads; `put` blocks while full, `get` while empty;
 * `taskDone` and `join` track unfinished work.
 */
export class Queue<T = unknown> {
  readonly label: string;
  /** At most this many items; 0 or less means unbounded [QUE-6]. */
  readonly maxsize: number;
  readonly mutex: Lock;
  /** Notified when an item is added; getters wait on it. */
  readonly notEmpty: Condition;
  /** Notified when an item is removed; putters wait on it. */
  readonly notFull: Condition;
  /** Notified when the count of unfinished tasks drops to zero; `join` waits on it. */
  readonly allTasksDone: Condition;
  #unfinishedTasks = 0;
  /** FIFO storage: `self.queue = deque()`. */
  readonly #items = new Deque<T>();

  constructor(maxsize = 0, o: NameOptions = {}) {
    this.label = o.name ?? kernel('Queue()').label('Queue');
    this.maxsize = maxsize;
    this.mutex = new Lock({ name: `${this.label}.mutex` });
    this.notEmpty = new Condition({ name: `${this.label}.notEmpty`, lock: this.mutex });
    this.notFull = new Condition({ name: `${this.label}.notFull`, lock: this.mutex });
    this.allTasksDone = new Condition({ name: `${this.label}.allTasksDone`, lock: this.mutex });
  }

  /** Items put and not yet marked done with `taskDone` (Python's `unfinished_tasks`). */
  get unfinishedTasks(): number {
    return this.#unfinishedTasks;
  }

  /** A copy of the items in storage order (Python's `q.queue`): FIFO order, a list, a heap. */
  get queue(): T[] {
    return this.#items.toArray();
  }

  // ---- storage: the hooks subclasses override, as in Python ----------------------------

  protected _qsize(): number {
    return this.#items.length;
  }

  protected _put(item: T): void {
    this.#items.push(item);
  }

  protected _get(): T {
    return this.#items.shift() as T;
  }

  // ---- the public API ------------------------------------------------------------------------

  /** Marks one item from `get` as processed; `join` returns when none is left [QUE-5]. */
  taskDone(): void {
    lockNow(this.mutex, this.label, 'mutex');
    try {
      const unfinished = this.#unfinishedTasks - 1;
      if (unfinished <= 0) {
        if (unfinished < 0) throw new ValueError('task_done() called too many times');
        this.allTasksDone.notifyAll();
      }
      this.#unfinishedTasks = unfinished;
    } finally {
      this.mutex.release();
    }
  }

  /** Blocks until every item put has been marked done with `taskDone` [QUE-5]. */
  join(): Op<void> {
    return op('Queue.join()', this.#join());
  }

  *#join(): Blocking {
    yield* this.allTasksDone.acquire();
    try {
      while (this.#unfinishedTasks) yield* this.allTasksDone.wait();
    } finally {
      this.allTasksDone.release();
    }
  }

  qsize(): number {
    lockNow(this.mutex, this.label, 'mutex');
    try {
      return this._qsize();
    } finally {
      this.mutex.release();
    }
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  /** Always false for an unbounded queue [QUE-6]. */
  full(): boolean {
    const n = this.qsize();
    return 0 < this.maxsize && this.maxsize <= n;
  }

  /**
   * Puts `item`, waiting for a free slot if the queue is bounded and full. With
   * `block=false` it raises Full at once; with `timeout` (seconds) it raises Full after
   * that long [QUE-3]. A negative timeout raises ValueError, on a bounded queue only [QUE-4].
   */
  put(item: T, block = true, timeout: Timeout = null): Op<void> {
    return op('Queue.put()', this.#put(item, block, timeout));
  }

  *#put(item: T, block: boolean, timeout: Timeout): Blocking {
    const k = kernel();
    yield* this.notFull.acquire();
    try {
      if (this.maxsize > 0) {
        if (!block) {
          if (this._qsize() >= this.maxsize) throw new Full();
        } else if (timeout === null || timeout === undefined) {
          while (this._qsize() >= this.maxsize) yield* this.notFull.wait();
        } else if (negative(timeout)) {
          throw new ValueError("'timeout' must be a non-negative number");
        } else {
          const endtime = k.now + toTicks(timeout);
          while (this._qsize() >= this.maxsize) {
            const remaining = endtime - k.now;
            if (remaining <= 0) throw new Full();
            yield* this.notFull.wait(toSeconds(remaining));
          }
        }
      }
      this.#putLocked(item);
    } finally {
      this.notFull.release();
    }
  }

  /** `put(item, false)` with no scheduling point: raises Full on a full queue [QUE-3]. */
  putNowait(item: T): void {
    lockNow(this.mutex, this.label, 'mutex');
    try {
      if (this.maxsize > 0 && this._qsize() >= this.maxsize) throw new Full();
      this.#putLocked(item);
    } finally {
      this.mutex.release();
    }
  }

  #putLocked(item: T): void {
    const k = kernel();
    this._put(item);
    this.#unfinishedTasks++;
    if (k.tracing) k.emit('queue.put', this.label, { size: this._qsize() });
    this.notEmpty.notify();
  }

  /**
   * Removes and returns an item, waiting for one if the queue is empty. With
   * `block=false` it raises Empty at once; with `timeout` (seconds) it raises Empty after
   * that long [QUE-2]. A negative timeout raises ValueError, even with items available
   * [QUE-4].
   */
  get(block = true, timeout: Timeout = null): Op<T> {
    return op('Queue.get()', this.#get(block, timeout));
  }

  *#get(block: boolean, timeout: Timeout): Blocking<T> {
    const k = kernel();
    yield* this.notEmpty.acquire();
    try {
      if (!block) {
        if (!this._qsize()) throw newEmpty();
      } else if (timeout === null || timeout === undefined) {
        while (!this._qsize()) yield* this.notEmpty.wait();
      } else if (negative(timeout)) {
        throw new ValueError("'timeout' must be a non-negative number");
      } else {
        const endtime = k.now + toTicks(timeout);
        while (!this._qsize()) {
          const remaining = endtime - k.now;
          if (remaining <= 0) throw newEmpty();
          yield* this.notEmpty.wait(toSeconds(remaining));
        }
      }
      return this.#getLocked();
    } finally {
      this.notEmpty.release();
    }
  }

  /** `get(false)` with no scheduling point: raises Empty on an empty queue [QUE-2]. */
  getNowait(): T {
    lockNow(this.mutex, this.label, 'mutex');
    try {
      if (!this._qsize()) throw newEmpty();
      return this.#getLocked();
    } finally {
      this.mutex.release();
    }
  }

  #getLocked(): T {
    const k = kernel();
    const item = this._get();
    if (k.tracing) k.emit('queue.get', this.label, { size: this._qsize() });
    this.notFull.notify();
    return item;
  }
}

/** `queue.LifoQueue`: the most recently added item comes out first [QUE-1]. */
export class LifoQueue<T = unknown> extends Queue<T> {
  readonly #list: T[] = [];

  constructor(maxsize = 0, o: NameOptions = {}) {
    super(maxsize, { name: o.name ?? kernel('LifoQueue()').label('LifoQueue') });
  }

  override get queue(): T[] {
    return this.#list.slice();
  }

  protected override _qsize(): number {
    return this.#list.length;
  }

  protected override _put(item: T): void {
    this.#list.push(item);
  }

  protected override _get(): T {
    return this.#list.pop() as T;
  }
}

/**
 * Options of `queue.PriorityQueue`: the bound, and `compare` to order items (Python compares them
 * with `<`).
 */
export interface PriorityQueueOptions<T> extends NameOptions {
  /** Orders items, negative when `a` comes out first (default: Python's `<`). */
  readonly compare?: ((a: T, b: T) => number) | null;
}

/** `queue.PriorityQueue`: the smallest item comes out first, as `heapq` orders them [QUE-1]. */
export class PriorityQueue<T = unknown> extends Queue<T> {
  readonly #heap: T[] = [];
  readonly #lt: (a: T, b: T) => boolean;

  constructor(maxsize = 0, o: PriorityQueueOptions<T> = {}) {
    super(maxsize, { name: o.name ?? kernel('PriorityQueue()').label('PriorityQueue') });
    const compare = o.compare ?? null;
    this.#lt = compare === null ? pyLessThan : (a, b) => compare(a, b) < 0;
  }

  override get queue(): T[] {
    return this.#heap.slice();
  }

  protected override _qsize(): number {
    return this.#heap.length;
  }

  /** `heapq.heappush`: like CPython, an item whose comparison raises stays in the list. */
  protected override _put(item: T): void {
    this.#heap.push(item);
    this.#siftDown(0, this.#heap.length - 1);
  }

  /** `heapq.heappop`. */
  protected override _get(): T {
    const heap = this.#heap;
    const last = heap.pop() as T;
    if (heap.length === 0) return last;
    const top = heap[0] as T;
    heap[0] = last;
    this.#siftUp(0);
    return top;
  }

  /**
   * `heapq`'s siftdown: swaps the item at `pos` with its parent while it is smaller. It
   * swaps, as CPython's C code does, so a comparison that raises leaves a permutation.
   */
  #siftDown(start: number, pos: number): void {
    const heap = this.#heap;
    while (pos > start) {
      const parentPos = (pos - 1) >> 1;
      if (!this.#lt(heap[pos] as T, heap[parentPos] as T)) break;
      this.#swap(pos, parentPos);
      pos = parentPos;
    }
  }

  /** `heapq`'s siftup: moves the smaller child up until a leaf, then sifts back down. */
  #siftUp(pos: number): void {
    const heap = this.#heap;
    const end = heap.length;
    const start = pos;
    const limit = end >> 1;
    while (pos < limit) {
      let child = 2 * pos + 1;
      if (child + 1 < end && !this.#lt(heap[child] as T, heap[child + 1] as T)) child++;
      this.#swap(pos, child);
      pos = child;
    }
    this.#siftDown(start, pos);
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    const t = heap[i] as T;
    heap[i] = heap[j] as T;
    heap[j] = t;
  }
}
