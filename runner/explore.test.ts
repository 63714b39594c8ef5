/**
 * The systematic explorer: bound by bound it finds the fewest-preemption counterexample,
 * completes on correct programs, and its sleep-set reduction is sound — on small
 * programs the reduced search reaches exactly the outcomes the unreduced one reaches,
 * at every preemption bound.
 */
import { describe, expect, it } from 'vitest';
import { decodeChoices } from '../engine/index.ts';
import { Condition, compute, Lock, monotonic, Queue, sleep, Thread } from '../models/index.ts';
import { Pipe, Process } from '../models/multiprocessing/index.ts';
import checkThenAct from '../scenarios/bugs/check-then-act.ts';
import lockOrderDeadlock from '../scenarios/bugs/lock-order-deadlock.ts';
import lostWakeup from '../scenarios/bugs/lost-wakeup.ts';
import { type ExploreOptions, explore, outcomeOf } from './explore.ts';
import { param } from './params.ts';
import { runScenario } from './run.ts';
import { type AnyScenario, defineScenario } from './scenario.ts';

/** Distinct outcomes (verdict and result) of every schedule with ≤ `bound` preemptions. */
function outcomes(s: AnyScenario, bound: number, o: ExploreOptions): Set<string> {
  const seen = new Set<string>();
  const r = explore(s, { ...o, preemptions: bound, direct: true, all: true, onRun: (x) => seen.add(outcomeOf(x)) });
  expect(r.complete).toBe(true);
  return seen;
}

/** Two threads increment a counter, reading and writing around a scheduling point; a lock guards the write log. */
const racyCounter = defineScenario({
  name: 'racy-counter',
  summary: 'a read-modify-write across a scheduling point, beside lock-protected work',
  params: {},
  *main() {
    let n = 0;
    const log: string[] = [];
    const lock = new Lock();
    const ts = ['a', 'b'].map(
      (name) =>
        new Thread({
          name,
          *target() {
            const v = n;
            yield* sleep(0);
            n = v + 1;
            yield* lock.acquire();
            log.push(name);
            lock.release();
          },
        }),
    );
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    return { n, log };
  },
});

/** A producer and a consumer over a queue beside a notifier and a waiter on a condition: many objects, some disjoint. */
const objects = defineScenario({
  name: 'objects',
  summary: 'threads on disjoint and shared objects',
  params: {},
  *main() {
    const q = new Queue<number>(1);
    const cond = new Condition();
    const got: number[] = [];
    let flag = 0;
    const ts = [
      new Thread({
        name: 'put',
        *target() {
          yield* q.put(1);
        },
      }),
      new Thread({
        name: 'get',
        *target() {
          got.push(yield* q.get());
        },
      }),
      new Thread({
        name: 'notify',
        *target() {
          yield* cond.acquire();
          flag++;
          cond.notifyAll();
          cond.release();
        },
      }),
      new Thread({
        name: 'waiter',
        *target() {
          yield* cond.acquire();
          while (flag === 0) yield* cond.wait();
          const seen = flag;
          cond.release();
          return seen;
        },
      }),
    ];
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    return { got, flag };
  },
});

/**
 * Two worker processes compute and report over pipes while two threads of the parent
 * race on a counter and compute too: steps of different processes that touch no common
 * object commute (their CPU work contends for the cores only beyond two processes), and
 * the outcome includes when each report arrived.
 */
const processes = defineScenario({
  name: 'processes',
  summary: 'computing worker processes beside racing, computing threads',
  params: { workers: param.int({ default: 2, min: 1, max: 3, doc: 'worker processes' }) },
  limits: { cores: 2 },
  *main(p) {
    const got: string[] = [];
    let n = 0;
    const ends = Array.from({ length: p.workers }, (_, i) => {
      const [r, w] = Pipe(false);
      const proc = new Process({
        name: `w${i}`,
        *target() {
          yield* compute(0.001 * (i + 1));
          yield* sleep(0);
          yield* w.send(i);
        },
      });
      return { r, proc };
    });
    const ts = ['a', 'b'].map(
      (name) =>
        new Thread({
          name,
          *target() {
            const v = n;
            yield* compute(0.001);
            n = v + 1;
          },
        }),
    );
    for (const e of ends) e.proc.start();
    for (const t of ts) yield* t.start();
    for (const e of ends) got.push(`${yield* e.r.recv()}@${Math.round(monotonic() * 1e4)}`);
    for (const t of ts) yield* t.join();
    for (const e of ends) yield* e.proc.join();
    return { got, n, end: Math.round(monotonic() * 1e4) };
  },
});

describe('explore', { timeout: 120_000 }, () => {
  it('finds the fewest-preemption counterexample, bound by bound', () => {
    const bugs: AnyScenario[] = [checkThenAct, lostWakeup, lockOrderDeadlock];
    for (const s of bugs) {
      const r = explore(s, { preemptions: 3 });
      expect(r.complete).toBe(false);
      expect(r.failure?.preemptions).toBe(r.bound);
      expect(r.bound).toBeLessThanOrEqual(1);
      // The counterexample replays: same verdict, same trace hash.
      const again = runScenario(s, { strategy: 'replay', choices: decodeChoices(r.failure?.choices ?? '') });
      expect(again.verdict.kind).toBe(r.failure?.verdict.kind);
      expect(again.traceHash).toBe(r.failure?.traceHash);
    }
  });

  it('completes on a correct program, reporting the schedules it ran', () => {
    const r = explore(checkThenAct, { preemptions: 2, params: { buyers: 3, seats: 3 } });
    expect(r.complete).toBe(true);
    expect(r.bound).toBe(2);
    expect(r.perBound.length).toBe(3);
    expect(r.schedules).toBe(r.perBound.reduce((a, b) => a + b, 0));
  });

  it('stops, incomplete, at its schedule budget', () => {
    const r = explore(objects, { preemptions: 3, maxSchedules: 5 });
    expect(r.complete).toBe(false);
    expect(r.schedules).toBe(5);
    expect(r.failure).toBeUndefined();
  });

  it('sleep sets are sound: the reduced search reaches every outcome of the unreduced one, bound by bound', () => {
    const cases: [AnyScenario, ExploreOptions, number?][] = [
      [racyCounter, {}],
      [objects, {}],
      [checkThenAct, { params: { buyers: 3, seats: 1 } }],
      [lostWakeup, { params: { consumers: 2, items: 1 } }],
      [lockOrderDeadlock, {}],
      [processes, {}],
      [processes, { params: { workers: 3 } }, 1],
    ];
    for (const [s, o, max = 2] of cases) {
      for (let bound = 0; bound <= max; bound++) {
        const full = outcomes(s, bound, { ...o, reduce: false });
        const reduced = outcomes(s, bound, { ...o, reduce: true });
        expect([s.name, bound, [...reduced].sort()]).toEqual([s.name, bound, [...full].sort()]);
      }
    }
  });

  it('the reduction prunes: fewer schedules than the unreduced search on independent work', () => {
    const full = explore(objects, { preemptions: 1, reduce: false });
    const reduced = explore(objects, { preemptions: 1 });
    expect(full.complete && reduced.complete).toBe(true);
    expect(reduced.schedules).toBeLessThan(full.schedules);
  });
});
