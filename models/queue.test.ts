import { describe, expect, it } from 'vitest';
import { Empty, Full, LifoQueue, PriorityQueue, Queue } from './queue.ts';
import { simulate } from './simulate.ts';
import { describeError, go, raises, raisesNow } from './testing.ts';
import { monotonic, sleep } from './time.ts';

const fifo = { strategy: 'fifo' } as const;

function drain<T>(q: Queue<T>): T[] {
  const out: T[] = [];
  while (!q.empty()) out.push(q.getNowait());
  return out;
}

describe('queue', () => {
  it('[QUE-1] Queue is FIFO, LifoQueue is LIFO, PriorityQueue returns the smallest first', () => {
    const sim = simulate(function* () {
      const qs = [new Queue<number>(), new LifoQueue<number>(), new PriorityQueue<number>()];
      for (const q of qs) for (const x of [3, 1, 4, 1, 5, 9, 2, 6]) yield* q.put(x);
      return qs.map((q) => drain(q));
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      [3, 1, 4, 1, 5, 9, 2, 6],
      [6, 2, 9, 5, 1, 4, 1, 3],
      [1, 1, 2, 3, 4, 5, 6, 9],
    ]);
  });

  it('[QUE-1] PriorityQueue compares arrays as Python tuples and strings by code point', () => {
    const sim = simulate(function* () {
      const q = new PriorityQueue<[number, string]>();
      for (const x of [
        [2, 'b'],
        [1, 'z'],
        [2, 'a'],
        [1, 'y'],
        [1.5, 'm'],
      ] as [number, string][])
        yield* q.put(x);
      const s = new PriorityQueue<string>();
      for (const x of ['b', '\u{1F600}', '\uFFFF', 'a', 'ab']) s.putNowait(x);
      return [drain(q), drain(s)];
    }, fifo);
    expect(sim.result).toEqual([
      [
        [1, 'y'],
        [1, 'z'],
        [1.5, 'm'],
        [2, 'a'],
        [2, 'b'],
      ],
      ['a', 'ab', 'b', '\uFFFF', '\u{1F600}'],
    ]);
  });

  it('[QUE-1] with a compare option, ties come out in heapq order, as CPython gives them', () => {
    // Expected order computed with CPython 3.11's queue.PriorityQueue on the same items,
    // with __lt__ comparing the priority only.
    const sim = simulate(function* () {
      const q = new PriorityQueue<{ p: number; n: string }>(0, { compare: (a, b) => a.p - b.p });
      const items: [number, string][] = [
        [3, 'a'],
        [1, 'b'],
        [3, 'c'],
        [1, 'd'],
        [2, 'e'],
        [3, 'f'],
        [1, 'g'],
        [2, 'h'],
        [1, 'i'],
      ];
      for (const [p, n] of items) yield* q.put({ p, n });
      const out: string[] = [];
      while (!q.empty()) out.push((yield* q.get()).n);
      return out;
    }, fifo);
    expect(sim.result).toEqual(['b', 'g', 'd', 'i', 'h', 'e', 'f', 'a', 'c']);
  });

  it("[QUE-1] items Python cannot order raise TypeError from put, and stay in the heap as in CPython's heapq", () => {
    const sim = simulate(function* () {
      const q = new PriorityQueue<unknown>();
      const errors: string[] = [];
      for (const x of [[2, 'b'], [1, 'z'], [2, 'a'], [1, 'y'], 's']) {
        const e = yield* raises(() => q.put(x));
        if (e !== null) errors.push(describeError(e));
      }
      const objects = new PriorityQueue<unknown>();
      objects.putNowait({ p: 1 });
      const e = raisesNow(() => objects.putNowait({ p: 2 }));
      return { errors, queue: q.queue, size: q.qsize(), unfinished: q.unfinishedTasks, objects: describeError(e) };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      errors: ["TypeError: '<' not supported between instances of 'str' and 'tuple'"],
      queue: [[1, 'y'], [1, 'z'], [2, 'a'], [2, 'b'], 's'],
      size: 5,
      unfinished: 4,
      objects: "TypeError: '<' not supported between instances of 'dict' and 'dict'",
    });
  });

  it('[QUE-2] get on an empty queue: getNowait and get(false) raise Empty at once, get(timeout) after it', () => {
    const sim = simulate(function* () {
      const q = new Queue();
      const a = raisesNow(() => q.getNowait());
      const b = yield* raises(() => q.get(false));
      const t0 = monotonic();
      const c = yield* raises(() => q.get(true, 0.5));
      return [a instanceof Empty, b instanceof Empty, t0, c instanceof Empty, describeError(c), monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([true, true, 0, true, 'Empty: ', 0.5]);
  });

  it('[QUE-3] put on a full bounded queue: putNowait and put(false) raise Full at once, put(timeout) after it', () => {
    const sim = simulate(function* () {
      const q = new Queue<string>(2);
      q.putNowait('a');
      yield* q.put('b');
      const full = q.full();
      const a = raisesNow(() => q.putNowait('c'));
      const b = yield* raises(() => q.put('c', false));
      const t0 = monotonic();
      const c = yield* raises(() => q.put('c', true, 0.25));
      return [full, a instanceof Full, b instanceof Full, t0, describeError(c), monotonic(), q.queue];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([true, true, true, 0, 'Full: ', 0.25, ['a', 'b']]);
  });

  it('[QUE-4] get(timeout<0) raises ValueError even when items are available', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      const e = yield* raises(() => q.get(true, -1));
      return [describeError(e), q.qsize()];
    }, fifo);
    expect(sim.result).toEqual(["ValueError: 'timeout' must be a non-negative number", 1]);
  });

  it('[QUE-4] put(timeout<0) raises ValueError on a bounded queue even when not full, and is ignored unbounded', () => {
    const sim = simulate(function* () {
      const bounded = new Queue<number>(5);
      const e = yield* raises(() => bounded.put(1, true, -1));
      const unbounded = new Queue<number>();
      yield* unbounded.put(1, true, -1);
      return [describeError(e), bounded.qsize(), unbounded.qsize()];
    }, fifo);
    expect(sim.result).toEqual(["ValueError: 'timeout' must be a non-negative number", 0, 1]);
  });

  it('[QUE-4] with block=false a negative timeout is ignored: Empty or Full, not ValueError', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>(1);
      const e1 = yield* raises(() => q.get(false, -1));
      yield* q.put(1, false, -1);
      const e2 = yield* raises(() => q.put(2, false, -1));
      const got = yield* q.get(false, -3);
      return [describeError(e1), describeError(e2), got];
    }, fifo);
    expect(sim.result).toEqual(['Empty: ', 'Full: ', 1]);
  });

  it("a non-numeric timeout raises Python's TypeError", () => {
    const sim = simulate(function* () {
      const e = yield* raises(() => new Queue().get(true, 'x' as unknown as number));
      return describeError(e);
    }, fifo);
    expect(sim.result).toBe("TypeError: '<' not supported between instances of 'str' and 'int'");
  });

  it('[QUE-5] join blocks until task_done was called once per item put', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>();
      go(
        function* () {
          for (;;) {
            const x = yield* q.get();
            yield* sleep(x);
            q.taskDone();
          }
        },
        'worker',
        { daemon: true },
      );
      for (const x of [0.5, 1, 0.25]) yield* q.put(x);
      const unfinished = q.unfinishedTasks;
      yield* q.join();
      return [unfinished, q.unfinishedTasks, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([3, 0, 1.75]);
  });

  it('[QUE-5] join on a queue with no unfinished task returns at once; an extra taskDone raises ValueError', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>();
      yield* q.join();
      q.putNowait(1);
      q.getNowait();
      q.taskDone();
      const e = raisesNow(() => q.taskDone());
      return [monotonic(), describeError(e), q.unfinishedTasks];
    }, fifo);
    expect(sim.result).toEqual([0, 'ValueError: task_done() called too many times', 0]);
  });

  it('[QUE-6] a maxsize of 0 or less means unbounded: full() is always false', () => {
    const sim = simulate(function* () {
      const out: boolean[] = [];
      for (const maxsize of [0, -1]) {
        const q = new Queue<number>(maxsize);
        for (let i = 0; i < 100; i++) yield* q.put(i);
        out.push(q.full());
      }
      const one = new Queue<number>(1);
      out.push(one.full(), one.empty());
      one.putNowait(0);
      out.push(one.full(), one.empty());
      return out;
    }, fifo);
    expect(sim.result).toEqual([false, false, false, true, true, false]);
  });

  it('[QUE-7] a blocked get() is woken by put()', () => {
    const sim = simulate(function* () {
      const q = new Queue<string>();
      const got: string[] = [];
      const consumers = ['c1', 'c2'].map((name) =>
        go(function* () {
          got.push(`${name}:${yield* q.get()}@${monotonic()}`);
        }, name),
      );
      yield* sleep(1);
      yield* q.put('x');
      yield* sleep(1);
      yield* q.put('y');
      for (const c of consumers) yield* c.join();
      return got;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['c1:x@1', 'c2:y@2']);
  });

  it('[QUE-3] a blocked put() on a full queue is woken by get()', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>(1);
      yield* q.put(1);
      let putAt: number | null = null;
      const producer = go(function* () {
        yield* q.put(2);
        putAt = monotonic();
      });
      yield* sleep(0.75);
      const first = yield* q.get();
      yield* producer.join();
      return [first, putAt, q.queue];
    }, fifo);
    expect(sim.result).toEqual([1, 0.75, [2]]);
  });

  it('[QUE-2] get(timeout) returns an item put before the deadline', () => {
    const sim = simulate(function* () {
      const q = new Queue<string>();
      go(function* () {
        yield* sleep(0.3);
        q.putNowait('late');
      });
      const x = yield* q.get(true, 1);
      return [x, monotonic()];
    }, fifo);
    expect(sim.result).toEqual(['late', 0.3]);
  });

  it('a bounded producer/consumer pipeline runs at the pace of the slower side', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>(2);
      const consumed: number[] = [];
      const consumer = go(function* () {
        for (let i = 0; i < 5; i++) {
          consumed.push(yield* q.get());
          yield* sleep(1);
          q.taskDone();
        }
      });
      for (let i = 0; i < 5; i++) yield* q.put(i);
      const producerDone = monotonic();
      yield* q.join();
      yield* consumer.join();
      return [consumed, producerDone, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([[0, 1, 2, 3, 4], 2, 5]);
  });
});
