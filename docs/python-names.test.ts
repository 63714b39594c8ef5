/**
 * docs/python-names.md, run: the TypeScript column of its tables, written as the page writes
 * it, in small simulations. The type-checker checks every name and argument used here, and
 * each run checks that the call does what the Python on the left does. A row changed on the
 * page should change here too.
 */
import { describe, expect, it } from 'vitest';
import {
  activeCount,
  asCompleted,
  asyncio,
  Barrier,
  BoundedSemaphore,
  Condition,
  compute,
  coroutines,
  currentThread,
  Empty,
  Event,
  enumerateThreads,
  FIRST_COMPLETED,
  getIdent,
  gevent,
  LifoQueue,
  Lock,
  monotonic,
  multiprocessing,
  net,
  PriorityQueue,
  ProcessPoolExecutor,
  perfCounter,
  Queue,
  RuntimeError,
  Semaphore,
  setExcepthook,
  simulate,
  sleep,
  Thread,
  ThreadPoolExecutor,
  Timer,
  time,
  wait,
} from '../index.ts';

/** Runs `main` as a main thread and returns its result, failing the test on any other verdict. */
function py<T>(main: () => Generator<unknown, T, unknown>): T {
  const sim = simulate(main);
  expect(sim.verdict).toEqual({ kind: 'ok' });
  return sim.result as T;
}

const square = (x: number) => x * x;

/**
 * The page's other rows, type-checked only: each is written as on the page, inside a function
 * that is never called (the checker checks names, arguments and that blocking calls are driven
 * with `yield*`).
 */
function* typeChecked(
  t: Thread,
  s: InstanceType<typeof net.socket>,
  reader: asyncio.StreamReader,
  writer: asyncio.StreamWriter,
  f: (x: number) => number,
): Generator<unknown, unknown[], unknown> {
  const p = new multiprocessing.Process({ target: f, args: [1] });
  p.kill();
  p.terminate();
  multiprocessing.setStartMethod('spawn');
  const pool = new multiprocessing.Pool(4, { initializer: f, maxtasksperchild: 10 });
  const r = pool.mapAsync(f, [1, 2], { chunksize: 4, callback: (v) => v });
  const it = pool.imap(f, [1, 2]);
  const un = pool.imapUnordered(f, [1, 2]);
  pool.close();
  yield* pool.join();
  yield* pool.terminate();
  const q = new multiprocessing.Queue();
  yield* q.put(1);
  const g = gevent.spawnLater(2, f, 1);
  yield* g.kill({ block: false });
  const timeout = new gevent.Timeout(1);
  timeout.start();
  timeout.cancel();
  const ev = new gevent.event.Event();
  const sem = new gevent.lock.Semaphore(2);
  const server = net.createServer(['localhost', 8001], { backlog: 10 });
  const opened = yield* net.newSocket();
  yield* opened.close();
  const ep = new net.select.epoll();
  yield* ep.register(s, net.select.EPOLLIN);
  const events = yield* ep.poll(1);
  yield* s.setblocking(false);
  yield* s.settimeout(2);
  yield* s.shutdown(net.SHUT_WR);
  const code = yield* s.connectEx(['localhost', 8000]);
  const sent = yield* s.send(net.encode('x'));
  const [rd, wr] = yield* asyncio.openConnection('localhost', 8000);
  const srv = yield* asyncio.startServer(function* () {}, 'localhost', 8000);
  const line = yield* reader.readline();
  const some = yield* reader.read(10);
  const exact = yield* reader.readexactly(2);
  writer.write(line);
  yield* writer.drain();
  writer.close();
  yield* writer.waitClosed();
  const loop = asyncio.getRunningLoop();
  const task = asyncio.currentTask();
  const ppe = new ProcessPoolExecutor({ maxWorkers: 4, mpContext: 'spawn', maxTasksPerChild: 10 });
  const tpe = new ThreadPoolExecutor({ maxWorkers: 4, threadNamePrefix: 'w', initializer: f, initargs: [1] });
  const fut = yield* tpe.submit(f, 1);
  yield* fut.setResult(1);
  yield* fut.setException(new RuntimeError('x'));
  const exc = yield* fut.exception(1);
  const threads = [currentThread(), getIdent(), enumerateThreads(), activeCount(), t.isAlive(), t.ident];
  setExcepthook(() => {});
  const queues = [new LifoQueue(), new PriorityQueue(), new BoundedSemaphore(3)];
  const c = new coroutines.Coroutine<number, number, void>((function* () {})());
  c.throw(new RuntimeError('x'));
  const work = [monotonic(), perfCounter(), yield* compute(0.1)];
  return [
    r,
    it,
    un,
    ev,
    sem,
    server,
    events,
    code,
    sent,
    rd,
    wr,
    srv,
    some,
    exact,
    loop,
    task,
    ppe,
    exc,
    threads,
    queues,
    work,
  ];
}

describe('docs/python-names.md', () => {
  it('type-checks the rows the runs below do not make', () => {
    expect(typeof typeChecked).toBe('function');
  });

  it('threading: Thread(target=f, args=(1,)), Lock with `with`, Condition, Event, Timer, Barrier', () => {
    const got = py(function* () {
      const seen: number[] = [];
      const lock = new Lock();
      const t = new Thread({
        *target(x: number) {
          yield* lock.with(function* () {
            yield* sleep(0.5);
            seen.push(x);
          });
        },
        args: [1],
      });
      yield* t.start();
      yield* t.join();
      const acquired = yield* lock.acquire(true, 1);
      lock.release();
      const free = !lock.locked();
      const cv = new Condition({ lock: new Lock() });
      const ev = new Event();
      const timer = new Timer(2.0, () => ev.set(), []);
      yield* timer.start();
      const ok = yield* ev.wait(5);
      const b = new Barrier(2, { timeout: 5 });
      const other = new Thread({
        *target() {
          yield* b.wait();
        },
      });
      yield* other.start();
      yield* b.wait();
      const notified = yield* cv.with(function* () {
        return yield* cv.wait(0.5); // nobody notifies: times out
      });
      return { seen, acquired, free, ok, isSet: ev.isSet(), now: time(), notified, nWaiting: b.nWaiting };
    });
    expect(got).toEqual({
      seen: [1],
      acquired: true,
      free: true,
      ok: true,
      isSet: true,
      now: 3,
      notified: false,
      nWaiting: 0,
    });
  });

  it('queue and Semaphore: put/get with block and timeout, Empty, taskDone/join', () => {
    const got = py(function* () {
      const q = new Queue<number>(10);
      yield* q.put(1);
      yield* q.put(2, true, 1);
      q.putNowait(3);
      const a = yield* q.get();
      const b = yield* q.get(true, 1);
      const c = q.getNowait();
      let empty = false;
      try {
        yield* q.get(true, 1);
      } catch (e) {
        empty = e instanceof Empty;
      }
      for (let i = 0; i < 3; i++) q.taskDone();
      yield* q.join();
      const sem = new Semaphore(1);
      const first = yield* sem.acquire(true, 1);
      const second = yield* sem.acquire(false);
      sem.release();
      return [a, b, c, empty, q.empty(), first, second];
    });
    expect(got).toEqual([1, 2, 3, true, true, true, false]);
  });

  it('concurrent.futures: submit, result, addDoneCallback, map(...).results(), wait, asCompleted, shutdown(wait=False, cancel_futures=True)', () => {
    const got = py(function* () {
      return yield* new ThreadPoolExecutor({ maxWorkers: 2, threadNamePrefix: 'w' }).with(function* (ex) {
        const fut = yield* ex.submit(square, 3);
        const called: number[] = [];
        yield* fut.addDoneCallback((f) => called.push(f.done() ? 1 : 0));
        const r = yield* fut.result(1);
        const mapped = yield* (yield* ex.map(square, [1, 2, 3], { timeout: 5, chunksize: 2 })).results();
        const slow = yield* ex.submit(function* () {
          yield* sleep(10);
          return 'slow';
        });
        const { done, notDone } = yield* wait([fut, slow], { timeout: 1, returnWhen: FIRST_COMPLETED });
        const order = yield* asCompleted([slow]).all();
        yield* ex.shutdown({ wait: false, cancelFutures: true });
        return [r, called, mapped, done.size, notDone.size, order.length, yield* slow.result()];
      });
    });
    expect(got).toEqual([9, [1], [1, 4, 9], 1, 1, 1, 'slow']);
  });

  it('multiprocessing: Process, Pool with apply_async(callback=...), map(chunksize), Pipe', () => {
    const got = py(function* () {
      const p = new multiprocessing.Process({ target: square, args: [1] });
      p.start();
      yield* p.join(5);
      const results: unknown[] = [p.exitcode];
      yield* new multiprocessing.Pool(2).with(function* (pool) {
        const cb: number[] = [];
        const r = pool.applyAsync(square, [4], { callback: (v) => cb.push(v) });
        results.push(yield* r.get(5), r.successful(), cb);
        results.push(yield* pool.map(square, [1, 2, 3], 2));
        results.push(
          yield* pool.starmap(Math.max, [
            [1, 5],
            [7, 2],
          ]),
        );
      });
      const [a, b] = multiprocessing.Pipe();
      yield* a.send('hi');
      results.push(yield* b.poll(1), yield* b.recv());
      return results;
    });
    expect(got).toEqual([0, 16, true, [16], [1, 4, 9], [5, 7], true, 'hi']);
  });

  it('gevent: spawn, joinall(raise_error=True), kill, with_timeout(timeout_value=None), Pool', () => {
    const got = py(function* () {
      gevent.monkey.patchAll();
      const g = gevent.spawn(function* (x: number) {
        yield* gevent.sleep(0.1);
        return x * 2;
      }, 21);
      yield* gevent.joinall([g], { timeout: 5, raiseError: true });
      const forever = gevent.spawn(function* () {
        yield* gevent.sleep(100);
      });
      yield* forever.kill({ block: true });
      const late = yield* gevent.withTimeout(
        1,
        function* () {
          yield* gevent.sleep(5);
          return 'late';
        },
        { timeoutValue: null },
      );
      const pool = new gevent.pool.Pool(1);
      const h = yield* pool.spawn(square, 5);
      return [g.value, g.successful(), forever.ready(), late, yield* h.get()];
    });
    expect(got).toEqual([42, true, true, null, 25]);
  });

  it('generator coroutines: next, send, close', () => {
    const seen: unknown[] = [];
    const printer = coroutines.coroutine(function* () {
      for (;;) seen.push(yield);
    });
    const c = printer();
    c.send('a');
    c.send('b');
    c.close();
    expect([seen, coroutines.getGeneratorState(c)]).toEqual([['a', 'b'], 'GEN_CLOSED']);
  });

  it('socket: bind, listen, accept, connect, sendall, recv; select.select', () => {
    const got = py(function* () {
      const s = new net.socket(net.AF_INET, net.SOCK_STREAM);
      s.setsockopt(net.SOL_SOCKET, net.SO_REUSEADDR, 1);
      s.bind(['localhost', 8000]);
      s.listen(5);
      const client = new Thread({
        *target() {
          const c = yield* net.createConnection(['localhost', 8000], 2);
          yield* c.sendall(net.encode('hi'));
          yield* c.close();
        },
      });
      yield* client.start();
      const [r] = yield* net.select.select([s], [], [], 1);
      const [conn] = yield* s.accept();
      const data = net.decode(yield* conn.recv(1024));
      yield* conn.close();
      yield* s.close();
      yield* client.join();
      return [r.length, data];
    });
    expect(got).toEqual([1, 'hi']);
  });

  it('asyncio: run, sleep, createTask, gather(return_exceptions=True), waitFor', () => {
    const got = py(function* () {
      function* work(x: number): Generator<unknown, number, unknown> {
        yield* asyncio.sleep(0.1);
        return x + 1;
      }
      function* main(): Generator<unknown, unknown[], unknown> {
        const t = asyncio.createTask(work(1));
        const both = yield* asyncio.gather(t, work(2), { returnExceptions: true });
        const timed = yield* asyncio.waitFor(work(3), 1);
        return [...both, timed, yield* t];
      }
      return yield* asyncio.run(main());
    });
    expect(got).toEqual([2, 3, 4, 2]);
  });
});
