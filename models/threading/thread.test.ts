import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { computeTicks, DEFAULT_COSTS, kernel } from '../../engine/index.ts';
import { ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { Lock } from './lock.ts';
import {
  activeCount,
  currentThread,
  enumerateThreads,
  getIdent,
  printingExcepthook,
  setExcepthook,
  Thread,
} from './thread.ts';

const fifo = { strategy: 'fifo' } as const;

describe('Thread', () => {
  it('[THR-1] start() a second time raises RuntimeError, even after the thread has finished', () => {
    const sim = simulate(function* () {
      const t = new Thread({ target: () => {} });
      yield* t.start();
      const running = yield* raises(() => t.start());
      yield* t.join();
      const finished = yield* raises(() => t.start());
      return [describeError(running), describeError(finished)];
    }, fifo);
    expect(sim.result).toEqual([
      'RuntimeError: threads can only be started once',
      'RuntimeError: threads can only be started once',
    ]);
  });

  it('[THR-2] join() on a thread never started raises RuntimeError', () => {
    const sim = simulate(function* () {
      return describeError(yield* raises(() => new Thread().join()));
    }, fifo);
    expect(sim.result).toBe('RuntimeError: cannot join thread before it is started');
  });

  it('[THR-3] a thread that joins itself gets RuntimeError', () => {
    const sim = simulate(function* () {
      let out = '';
      const t: Thread = go(function* () {
        out = describeError(yield* raises(() => t.join()));
      });
      yield* t.join();
      const main = describeError(yield* raises(() => currentThread().join()));
      return [out, main];
    }, fifo);
    expect(sim.result).toEqual([
      'RuntimeError: cannot join current thread',
      'RuntimeError: cannot join current thread',
    ]);
  });

  it('[THR-4] join(timeout) returns nothing; after a timed-out join the thread is still alive', () => {
    const sim = simulate(function* () {
      const t = go(function* () {
        yield* sleep(5);
      });
      const r = yield* t.join(1);
      const timedOut = [r, t.isAlive(), monotonic()];
      const r2 = yield* t.join();
      return [timedOut, [r2, t.isAlive(), monotonic()]];
    }, fifo);
    expect(sim.result).toEqual([
      [undefined, true, 1],
      [undefined, false, 5],
    ]);
  });

  it('[THR-4] a negative join timeout is clamped to 0: it returns at once, with no error', () => {
    const sim = simulate(function* () {
      const t = go(function* () {
        yield* sleep(5);
      });
      yield* t.join(-3);
      const at = [monotonic(), t.isAlive()];
      yield* t.join();
      return at;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([0, true]);
  });

  it('[THR-5] an exception escaping run() goes to excepthook; join() returns normally', () => {
    const sim = simulate(function* () {
      const seen: string[] = [];
      setExcepthook((args) => {
        seen.push(`${args.thread.name}: ${describeError(args.excValue)}`);
        printingExcepthook(args);
      });
      const t = new Thread({
        name: 'worker',
        target: function* () {
          yield* sleep(1);
          throw new ValueError('bad input');
        },
      });
      yield* t.start();
      const joined = yield* raises(() => t.join());
      return [joined, seen, t.isAlive(), monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([null, ['worker: ValueError: bad input'], false, 1]);
  });

  it("[THR-5] concsim's default excepthook ends the run with an exception verdict naming the thread", () => {
    const sim = simulate(function* () {
      const t = new Thread({
        name: 'worker',
        target: () => {
          throw new ValueError('bad input');
        },
      });
      yield* t.start();
      yield* t.join();
      yield* sleep(10);
    }, fifo);
    expect(sim.verdict).toMatchObject({ kind: 'exception', thread: 'worker', time: 0 });
    expect(sim.verdict.kind === 'exception' && describeError(sim.verdict.error)).toBe('ValueError: bad input');
  });

  it('[THR-5] printingExcepthook lets every other thread run on', () => {
    const sim = simulate(function* () {
      setExcepthook(printingExcepthook);
      const ts = [1, 2, 3].map((i) =>
        go(function* () {
          yield* sleep(i);
          if (i === 2) throw new Error('two');
          return i;
        }),
      );
      for (const t of ts) yield* t.join();
      return monotonic();
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toBe(3);
  });

  it('[THR-6] default names are Thread-N (target name); name= overrides; daemon follows the creating thread', () => {
    const sim = simulate(function* () {
      function work() {}
      const a = new Thread({ target: work });
      const b = new Thread();
      const c = new Thread({ target: work, name: 'custom' });
      let inner: [string, boolean] | null = null;
      const daemonic = new Thread({
        daemon: true,
        target: () => {
          const x = new Thread();
          inner = [x.name, x.daemon];
        },
      });
      yield* daemonic.start();
      yield* daemonic.join();
      return [a.name, b.name, c.name, a.daemon, currentThread().daemon, inner];
    }, fifo);
    expect(sim.result).toEqual([
      'Thread-1 (work)',
      'Thread-2',
      'custom', // a given name takes no number from the counter
      false,
      false,
      ['Thread-4', true],
    ]);
  });

  it('[THR-7] is_alive() is false before start(), true as soon as it returns, false once run() is over', () => {
    const sim = simulate(function* () {
      const t = new Thread({
        target: function* () {
          yield* sleep(1);
        },
      });
      const before = [t.isAlive(), t.ident];
      yield* t.start();
      const started = [t.isAlive(), typeof t.ident];
      yield* t.join();
      return [before, started, t.isAlive()];
    }, fifo);
    expect(sim.result).toEqual([[false, null], [true, 'number'], false]);
  });

  it('[THR-7] start() waits for _started: the new thread may run before start() returns, or after', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const sim = simulate(
        function* () {
          const out: string[] = [];
          const t = new Thread({ target: () => out.push('child') });
          yield* t.start();
          out.push('parent');
          yield* t.join();
          return out.join(',');
        },
        { strategy: 'random', seed },
      );
      orders.add(sim.result as string);
    }
    expect([...orders].sort()).toEqual(['child,parent', 'parent,child']);
  });

  it("[THR-7] the starter waits on the new thread's _started, which that thread sets in its first step", () => {
    const log: string[] = [];
    simulate(
      function* () {
        yield* new Thread({ name: 'w', target: () => {} }).start();
      },
      { ...fifo, listeners: [(r) => r.kind === 'block' && log.push(`${r.kind} ${r.obj}`)] },
    );
    expect(log).toEqual(['block w._started']);
  });

  it('a target may return any blocking operation, as Python accepts target=ev.wait', () => {
    const sim = simulate(function* () {
      const l = new Lock();
      yield* l.acquire();
      const t = new Thread({ target: () => l.acquire() });
      yield* t.start();
      const waiting = t.isAlive();
      l.release();
      yield* t.join();
      return [waiting, l.locked(), t.isAlive()];
    }, fifo);
    expect(sim.result).toEqual([true, true, false]);
  });

  it('kwargs are an options object passed after args, and only when it has a key', () => {
    const sim = simulate(function* () {
      const got: unknown[][] = [];
      for (const kwargs of [{ sep: '-' }, {}, null]) {
        const t = new Thread({ target: (...a: unknown[]) => got.push(a), args: [1], kwargs });
        yield* t.start();
        yield* t.join();
      }
      return got;
    }, fifo);
    expect(sim.result).toEqual([[1, { sep: '-' }], [1], [1]]);
  });

  it('a target gets its args, and a target returning a generator is driven with yield*', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const t = new Thread({
        target: function* (who: string, n: number) {
          for (let i = 0; i < n; i++) {
            yield* sleep(0.5);
            log.push(`${who}${i}@${monotonic()}`);
          }
        },
        args: ['x', 2],
      });
      yield* t.start();
      yield* t.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['x0@0.5', 'x1@1']);
  });

  it('a subclass overriding run() runs in its own thread: currentThread() is the subclass instance', () => {
    class Worker extends Thread {
      seen: Thread | null = null;
      override *run(): Blocking {
        yield* sleep(0.1);
        this.seen = currentThread();
      }
    }
    const sim = simulate(function* () {
      const w = new Worker({ name: 'w' });
      yield* w.start();
      yield* w.join();
      return [w.seen === w, currentThread().name, getIdent() === currentThread().ident];
    }, fifo);
    expect(sim.result).toEqual([true, 'MainThread', true]);
  });

  it('enumerateThreads() and activeCount() list the live threads in start order', () => {
    const sim = simulate(function* () {
      const ts = [1, 2].map((i) =>
        go(function* () {
          yield* sleep(i);
        }, `t${i}`),
      );
      const during = [enumerateThreads().map((t) => t.name), activeCount()];
      yield* ts[0]!.join();
      const after = [enumerateThreads().map((t) => t.name), activeCount()];
      yield* ts[1]!.join();
      return [during, after];
    }, fifo);
    expect(sim.result).toEqual([
      [['MainThread', 't1', 't2'], 3],
      [['MainThread', 't2'], 2],
    ]);
  });

  it('daemon may be set before start() only, as in Python', () => {
    const sim = simulate(function* () {
      const t = new Thread({ target: () => {} });
      t.daemon = true;
      yield* t.start();
      const e = raisesNow(() => {
        t.daemon = false;
      });
      yield* t.join();
      return [t.daemon, describeError(e)];
    }, fifo);
    expect(sim.result).toEqual([true, 'RuntimeError: cannot set daemon status of active thread']);
  });

  it('a daemon thread still running does not keep the run alive', () => {
    const sim = simulate(function* () {
      go(
        function* () {
          yield* sleep(100);
        },
        'bg',
        { daemon: true },
      );
      yield* sleep(1);
      return monotonic();
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toBe(1);
    expect(sim.time).toBe(1_000_000);
  });

  describe('a generator-function target runs as the fiber itself, with the same trace as through run()', () => {
    type Body = (self: Thread, n: number) => Blocking<unknown>;
    /** The same body as a target (run directly) and inside an overriding run() (run through it). */
    const traces = (body: Body, o: { hook?: 'print'; interrupt?: boolean } = {}) =>
      (['target', 'subclass'] as const).map((how) => {
        const log: string[] = [];
        const seen: unknown[] = [];
        const sim = simulate(
          function* () {
            if (o.hook === 'print') setExcepthook(printingExcepthook);
            const t =
              how === 'target'
                ? new Thread({
                    name: 'w',
                    args: [3],
                    target: function* (this: Thread, n: number) {
                      seen.push(this);
                      return yield* body(this, n);
                    },
                  })
                : new (class extends Thread {
                    override *run(): Blocking {
                      seen.push(this);
                      yield* body(this, 3);
                    }
                  })({ name: 'w' });
            // Interrupted before its first step: started without waiting for it to begin.
            if (o.interrupt) t.startNoWait();
            else yield* t.start();
            if (o.interrupt) kernel().interrupt(t.fiber as NonNullable<typeof t.fiber>, new ValueError('early'));
            yield* t.join();
            return [t.fiber?.result, seen[0] === t, t.isAlive()];
          },
          { strategy: 'random', seed: 5, listeners: [(r) => log.push(JSON.stringify(r))] },
        );
        // The verdict's stack trace names different frames, of course: compare the rest.
        const verdict = JSON.parse(JSON.stringify(sim.verdict, (k, v) => (k === 'stack' ? undefined : v)));
        return { log, verdict, result: sim.result, hash: sim.traceHash };
      });

    it('returning normally (its return value is dropped, as by the bootstrap)', () => {
      const [a, b] = traces(function* (_self, n) {
        for (let i = 0; i < n; i++) yield* sleep(1);
        return 'ignored';
      });
      expect(a).toEqual(b);
      expect(a?.result).toEqual([undefined, true, false]);
    });

    it('raising, with the default excepthook and with the printing one', () => {
      const body: Body = function* (_self, n) {
        yield* sleep(n);
        throw new ValueError('boom');
      };
      const [a, b] = traces(body);
      expect(a).toEqual(b);
      expect(a?.verdict).toMatchObject({ kind: 'exception', thread: 'w', error: { message: 'boom' } });
      const [c, d] = traces(body, { hook: 'print' });
      expect(c).toEqual(d);
      expect(c?.log.some((l) => l.includes('thread.excepthook'))).toBe(true);
    });

    it('interrupted before its first step: the error escapes without the excepthook', () => {
      const [a, b] = traces(
        function* () {
          yield* sleep(1);
        },
        { hook: 'print', interrupt: true },
      );
      expect(a).toEqual(b);
      expect(a?.verdict).toMatchObject({ kind: 'exception', thread: 'w', error: { message: 'early' } });
      expect(a?.log.some((l) => l.includes('thread.excepthook'))).toBe(false);
    });
  });

  describe('the _tstate_lock, created at the first join', () => {
    it('is traced as taken at start and released at the end, whether or not anyone joins', () => {
      const kinds = (join: boolean) => {
        const log: string[] = [];
        simulate(
          function* () {
            const t = new Thread({
              target: function* work() {
                yield* sleep(1);
              },
            });
            yield* t.start();
            if (join) yield* t.join();
            else yield* sleep(2);
          },
          { ...fifo, listeners: [(r) => r.obj?.endsWith('.tstate') && log.push(`${r.kind} ${r.obj} ${r.fiber}`)] },
        );
        return log;
      };
      expect(kinds(false)).toEqual([
        'lock.acquire MainThread.tstate 0',
        'lock.acquire Thread-1 (work).tstate 1',
        'lock.release Thread-1 (work).tstate 2',
        'lock.release MainThread.tstate 1',
      ]);
      expect(kinds(true)).toEqual([
        'lock.acquire MainThread.tstate 0',
        'lock.acquire Thread-1 (work).tstate 1',
        'block Thread-1 (work).tstate 1',
        'lock.release Thread-1 (work).tstate 2',
        'wake Thread-1 (work).tstate 1',
        'lock.acquire Thread-1 (work).tstate 1',
        'lock.release Thread-1 (work).tstate 1',
        'lock.release MainThread.tstate 1',
      ]);
    });

    it('names the thread holding it in a deadlock report, under the name it started with', () => {
      const sim = simulate(function* () {
        const t = new Thread({
          target: function* () {
            const l = new Lock({ name: 'never' });
            yield* l.acquire();
            yield* l.acquire();
          },
        });
        yield* t.start();
        yield* sleep(1);
        t.name = 'renamed';
        yield* t.join();
      }, fifo);
      expect(sim.verdict).toMatchObject({
        kind: 'deadlock',
        blocked: [
          // An anonymous function* given as `target:` is named 'target' by JavaScript.
          { thread: 'MainThread', waitsOn: 'Thread-1 (target).tstate', heldBy: ['Thread-1 (target)'] },
          { thread: 'Thread-1 (target)', waitsOn: 'never', heldBy: ['Thread-1 (target)'] },
        ],
      });
    });

    it('join after the thread ended returns at once, with its acquire and release traced', () => {
      const log: string[] = [];
      const sim = simulate(
        function* () {
          const t = new Thread({ target: () => {} });
          yield* t.start();
          yield* sleep(1);
          const alive = [t.isAlive(), activeCount(), enumerateThreads().length];
          yield* t.join();
          yield* t.join(); // a second join, once CPython has dropped _tstate_lock: the same
          return [...alive, monotonic()];
        },
        { ...fifo, listeners: [(r) => r.obj?.endsWith('.tstate') && log.push(`${r.kind} ${r.obj} ${r.fiber}`)] },
      );
      expect(sim.result).toEqual([false, 1, 1, 1]);
      // The join takes and releases the ended thread's lock without blocking.
      expect(log).toEqual([
        'lock.acquire MainThread.tstate 0',
        'lock.acquire Thread-1 (target).tstate 1',
        'lock.release Thread-1 (target).tstate 2',
        'lock.acquire Thread-1 (target).tstate 1',
        'lock.release Thread-1 (target).tstate 1',
        'lock.acquire Thread-1 (target).tstate 1',
        'lock.release Thread-1 (target).tstate 1',
        'lock.release MainThread.tstate 1',
      ]);
    });

    it('an ended thread lets its target go and keeps its default name, even if first read after the end', () => {
      const sim = simulate(function* () {
        function work() {}
        const t = new Thread({ target: work, args: [1] });
        yield* t.start();
        yield* t.join();
        return [t.name, t.isAlive(), t.ident, t.fiber?.owner ?? null];
      }, fifo);
      expect(sim.result).toEqual(['Thread-1 (work)', false, 2, null]);
    });
  });
});

describe('start-up costs', () => {
  const costs = { ...DEFAULT_COSTS, threadStart: 100, threadBootstrap: 50 };

  it('start() pays threadStart in the starter, then the new thread pays threadBootstrap before _started wakes it', () => {
    const sim = simulate(
      function* () {
        const log: string[] = [];
        const t = new Thread({
          target: () => {
            log.push(`target ${Math.round(monotonic() * 1e6)}`);
          },
        });
        yield* t.start();
        log.push(`start() returned ${Math.round(monotonic() * 1e6)}`);
        yield* t.join();
        return log;
      },
      { ...fifo, costs },
    );
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['target 150', 'start() returned 150']);
  });

  it('start-up holds the GIL: a thread of the same process computing meanwhile delays both parts', () => {
    const sim = simulate(
      function* () {
        const log: string[] = [];
        const busy = new Thread({
          target: function* () {
            yield* computeTicks(1000);
          },
        });
        yield* busy.start(); // 150
        const t = new Thread({ target: () => log.push(`target ${Math.round(monotonic() * 1e6)}`) });
        yield* t.start();
        yield* t.join();
        yield* busy.join();
        return log;
      },
      { ...fifo, costs, cores: 2 },
    );
    expect(sim.verdict.kind).toBe('ok');
    // busy computes 150–1150 under the GIL; then the starter's pthread_create (1150–1250) and
    // the new thread's bootstrap (1250–1300) take their turns, on whichever core is free.
    expect(sim.result).toEqual(['target 1300']);
  });
});
