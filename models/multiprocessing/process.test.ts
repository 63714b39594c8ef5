import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { ValueError } from '../errors.ts';
import { PicklingError } from '../pickle.ts';
import { simulate } from '../simulate.ts';
import { describeError, go, raises, raisesNow } from '../testing.ts';
import { Condition } from '../threading/condition.ts';
import { Event } from '../threading/event.ts';
import { Lock } from '../threading/lock.ts';
import { RLock } from '../threading/rlock.ts';
import { Semaphore } from '../threading/semaphore.ts';
import { currentThread } from '../threading/thread.ts';
import { compute, monotonic, sleep } from '../time.ts';
import {
  activeChildren,
  currentProcess,
  exit,
  getpid,
  osExit,
  Process,
  parentProcess,
  SpawnProcess,
} from './process.ts';
import { getStartMethod, setStartMethod } from './start-method.ts';

const opts = { strategy: 'fifo', cores: 4 } as const;

function* noop(): Blocking {}

describe('Process', () => {
  it('has Process-N names and stable virtual pids; the child sees itself, its parent and its own pid', () => {
    const sim = simulate(function* () {
      const seen: unknown[] = [];
      const child = function* (tag: string) {
        const me = currentProcess();
        const parent = parentProcess();
        seen.push([tag, getpid(), me.name, me.pid, parent?.name, parent?.pid, currentThread().name]);
        const grandchild = new Process({ target: noop });
        grandchild.start();
        yield* grandchild.join();
        seen.push([tag, grandchild.name, grandchild.pid]);
      };
      const a = new Process({ target: child, args: ['a'] });
      const b = new Process({ target: child, args: ['b'], name: 'worker-b' });
      const before = [a.name, b.name, a.pid, a.isAlive(), a.exitcode];
      a.start();
      yield* a.join();
      b.start();
      yield* b.join();
      const main = [getpid(), currentProcess().name, parentProcess(), currentProcess().pid];
      return { before, after: [a.pid, b.pid, a.exitcode, b.exitcode], main, seen };
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      before: ['Process-1', 'worker-b', null, false, null],
      after: [2, 4, 0, 0],
      main: [1, 'MainProcess', null, 1],
      seen: [
        ['a', 2, 'Process-1', 2, 'MainProcess', 1, 'MainThread'],
        ['a', 'Process-1:1', 3],
        ['b', 4, 'worker-b', 4, 'MainProcess', 1, 'MainThread'],
        ['b', 'Process-2:1', 5],
      ],
    });
  });

  it('pays the fork start cost as CPU time in the child before running the target', () => {
    const sim = simulate(function* () {
      let startedAt = -1;
      const p = new Process({
        target: () => {
          startedAt = monotonic();
        },
      });
      p.start();
      const alive = p.isAlive();
      yield* p.join();
      return [alive, startedAt, monotonic(), p.exitcode];
    }, opts);
    // costs.processStartFork = 2 ms.
    expect(sim.result).toEqual([true, 0.002, 0.002, 0]);
  });

  it('with spawn, pays the spawn start cost plus unpickling the target and arguments', () => {
    const sim = simulate(function* () {
      setStartMethod('spawn');
      let startedAt = -1;
      function target(s: string) {
        startedAt = monotonic();
        return s.length;
      }
      const p = new Process({ target, args: ['x'.repeat(1_000_000)] });
      p.start();
      yield* p.join();
      return [startedAt, getStartMethod()];
    }, opts);
    // 50 ms to start, then ~1 MB at 5 ns/byte = 5 ms more.
    const [at, method] = sim.result as [number, string];
    expect(method).toBe('spawn');
    expect(at).toBeGreaterThan(0.055);
    expect(at).toBeLessThan(0.0551);
  });

  it('copies the arguments at start(): neither side sees the other side mutate them (fork)', () => {
    const sim = simulate(function* () {
      const data = { items: [1, 2], nested: { n: 0 } };
      let childSaw: unknown = null;
      const p = new Process({
        target: function* (d: typeof data) {
          yield* sleep(1);
          childSaw = structuredClone(d); // after the parent's mutation below
          d.items.push(99);
          d.nested.n = 7;
        },
        args: [data],
      });
      p.start();
      data.nested.n = 42;
      yield* p.join();
      return [data, childSaw];
    }, opts);
    expect(sim.result).toEqual([
      { items: [1, 2], nested: { n: 42 } },
      { items: [1, 2], nested: { n: 0 } },
    ]);
  });

  it('spawn pickles target and args in start(): a local lambda or a lock raises PicklingError there', () => {
    const sim = simulate(function* () {
      setStartMethod('spawn');
      const [lambdaTarget] = [() => 1]; // (a property would name it 'target')
      const lambda = raisesNow(() => new Process({ target: lambdaTarget }).start());
      function f(_l: Lock) {}
      const lock = raisesNow(() => new Process({ target: f, args: [new Lock()] }).start());
      // The failed start left the object unstarted: it can be started again with good args.
      const p = new Process({ target: f, args: [null] });
      p.start();
      yield* p.join();
      return [lambda instanceof PicklingError, describeError(lambda), describeError(lock), p.exitcode];
    }, opts);
    expect(sim.result).toEqual([
      true,
      "PicklingError: Can't pickle local object '<lambda>'",
      "PicklingError: cannot pickle '_thread.lock' object",
      0,
    ]);
  });

  it('fork runs a local lambda target (nothing is pickled)', () => {
    const sim = simulate(function* () {
      const p = new Process({ target: () => 1 });
      p.start();
      yield* p.join();
      return p.exitcode;
    }, opts);
    expect(sim.result).toBe(0);
  });

  it('processes run CPU work in parallel up to the core count; threads of one process take turns on the GIL', () => {
    const run = (kind: 'process' | 'thread', n: number) =>
      simulate(function* () {
        function* burn() {
          yield* compute(1);
        }
        const t0 = monotonic();
        if (kind === 'process') {
          const ps = Array.from({ length: n }, () => new Process({ target: burn }));
          for (const p of ps) p.start();
          for (const p of ps) yield* p.join();
        } else {
          const ts = Array.from({ length: n }, () => go(burn));
          for (const t of ts) yield* t.join();
        }
        return monotonic() - t0;
      }, opts).result as number;
    expect(run('process', 4)).toBeCloseTo(1.002, 6); // start cost + 1 s, all four at once
    expect(run('process', 8)).toBeCloseTo(2.004, 6); // two rounds on 4 cores
    expect(run('thread', 4)).toBeCloseTo(4, 6); // one GIL
  });

  it('exit codes: 0 on return, 1 when run() raises (the run goes on), exit(n), osExit(n), -15 and -9', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const targets: Record<string, () => unknown> = {
        ok: () => 'ignored',
        raises: () => {
          throw new ValueError('boom');
        },
        *exit3() {
          yield* exit(3);
        },
        exitNone: () => exit(),
        *exitStr() {
          yield* exit('bye');
        },
        *osExit5() {
          try {
            yield* osExit(5);
          } finally {
            log.push('finally ran'); // it must not: os._exit runs no cleanup
          }
        },
        *sleeper() {
          yield* sleep(10);
        },
      };
      const ps = Object.fromEntries(
        Object.entries(targets).map(([name, target]) => [name, new Process({ name, target })]),
      ) as Record<string, Process>;
      const killed = new Process({ name: 'killed', target: targets['sleeper'] as () => unknown });
      for (const p of [...Object.values(ps), killed]) p.start();
      yield* sleep(1);
      const running = [ps['sleeper']!.exitcode, ps['sleeper']!.isAlive()];
      ps['sleeper']!.terminate();
      killed.kill();
      for (const p of [...Object.values(ps), killed]) yield* p.join();
      const codes = Object.fromEntries([...Object.values(ps), killed].map((p) => [p.name, p.exitcode]));
      return { running, codes, log, t: monotonic(), alive: activeChildren().length };
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      running: [null, true],
      codes: { ok: 0, raises: 1, exit3: 3, exitNone: 0, exitStr: 1, osExit5: 5, sleeper: -15, killed: -9 },
      log: [],
      t: 1,
      alive: 0,
    });
  });

  it('join(timeout) returns nothing after the timeout with the process still alive; a negative timeout polls', () => {
    const sim = simulate(function* () {
      const p = new Process({
        target: function* () {
          yield* sleep(5);
        },
      });
      p.start();
      const r = yield* p.join(1);
      const a = [r, p.isAlive(), p.exitcode, monotonic()];
      yield* p.join(-1);
      const b = [p.isAlive(), monotonic()];
      yield* p.join();
      return [a, b, [p.isAlive(), p.exitcode, monotonic()]];
    }, opts);
    expect(sim.result).toEqual([
      [undefined, true, null, 1],
      [true, 1],
      [false, 0, 5.002],
    ]);
  });

  it('the child exits only after its non-daemon threads finish; its daemon threads die with it', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const p = new Process({
        target: () => {
          go(function* () {
            yield* sleep(3);
            log.push('thread done');
          });
          go(
            function* () {
              yield* sleep(100);
              log.push('daemon done');
            },
            'bg',
            { daemon: true },
          );
        },
      });
      p.start();
      yield* p.join();
      return [log, p.exitcode, monotonic()];
    }, opts);
    expect(sim.result).toEqual([['thread done'], 0, 3.002]);
  });

  it('a daemonic child ends with the run; a non-daemonic one keeps it going', () => {
    const endless = function* () {
      yield* sleep(100);
    };
    const daemonic = simulate(function* () {
      new Process({ target: endless, daemon: true }).start();
      yield* sleep(1);
    }, opts);
    expect(daemonic.verdict.kind).toBe('ok');
    expect(daemonic.time).toBe(1_000_000);
    const plain = simulate(function* () {
      new Process({ target: endless }).start();
      yield* sleep(1);
    }, opts);
    expect(plain.verdict.kind).toBe('ok');
    expect(plain.time).toBe(100_002_000);
  });

  it("Python's assertions: start twice, join unstarted, daemonic parents, daemon after start, closed objects", () => {
    const sim = simulate(function* () {
      const p = new Process({ target: noop });
      const joinFirst = raisesNow(() => p.join());
      const terminateFirst = raisesNow(() => p.terminate());
      p.start();
      const twice = raisesNow(() => p.start());
      const setDaemon = raisesNow(() => {
        p.daemon = true;
      });
      const closeRunning = raisesNow(() => p.close());
      yield* p.join();
      p.close();
      const closed = raisesNow(() => p.exitcode);
      let inner: unknown = null;
      const d = new Process({
        daemon: true,
        target: () => {
          inner = raisesNow(() => new Process({ target: noop }).start());
        },
      });
      d.start();
      yield* d.join();
      const self = yield* raises(() => currentProcess().join());
      return [joinFirst, terminateFirst, twice, setDaemon, closeRunning, closed, inner, self].map(describeError);
    }, opts);
    expect(sim.result).toEqual([
      'AssertionError: can only join a started process',
      "AttributeError: 'NoneType' object has no attribute 'terminate'",
      'AssertionError: cannot start a process twice',
      'AssertionError: process has already started',
      'ValueError: Cannot close a process while it is still running. You should first call join() or terminate().',
      'ValueError: process object is closed',
      'AssertionError: daemonic processes are not allowed to have children',
      'AssertionError: can only join a child process',
    ]);
  });

  it('setStartMethod: once the method is set or used, only force changes it; unknown methods are refused', () => {
    const sim = simulate(function* () {
      const peek = getStartMethod(true);
      new Process({ target: noop }).start();
      const used = raisesNow(() => setStartMethod('spawn'));
      setStartMethod('spawn', { force: true });
      const bad = raisesNow(() => setStartMethod('forkserver' as 'fork', { force: true }));
      const p = new SpawnProcess({ target: noop });
      yield* sleep(0);
      return [peek, describeError(used), describeError(bad), getStartMethod(), p.name];
    }, opts);
    expect(sim.result).toEqual([
      null,
      'RuntimeError: context has already been set',
      "ValueError: cannot find context for 'forkserver'",
      'spawn',
      'SpawnProcess-2',
    ]);
  });

  it('a join on a process that never ends is reported in the deadlock with the process as what it waits on', () => {
    const sim = simulate(function* () {
      const never = new Lock();
      never.tryAcquire();
      const p = new Process({
        name: 'stuck',
        target: function* () {
          yield* never.acquire();
        },
      });
      p.start();
      yield* p.join();
    }, opts);
    expect(sim.verdict.kind).toBe('deadlock');
    if (sim.verdict.kind !== 'deadlock') return;
    expect(sim.verdict.blocked).toContainEqual({ thread: 'MainThread', waitsOn: 'stuck.exit', heldBy: ['MainThread'] });
  });

  it('toString() is Python repr', () => {
    const sim = simulate(function* () {
      const p = new Process({ target: noop, daemon: true });
      const r0 = String(p);
      p.start();
      const r1 = String(p);
      yield* p.join();
      const r2 = String(p);
      const q = new Process({
        target: function* () {
          yield* sleep(1);
        },
      });
      q.start();
      q.terminate();
      yield* q.join();
      return [r0, r1, r2, String(q), String(currentProcess())];
    }, opts);
    expect(sim.result).toEqual([
      "<Process name='Process-1' parent=1 initial daemon>",
      "<Process name='Process-1' pid=2 parent=1 started daemon>",
      "<Process name='Process-1' pid=2 parent=1 stopped exitcode=0 daemon>",
      "<Process name='Process-2' pid=3 parent=1 stopped exitcode=-SIGTERM>",
      "<Process name='MainProcess' parent=None started>",
    ]);
  });

  describe('a fork copies the state of every lock', () => {
    /** A thread holds `lock` across the fork; the child then tries to take it. */
    const forkWhileHeld = (childTakes: (l: Lock) => Blocking<unknown>) =>
      simulate(function* () {
        setStartMethod('fork');
        const lock = new Lock({ name: 'log-lock' });
        const holder = go(function* () {
          yield* lock.acquire();
          yield* sleep(1);
          lock.release();
        }, 'holder');
        yield* sleep(0.5); // the holder has the lock
        const p = new Process({ target: () => childTakes(lock) });
        p.start();
        yield* holder.join();
        const parentCan = yield* lock.acquire(false);
        yield* p.join();
        return [parentCan, p.exitcode];
      }, opts);

    it('a lock another thread held at the fork stays held in the child: taking it deadlocks, naming the child and the lock', () => {
      const sim = forkWhileHeld(function* (l) {
        yield* l.acquire();
      });
      expect(sim.verdict).toMatchObject({
        kind: 'deadlock',
        blocked: expect.arrayContaining([{ thread: 'MainThread', waitsOn: 'log-lock in Process-1', heldBy: [] }]),
      });
    });

    it("in the child it stays held after the parent's holder releases it: a timed acquire fails, as in CPython", () => {
      const sim = forkWhileHeld(function* (l) {
        yield* sleep(2); // long after the holder released it in the parent
        if (!(yield* l.acquire(true, 1))) throw new ValueError('still held');
      });
      expect(sim.verdict.kind).toBe('ok');
      expect(sim.result).toEqual([true, 1]);
    });

    it("a lock the forking thread held is held by the child's main thread, which may release it", () => {
      const sim = simulate(function* () {
        setStartMethod('fork');
        const lock = new Lock({ name: 'mine' });
        yield* lock.acquire();
        const p = new Process({
          target: function* () {
            lock.release();
            yield* lock.acquire();
            lock.release();
          },
        });
        p.start();
        yield* p.join();
        return [p.exitcode, lock.locked()];
      }, opts);
      expect(sim.result).toEqual([0, true]);
    });

    it('a lock free at the fork is free in both, and each side takes its own copy: neither sees the other take it', () => {
      const sim = simulate(function* () {
        setStartMethod('fork');
        const lock = new Lock({ name: 'free' });
        const seen: unknown[] = [];
        const p = new Process({
          target: function* () {
            seen.push(['child takes', yield* lock.acquire(false)]);
            yield* sleep(1); // holds it while the parent tries
            seen.push(['child still holds', lock.locked()]);
          },
        });
        p.start();
        yield* sleep(0.5);
        seen.push(['parent takes', yield* lock.acquire(false)]);
        yield* p.join();
        return [seen, p.exitcode];
      }, opts);
      expect(sim.verdict.kind).toBe('ok');
      expect(sim.result).toEqual([
        [
          ['child takes', true],
          ['parent takes', true],
          ['child still holds', true],
        ],
        0,
      ]);
    });

    it("an RLock the forking thread owned is owned, with its count, by the child's main thread; the parent's releases do not free it", () => {
      const sim = simulate(function* () {
        setStartMethod('fork');
        const r = new RLock({ name: 'rl' });
        yield* r.acquire();
        yield* r.acquire();
        const seen: unknown[] = [];
        const p = new Process({
          target: function* () {
            yield* sleep(1); // the parent has released its own twice by now
            seen.push(['owned in child', r.isOwned()]);
            r.release();
            r.release();
            seen.push(['released twice', describeError(raisesNow(() => r.release()))]);
          },
        });
        p.start();
        r.release();
        r.release();
        seen.push(['parent owns', r.isOwned()]);
        yield* p.join();
        return [seen, p.exitcode];
      }, opts);
      expect(sim.verdict.kind).toBe('ok');
      expect(sim.result).toEqual([
        [
          ['parent owns', false],
          ['owned in child', true],
          ['released twice', 'RuntimeError: cannot release un-acquired lock'],
        ],
        0,
      ]);
    });

    it('an Event, a Condition and a Semaphore are copied too: what the child does wakes no thread of the parent', () => {
      const sim = simulate(function* () {
        setStartMethod('fork');
        const ev = new Event({ name: 'ev' });
        const cond = new Condition({ name: 'cond' });
        const sem = new Semaphore(1, { name: 'sem' });
        const p = new Process({
          target: function* () {
            yield* sem.acquire(); // the child's copy: the parent's stays at 1
            ev.set();
            yield* cond.acquire();
            cond.notifyAll();
            cond.release();
          },
        });
        p.start();
        const waited = yield* ev.wait(1); // the child's set is its own
        yield* cond.acquire();
        const notified = yield* cond.wait(1);
        cond.release();
        yield* p.join();
        return [waited, ev.isSet(), notified, sem.value, p.exitcode];
      }, opts);
      expect(sim.verdict.kind).toBe('ok');
      expect(sim.result).toEqual([false, false, false, 1, 0]);
    });

    it('an RLock another thread owned at the fork stays held in the child: taking it deadlocks', () => {
      const sim = simulate(function* () {
        setStartMethod('fork');
        const r = new RLock({ name: 'rl' });
        const holder = go(function* () {
          yield* r.acquire();
          yield* sleep(1);
          r.release();
        }, 'holder');
        yield* sleep(0.5);
        const p = new Process({
          target: function* () {
            yield* sleep(2);
            yield* r.acquire();
          },
        });
        p.start();
        yield* holder.join();
        yield* p.join();
      }, opts);
      expect(sim.verdict).toMatchObject({
        kind: 'deadlock',
        blocked: expect.arrayContaining([{ thread: 'MainThread', waitsOn: 'rl in Process-1', heldBy: [] }]),
      });
    });
  });
});
