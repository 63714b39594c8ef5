/**
 * The benchmark workloads, written against concsim's public API only (`simulate`, the
 * threading models, `time.sleep`, or a `Kernel` built directly). Each runs one complete
 * simulation and returns what it did and how long that took in wall-clock time; the timed
 * span covers creating the simulation, its threads and the run, as the yardstick's does.
 *
 * The scenarios are fixed so that the same ones can be written for other tools:
 * - churn: `threads` threads loop `sleep(uniform(0, 10))` until `total` sleeps in all;
 * - broadcast: `waiters` threads wait on one Event, which a setter sets and clears once
 *   per virtual second for `rounds` rounds;
 * - ping-pong: two threads hand a token back and forth through two Events;
 * - contention: `threads` threads take one Lock `acquisitions` times each, holding it for
 *   zero time on even acquisitions and for a 100 µs virtual sleep on odd ones;
 * - pool-burst: `jobs` threads start at t = 0 and each holds a `Semaphore(3)` for an
 *   Exp(1) virtual time.
 */

import { performance } from 'node:perf_hooks';
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Rng, type TraceListener } from '../../engine/index.ts';
import { simulate } from '../../models/simulate.ts';
import { Event } from '../../models/threading/event.ts';
import { Lock } from '../../models/threading/lock.ts';
import { Thread } from '../../models/threading/thread.ts';
import { sleep } from '../../models/time.ts';

/** One run of a workload. */
export interface Measure {
  /** Wall-clock seconds for the whole simulation. */
  readonly seconds: number;
  /** CPU seconds (user + system) of this process over the same span; less sensitive to a busy machine. */
  readonly cpuSeconds: number;
  /** The benchmark's unit of work done (timeouts, wake-ups, acquisitions, jobs). */
  readonly units: number;
  readonly steps: number;
  readonly contextSwitches: number;
  /** Scheduling decisions: steps where more than one thread was runnable. */
  readonly choices: number;
  /** Virtual time at the end, in ticks (a check that runs are the same). */
  readonly virtualTime: number;
  readonly verdict: string;
  /** Rounds done, for a workload that may stop early (broadcast with a cap). */
  readonly rounds?: number;
}

export type Params = Readonly<Record<string, number | string | boolean>>;
/** A benchmark workload: one complete measurement (a campaign's is asynchronous). */
export type Workload = (p: Params) => Measure | Promise<Measure>;

export function num(p: Params, key: string, dflt: number): number {
  const v = p[key];
  return typeof v === 'number' ? v : dflt;
}

type Body = () => Blocking<unknown>;

export function timed(units: () => number, body: Body, o: Parameters<typeof simulate>[1]): Measure {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const sim = simulate(body, { hash: false, ...o });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const k = sim.kernel;
  return {
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    units: units(),
    steps: k.steps,
    contextSwitches: k.contextSwitches,
    choices: k.decisions,
    virtualTime: k.now,
    verdict: sim.verdict.kind,
  };
}

/** Expects the run to have ended normally, with the expected amount of work. */
export function check(m: Measure, what: string, expected: number): Measure {
  if (m.verdict !== 'ok') throw new Error(`${what}: run ended with verdict ${m.verdict}`);
  if (m.units !== expected) throw new Error(`${what}: ${m.units} units done, expected ${expected}`);
  return m;
}

/** `threads` threads each loop `sleep(uniform(0, 10))` until `total` sleeps in all. */
export function churn(p: Params, listeners: readonly TraceListener[] = [], hash = false): Measure {
  const threads = num(p, 'threads', 1000);
  const total = num(p, 'total', 1_000_000);
  let count = 0;
  const m = timed(
    () => count,
    function* () {
      const rng: Rng = simulatedRng();
      const worker = function* () {
        while (count < total) {
          count++;
          yield* sleep(rng.uniform(0, 10));
        }
      };
      for (let i = 0; i < threads; i++) yield* new Thread({ target: worker }).start();
    },
    { seed: num(p, 'seed', 42), listeners, hash },
  );
  return check(m, 'churn', total);
}

/** The running kernel's scenario stream (read through the public `kernel()` accessor). */
function simulatedRng(): Rng {
  return kernel('bench').rng;
}

/**
 * `waiters` threads wait on one Event; the main thread sets and clears it once per second
 * for `rounds` rounds, then sleeps one more second so the last wake-ups complete (the
 * waiters are daemon threads). With `capSeconds`, the setter stops after the round in
 * which that much wall-clock time has passed, so that a slow kernel still gives a rate
 * in bounded time: every round does the same work.
 */
export function broadcast(p: Params): Measure {
  const waiters = num(p, 'waiters', 10_000);
  const rounds = num(p, 'rounds', 100);
  const cap = num(p, 'capSeconds', Number.POSITIVE_INFINITY);
  let wakeups = 0;
  let done = 0;
  const t0 = performance.now();
  const m = timed(
    () => wakeups,
    function* () {
      const ev = new Event();
      const waiter = function* () {
        for (;;) {
          if (yield* ev.wait()) wakeups++;
        }
      };
      for (let i = 0; i < waiters; i++) yield* new Thread({ target: waiter, daemon: true }).start();
      while (done < rounds) {
        yield* sleep(1);
        ev.set();
        ev.clear();
        done++;
        if (performance.now() - t0 > 1000 * cap) break;
      }
      yield* sleep(1);
    },
    { seed: num(p, 'seed', 42) },
  );
  return { ...check(m, 'broadcast', waiters * done), rounds: done };
}

/** Two threads hand a token back and forth through two Events, `rounds` times each way. */
export function pingPong(p: Params): Measure {
  const rounds = num(p, 'rounds', 100_000);
  let handoffs = 0;
  const m = timed(
    () => handoffs,
    function* () {
      const a = new Event({ name: 'ping' });
      const b = new Event({ name: 'pong' });
      const player = (mine: Event, other: Event) =>
        function* () {
          for (let i = 0; i < rounds; i++) {
            yield* mine.wait();
            mine.clear();
            handoffs++;
            other.set();
          }
        };
      const t1 = new Thread({ target: player(a, b) });
      const t2 = new Thread({ target: player(b, a) });
      yield* t1.start();
      yield* t2.start();
      a.set();
      yield* t1.join();
      yield* t2.join();
    },
    { seed: num(p, 'seed', 42), strategy: 'random' },
  );
  return check(m, 'ping-pong', 2 * rounds);
}

/** `threads` threads contend for one Lock, `acquisitions` times each, under `random`. */
export function contention(p: Params): Measure {
  const threads = num(p, 'threads', 1000);
  const acquisitions = num(p, 'acquisitions', 100);
  const hold = num(p, 'hold', 0.0001);
  let held = 0;
  let inside = 0;
  const m = timed(
    () => held,
    function* () {
      const lock = new Lock();
      const worker = function* () {
        for (let i = 0; i < acquisitions; i++) {
          yield* lock.acquire();
          if (++inside !== 1) throw new Error('mutual exclusion broken');
          held++;
          if (i % 2 === 1) yield* sleep(hold);
          inside--;
          lock.release();
        }
      };
      for (let i = 0; i < threads; i++) yield* new Thread({ target: worker }).start();
    },
    { seed: num(p, 'seed', 42), strategy: 'random' },
  );
  return check(m, 'contention', threads * acquisitions);
}

/** Churn with one subscriber that does nothing. */
export function churnTraced(p: Params): Measure {
  return churn(p, [() => {}]);
}

/** Churn with the trace hash on (`simulate`'s default). */
export function churnHashed(p: Params): Measure {
  return churn(p, [], true);
}

export const WORKLOADS: Readonly<Record<string, Workload>> = {
  churn: (p) => churn(p),
  'churn-traced': churnTraced,
  'churn-hashed': churnHashed,
  broadcast,
  'ping-pong': pingPong,
  contention,
};
