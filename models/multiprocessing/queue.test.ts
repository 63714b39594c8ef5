import { describe, expect, it } from 'vitest';
import { kernel, type TraceRecord } from '../../engine/index.ts';
import { pickle } from '../pickle.ts';
import { Empty, Full } from '../queue.ts';
import { simulate } from '../simulate.ts';
import { describeError, raises, raisesNow } from '../testing.ts';
import { enumerateThreads } from '../threading/thread.ts';
import { monotonic, sleep } from '../time.ts';
import { getpid, Process } from './process.ts';
import { JoinableQueue, Queue, SimpleQueue } from './queue.ts';
import { setStartMethod } from './start-method.ts';

const opts = { strategy: 'fifo', cores: 4 } as const;

describe('multiprocessing.Queue', () => {
  it('carries copies between processes in FIFO order; what the child puts arrives even if it exits at once', () => {
    const sim = simulate(function* () {
      const q = new Queue<unknown>();
      const results = new Queue<unknown>();
      function* worker(inq: Queue<unknown>, outq: Queue<unknown>) {
        for (;;) {
          const item = (yield* inq.get()) as { n: number } | null;
          if (item === null) break;
          item.n *= 10;
          yield* outq.put({ ...item, pid: getpid() });
        }
      }
      const p = new Process({ target: worker, args: [q, results] });
      p.start();
      const items = [{ n: 1 }, { n: 2 }, { n: 3 }];
      for (const it of items) yield* q.put(it);
      yield* q.put(null);
      const got = [yield* results.get(), yield* results.get(), yield* results.get()];
      yield* p.join();
      return [items, got, p.exitcode];
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      [{ n: 1 }, { n: 2 }, { n: 3 }],
      [
        { n: 10, pid: 2 },
        { n: 20, pid: 2 },
        { n: 30, pid: 2 },
      ],
      0,
    ]);
  });

  it('put returns before pickling; the feeder thread pickles and sends; get unpickles', () => {
    const sim = simulate(function* () {
      const q = new Queue<string>();
      const k = kernel();
      yield* q.put('x'.repeat(10_000)); // 10,016 bytes: 51 µs each way at 5 ns/byte
      const putReturned = k.now;
      const feeders = enumerateThreads().map((t) => [t.name, t.daemon]);
      const s = yield* q.get();
      return [putReturned, feeders, s.length, k.now];
    }, opts);
    // pickled by the feeder (51), readable 20 µs later, unpickled by the getter (51).
    expect(sim.result).toEqual([
      0,
      [
        ['MainThread', false],
        ['QueueFeederThread', true],
      ],
      10_000,
      122,
    ]);
  });

  it('get(timeout) and get(false) raise queue.Empty; put on a full queue raises queue.Full', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>(1);
      const empty1 = yield* raises(() => q.get(false));
      const t0 = monotonic();
      const empty2 = yield* raises(() => q.get(true, 0.5));
      const waited = monotonic() - t0;
      yield* q.put(1);
      const rightAfter = q.empty(); // in the feeder's buffer, not yet in the pipe
      const full1 = yield* raises(() => q.putNowait(2));
      const full2 = yield* raises(() => q.put(2, true, 0.25));
      const state = [q.qsize(), q.full(), q.empty()];
      yield* sleep(0.001);
      const later = [q.empty(), yield* q.getNowait(), q.qsize(), q.full()];
      const negative = yield* raises(() => q.get(true, -1)); // polls, no ValueError
      const kinds = [empty1, empty2, full1, full2, negative].map((e) =>
        e instanceof Empty ? 'Empty' : e instanceof Full ? 'Full' : e,
      );
      return [kinds, waited, rightAfter, state, later];
    }, opts);
    expect(sim.result).toEqual([
      ['Empty', 'Empty', 'Full', 'Full', 'Empty'],
      0.5,
      true,
      [1, true, false],
      [false, 1, 0, false],
    ]);
  });

  it('an object that cannot be pickled is not raised by put: the feeder reports it and drops it', () => {
    const records: TraceRecord[] = [];
    const sim = simulate(
      function* () {
        const q = new Queue<unknown>();
        const [lambda] = [() => 1];
        const r = yield* raises(() => q.put({ f: lambda }));
        yield* q.put('next');
        const got = yield* q.get();
        return [r, got, q.qsize()];
      },
      { ...opts, listeners: [(r) => records.push(r)] },
    );
    expect(sim.result).toEqual([null, 'next', 0]);
    const errors = records.filter((r) => r.kind === 'queue.feeder-error');
    expect(errors.map((r) => r.data?.['error'])).toEqual(["PicklingError: Can't pickle local object '<lambda>'"]);
  });

  it('crosses to a child only at its start: pickling it any other time raises RuntimeError', () => {
    const sim = simulate(function* () {
      setStartMethod('spawn');
      const q = new Queue<number>();
      const s = new SimpleQueue<number>();
      const direct = raisesNow(() => pickle(q));
      const simple = raisesNow(() => pickle(s));
      function* child(q1: Queue<number>, s1: SimpleQueue<number>) {
        yield* q1.put(1);
        yield* s1.put(2);
      }
      const p = new Process({ target: child, args: [q, s] });
      p.start();
      const got = [yield* q.get(), yield* s.get()];
      yield* p.join();
      return [describeError(direct), describeError(simple), got];
    }, opts);
    expect(sim.verdict).toEqual({ kind: 'ok' });
    expect(sim.result).toEqual([
      'RuntimeError: Queue objects should only be shared between processes through inheritance',
      'RuntimeError: SimpleQueue objects should only be shared between processes through inheritance',
      [1, 2],
    ]);
  });

  it('close(): no more put or get in this process; the feeder flushes what was buffered', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>();
      const out = new Queue<number[]>();
      const p = new Process({
        target: function* (q1: Queue<number>, o: Queue<number[]>) {
          const got = [yield* q1.get(), yield* q1.get()];
          yield* o.put(got);
        },
        args: [q, out],
      });
      p.start();
      yield* q.put(1);
      yield* q.put(2);
      q.close();
      const afterPut = raisesNow(() => q.put(3));
      const afterGet = raisesNow(() => q.get());
      yield* q.joinThread();
      const got = yield* out.get();
      yield* p.join();
      return [describeError(afterPut), describeError(afterGet), got];
    }, opts);
    expect(sim.result).toEqual([
      "ValueError: Queue <multiprocessing.queues.Queue object 'Queue-1'> is closed",
      "ValueError: Queue <multiprocessing.queues.Queue object 'Queue-1'> is closed",
      [1, 2],
    ]);
  });

  it('a bounded queue makes a fast producer process wait for a slow consumer', () => {
    const sim = simulate(function* () {
      const q = new Queue<number>(2);
      const p = new Process({
        target: function* (q1: Queue<number>) {
          for (let i = 0; i < 5; i++) yield* q1.put(i);
          yield* q1.put(-1);
        },
        args: [q],
      });
      p.start();
      const got: number[] = [];
      for (;;) {
        yield* sleep(1);
        const x = yield* q.get();
        if (x < 0) break;
        got.push(x);
      }
      yield* p.join();
      return [got, Math.floor(monotonic())];
    }, opts);
    expect(sim.result).toEqual([[0, 1, 2, 3, 4], 6]);
  });
});

describe('multiprocessing.SimpleQueue and JoinableQueue', () => {
  it('SimpleQueue: put pickles in the caller, get unpickles; empty() sees the pipe', () => {
    const sim = simulate(function* () {
      const q = new SimpleQueue<string>();
      const k = kernel();
      const before = q.empty();
      yield* q.put('x'.repeat(10_000));
      const putDone = k.now;
      const right = q.empty();
      yield* sleep(0.001);
      const later = q.empty();
      const s = yield* q.get();
      q.close();
      return [before, putDone, right, later, s.length];
    }, opts);
    expect(sim.result).toEqual([true, 51, true, false, 10_000]);
  });

  it('JoinableQueue: join waits until every item is task_done; too many task_done raise ValueError', () => {
    const sim = simulate(function* () {
      const q = new JoinableQueue<number>();
      const p = new Process({
        target: function* (q1: JoinableQueue<number>) {
          for (let i = 0; i < 3; i++) {
            yield* q1.get();
            yield* sleep(1);
            yield* q1.taskDone();
          }
        },
        args: [q],
        daemon: true,
      });
      p.start();
      for (let i = 0; i < 3; i++) yield* q.put(i);
      yield* q.join();
      const at = Math.floor(monotonic());
      const tooMany = yield* raises(() => q.taskDone());
      return [at, describeError(tooMany)];
    }, opts);
    expect(sim.result).toEqual([3, 'ValueError: task_done() called too many times']);
  });
});
