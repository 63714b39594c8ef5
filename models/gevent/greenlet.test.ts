import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { preempt, type TraceRecord } from '../../engine/index.ts';
import { isException, ValueError } from '../errors.ts';
import { simulate } from '../simulate.ts';
import { describeError, raises, raisesNow } from '../testing.ts';
import { currentThread } from '../threading/thread.ts';
import { compute, monotonic, sleep as timeSleep } from '../time.ts';
import { Greenlet, GreenletExit, joinall, killall, spawn, spawnLater, wait } from './greenlet.ts';
import { getcurrent, getHub, greenletCounts, RawGreenlet, sleep } from './hub.ts';
import { patchAll } from './monkey.ts';
import { Timeout } from './timeout.ts';

const fifo = { strategy: 'fifo' } as const;

class KeyError extends Error {
  override name = 'KeyError';
}

describe('Greenlet: spawning', () => {
  it('[GEV-1] spawn only schedules: the function runs once the spawner yields to the hub', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawn((x: number) => {
        log.push(`ran with ${x} at ${monotonic()}`);
        return x * 2;
      }, 21);
      const before = { ran: [...log], started: g.started, dead: g.dead, ready: g.ready() };
      yield* sleep(0);
      return { before, log, value: g.value, dead: g.dead, successful: g.successful() };
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      before: { ran: [], started: true, dead: false, ready: false },
      log: ['ran with 21 at 0'],
      value: 42,
      dead: true,
      successful: true,
    });
  });

  it('[GEV-1] a greenlet spawned by a main greenlet that never yields never runs', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      spawn(() => log.push('ran'));
      yield* timeSleep(1); // unpatched: the hub never gets to run
      return log;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([]);
  });

  it('[GEV-2] greenlets start in spawn order, and sleep(0) lets every ready greenlet run before the caller resumes', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const gs = ['a', 'b', 'c'].map((name) =>
        spawn(function* () {
          log.push(`${name}1`);
          yield* sleep(0);
          log.push(`${name}2`);
        }),
      );
      yield* sleep(0);
      log.push('main');
      yield* joinall(gs);
      return [log, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['a1', 'b1', 'c1', 'main', 'a2', 'b2', 'c2'], 0]);
  });

  it('[GEV-10] a non-callable run is a TypeError', () => {
    const sim = simulate(function* () {
      yield* sleep(0);
      return [
        describeError(raisesNow(() => new Greenlet(42 as unknown as () => void))),
        describeError(raisesNow(() => spawn('f' as unknown as () => void))),
      ];
    }, fifo);
    expect(sim.result).toEqual([
      'TypeError: The run argument or self._run must be callable',
      'TypeError: The run argument or self._run must be callable',
    ]);
  });

  it('[GEV-10] a subclass may supply _run instead of a function', () => {
    class Worker extends Greenlet<string> {
      constructor(readonly job: string) {
        super();
      }
      *_run(): Blocking<string> {
        yield* sleep(1);
        return `did ${this.job}`;
      }
    }
    const sim = simulate(function* () {
      const w = new Worker('dishes');
      w.start();
      yield* w.join();
      return [w.value, monotonic()];
    }, fifo);
    expect(sim.result).toEqual(['did dishes', 1]);
  });

  it('[GEV-12] started is false before start, true once scheduled (before it ran), false after it finished', () => {
    const sim = simulate(function* () {
      const g = new Greenlet(function* () {
        yield* sleep(1);
      });
      const states = [g.started];
      g.start();
      states.push(g.started);
      yield* sleep(0.5);
      states.push(g.started);
      yield* g.join();
      states.push(g.started, g.dead, g.ready());
      return states;
    }, fifo);
    expect(sim.result).toEqual([false, true, true, false, true, true]);
  });

  it('[GEV-13] spawnLater(t) runs the function no sooner than t; sleep(negative) is sleep(0) with no error', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawnLater(1.5, (what: string) => log.push(`${what}@${monotonic()}`), 'late');
      const started = g.started;
      spawn(() => log.push(`soon@${monotonic()}`));
      yield* sleep(-1);
      log.push(`main@${monotonic()}`);
      yield* g.join();
      return { log, started, value: g.value };
    }, fifo);
    expect(sim.result).toEqual({ log: ['soon@0', 'main@0', 'late@1.5'], started: true, value: 1 + 2 });
  });

  it("getcurrent() is the running greenlet, or the thread's main greenlet; greenlets run in their hub's thread", () => {
    const sim = simulate(function* () {
      const main = getcurrent();
      let inside: unknown = null;
      let thread = '';
      const g = spawn(() => {
        inside = getcurrent();
        thread = currentThread().name;
      });
      yield* g.join();
      return {
        mainIsRaw: main instanceof RawGreenlet && !(main instanceof Greenlet),
        mainName: main.name,
        same: getcurrent() === main,
        insideIsG: inside === g,
        thread,
        hub: getHub().label,
      };
    }, fifo);
    expect(sim.result).toEqual({
      mainIsRaw: true,
      mainName: 'MainThread',
      same: true,
      insideIsG: true,
      thread: 'MainThread',
      hub: 'Hub-1',
    });
  });
});

describe('Greenlet: switching only where they block', () => {
  it('[GEV-3] code between two switch points is atomic under any schedule: no lost update', () => {
    for (let seed = 0; seed < 20; seed++) {
      const sim = simulate(
        function* () {
          let counter = 0;
          const gs = Array.from({ length: 5 }, () =>
            spawn(function* () {
              for (let i = 0; i < 10; i++) {
                const read = counter;
                yield* preempt(); // a kernel scheduling point, but no greenlet switch
                counter = read + 1;
                yield* sleep(0);
              }
            }),
          );
          yield* joinall(gs);
          return counter;
        },
        { strategy: 'random', seed },
      );
      expect(sim.verdict.kind).toBe('ok');
      expect(sim.result).toBe(50);
    }
  });

  it('[GEV-3] an unpatched time.sleep or CPU-bound work stalls every greenlet; a timer that expired meanwhile fires late', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const b = spawn(function* () {
        yield* sleep(0.2);
        log.push(`b woke@${monotonic()}`);
      });
      const a = spawn(function* () {
        yield* timeSleep(1); // not patched: blocks the whole thread
        log.push(`a slept@${monotonic()}`);
        yield* compute(0.5);
        log.push(`a computed@${monotonic()}`);
      });
      yield* joinall([a, b]);
      return [log, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['a slept@1', 'a computed@1.5', 'b woke@1.5'], 1.5]);
  });

  it('[GMP-1] the same program patched: time.sleep yields to the hub and the greenlets overlap', () => {
    const sim = simulate(function* () {
      patchAll();
      const log: string[] = [];
      const a = spawn(function* () {
        yield* timeSleep(1);
        log.push(`a slept@${monotonic()}`);
      });
      const b = spawn(function* () {
        yield* sleep(0.2);
        log.push(`b woke@${monotonic()}`);
      });
      yield* joinall([a, b]);
      return [log, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['b woke@0.2', 'a slept@1'], 1]);
  });

  it("gevent's own sleep and join yield to the hub even unpatched", () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawn(function* () {
        log.push(`g@${monotonic()}`);
        yield* sleep(1);
        log.push(`g@${monotonic()}`);
      });
      yield* sleep(0.5);
      log.push(`main@${monotonic()}`);
      yield* g.join();
      log.push(`joined@${monotonic()}`);
      return log;
    }, fifo);
    expect(sim.result).toEqual(['g@0', 'main@0.5', 'g@1', 'joined@1']);
  });
});

describe('Greenlet: results and failures', () => {
  it('[GEV-4] join() returns nothing; join(timeout) returns nothing on timeout and ready() tells the cases apart', () => {
    const sim = simulate(function* () {
      const g = spawn(function* () {
        yield* sleep(2);
        return 'done';
      });
      const early = yield* g.join(0.5);
      const atTimeout = [monotonic(), g.ready()];
      const late = yield* g.join();
      return [early, atTimeout, late, monotonic(), g.ready(), g.value];
    }, fifo);
    expect(sim.result).toEqual([undefined, [0.5, false], undefined, 2, true, 'done']);
  });

  it('[GEV-5] a raising greenlet: join does not raise, value stays null, exception is set, the hub reports it, get re-raises', () => {
    const errors: string[] = [];
    const sim = simulate(
      function* () {
        const g = spawn(function* () {
          yield* sleep(0.1);
          throw new ValueError('boom');
        });
        yield* g.join();
        const got = yield* raises(() => g.get());
        return {
          value: g.value,
          exception: describeError(g.exception),
          successful: g.successful(),
          ready: g.ready(),
          dead: g.dead,
          get: got === g.exception,
        };
      },
      {
        ...fifo,
        listeners: [
          (r: TraceRecord) => {
            if (r.kind === 'gevent.error') errors.push(`${r.obj}: ${r.data?.['error']}`);
          },
        ],
      },
    );
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({
      value: null,
      exception: 'ValueError: boom',
      successful: false,
      ready: true,
      dead: true,
      get: true,
    });
    expect(errors).toEqual(['Greenlet-1: ValueError: boom']);
  });

  it('[GEV-6] get(false) on an unfinished greenlet raises Timeout; get(true, t) raises Timeout after t; returning nothing leaves value null', () => {
    const sim = simulate(function* () {
      const g = spawn(function* () {
        yield* sleep(1);
      });
      const nowait = yield* raises(() => g.get(false));
      const timed = yield* raises(() => g.get(true, 0.25));
      const at = monotonic();
      const value = yield* g.get();
      return [describeError(nowait), nowait instanceof Timeout, describeError(timed), at, value, g.value];
    }, fifo);
    expect(sim.result).toEqual(['Timeout: ', true, 'Timeout: 0.25 seconds', 0.25, null, null]);
  });
});

describe('Greenlet: kill', () => {
  it('[GEV-7] kill raises GreenletExit where the greenlet blocks, runs finally, waits for its death; it counts as successful', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawn(function* () {
        try {
          yield* sleep(10);
          log.push('not reached');
        } catch (e) {
          log.push(`caught ${(e as Error).name}, an Exception? ${isException(e)}`);
          throw e;
        } finally {
          log.push(`finally@${monotonic()}`);
        }
      });
      yield* sleep(1);
      const r = yield* g.kill();
      log.push(`kill returned ${r}@${monotonic()}`);
      return {
        log,
        dead: g.dead,
        successful: g.successful(),
        valueIsExit: g.value instanceof GreenletExit,
        exception: g.exception,
      };
    }, fifo);
    expect(sim.result).toEqual({
      log: ['caught GreenletExit, an Exception? false', 'finally@1', 'kill returned undefined@1'],
      dead: true,
      successful: true,
      valueIsExit: true,
      exception: null,
    });
  });

  it('[GEV-8] kill before the greenlet ever ran: the function never runs; kill(KeyError) leaves it failed', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const a = spawn(() => log.push('a ran'));
      yield* a.kill();
      const b = spawn(() => log.push('b ran'));
      yield* b.kill({ exception: new KeyError('k') });
      const c = new Greenlet(() => log.push('c ran')); // never started
      yield* c.kill({ block: false });
      yield* sleep(0.1);
      const show = (g: Greenlet) => ({
        dead: g.dead,
        successful: g.successful(),
        value: g.value instanceof GreenletExit ? 'GreenletExit' : g.value,
        exception: g.exception === null ? null : describeError(g.exception),
      });
      return { log, a: show(a), b: show(b), c: show(c) };
    }, fifo);
    expect(sim.result).toEqual({
      log: [],
      a: { dead: true, successful: true, value: 'GreenletExit', exception: null },
      b: { dead: true, successful: false, value: null, exception: 'KeyError: k' },
      c: { dead: true, successful: true, value: 'GreenletExit', exception: null },
    });
  });

  it('[GEV-7] kill({ block: false }) returns at once; the greenlet dies when the hub runs', () => {
    const sim = simulate(function* () {
      const g = spawn(function* () {
        yield* sleep(5);
      });
      yield* sleep(1);
      yield* g.kill({ block: false });
      const right = g.dead;
      yield* sleep(0);
      return [right, g.dead, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([false, true, 1]);
  });

  it('a greenlet that survives kill(timeout) keeps running; killall raises again wherever each one blocks', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const stubborn = spawn(function* () {
        try {
          yield* sleep(10);
        } catch {
          log.push(`ignored kill@${monotonic()}`);
          yield* sleep(1);
          log.push(`stubborn done@${monotonic()}`);
        }
      });
      const plain = spawn(function* () {
        yield* sleep(10);
      });
      yield* sleep(0);
      yield* stubborn.kill({ timeout: 0.5 });
      log.push(`kill gave up@${monotonic()}, dead ${stubborn.dead}`);
      yield* killall([stubborn, plain]);
      log.push(`killall@${monotonic()}, dead ${stubborn.dead} ${plain.dead}`);
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'ignored kill@0',
      'kill gave up@0.5, dead false',
      'killall@0.5, dead true true', // the second GreenletExit lands in its except block's sleep
    ]);
  });
});

describe('joinall, wait and links', () => {
  it('[GEV-9] joinall returns the greenlets in completion order; with a timeout, only those finished, without raising', () => {
    const sim = simulate(function* () {
      const mk = (name: string, t: number) =>
        spawn(function* () {
          yield* sleep(t);
          return name;
        });
      const gs = [mk('slow', 3), mk('fast', 1), mk('mid', 2)];
      const partial = (yield* joinall(gs, { timeout: 2.5 })).map((g) => g.value);
      const at = monotonic();
      const all = (yield* joinall(gs)).map((g) => g.value);
      return { partial, at, all, end: monotonic() };
    }, fifo);
    // Those already finished are reported first, in list order (their links fire at once).
    expect(sim.result).toEqual({ partial: ['fast', 'mid'], at: 2.5, all: ['fast', 'mid', 'slow'], end: 3 });
  });

  it('[GEV-9] joinall returns exactly when the last greenlet is done', () => {
    const sim = simulate(function* () {
      const gs = [0.3, 0.1, 0.2].map((t) =>
        spawn(function* () {
          yield* sleep(t);
        }),
      );
      const done = yield* joinall(gs);
      return [done.length, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([3, 0.3]);
  });

  it('[GEV-9] raiseError raises the first failure as soon as it happens while the others keep running', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const ok = spawn(function* () {
        yield* sleep(2);
        log.push(`ok done@${monotonic()}`);
      });
      const bad = spawn(function* () {
        yield* sleep(1);
        throw new ValueError('bad');
      });
      const e = yield* raises(() => joinall([ok, bad], { raiseError: true }));
      log.push(`${describeError(e)}@${monotonic()}`);
      yield* ok.join();
      return log;
    }, fifo);
    expect(sim.result).toEqual(['ValueError: bad@1', 'ok done@2']);
  });

  it('[GEV-14] wait(objects, { count: 1 }) returns the first to finish; wait() waits for every greenlet', () => {
    const sim = simulate(function* () {
      const gs = [2, 1, 3].map((t) =>
        spawn(function* () {
          yield* sleep(t);
          return t;
        }),
      );
      const first = (yield* wait(gs, { count: 1 })).map((g) => g.value);
      const at = monotonic();
      const all = yield* wait();
      return [first, at, all, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([[1], 1, true, 3]);
  });

  it('[GEV-11] links run in the hub after completion, in registration order; linking to a finished greenlet is asynchronous', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawn(function* () {
        yield* sleep(1);
        log.push('g returns');
        return 7;
      });
      g.link((x) => log.push(`link 1 sees ${x.value}@${monotonic()}, in ${getcurrent().name}`));
      g.rawlink(() => log.push('rawlink 2'));
      g.linkValue(() => log.push('linkValue 3'));
      g.linkException(() => log.push('linkException (not called)'));
      yield* g.join();
      log.push('joined');
      g.link(() => log.push('late link'));
      log.push('link() returned');
      yield* sleep(0);
      return log;
    }, fifo);
    expect(sim.result).toEqual([
      'g returns',
      'link 1 sees 7@1, in Hub-1',
      'rawlink 2',
      'linkValue 3',
      'joined',
      'link() returned',
      'late link',
    ]);
  });

  it('[GEV-11] unlink removes a callback; a raising link is reported by the hub and the others still run', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawn(() => 1);
      const gone = () => log.push('unlinked (not called)');
      g.link(gone);
      g.link(() => {
        throw new ValueError('link failed');
      });
      g.link(() => log.push('after the failure'));
      g.unlink(gone);
      yield* g.join();
      yield* sleep(0);
      return log;
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['after the failure']);
  });

  it('a link callback that returns a generator runs in a greenlet of its own and may block', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      const g = spawn(() => 'v');
      g.link(function* (x) {
        yield* sleep(1);
        log.push(`slow link saw ${x.value}@${monotonic()}`);
      });
      yield* g.join();
      yield* sleep(2);
      return log;
    }, fifo);
    expect(sim.result).toEqual(['slow link saw v@1']);
  });
});

describe('Hubs and threads', () => {
  it('counts live greenlets and the peak, for memory estimates', () => {
    const sim = simulate(function* () {
      const gs = Array.from({ length: 4 }, () =>
        spawn(function* () {
          yield* sleep(1);
        }),
      );
      yield* sleep(0);
      const during = greenletCounts();
      yield* joinall(gs);
      return [during, greenletCounts()];
    }, fifo);
    expect(sim.result).toEqual([
      { live: 4, peak: 4 },
      { live: 0, peak: 4 },
    ]);
  });

  it('a deadlock between greenlets is reported with the greenlets and the hub', () => {
    const sim = simulate(function* () {
      const holder: { a: Greenlet | null; b: Greenlet | null } = { a: null, b: null };
      holder.a = spawn(function* () {
        yield* (holder.b as Greenlet).join();
      });
      holder.b = spawn(function* () {
        yield* (holder.a as Greenlet).join();
      });
      yield* joinall([holder.a, holder.b]);
    }, fifo);
    expect(sim.verdict.kind).toBe('deadlock');
    if (sim.verdict.kind !== 'deadlock') return;
    expect(sim.verdict.cycle).toEqual(['Greenlet-1', 'Greenlet-2']);
  });
});
