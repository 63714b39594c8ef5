import { describe, expect, it } from 'vitest';
import { block, computeTicks, preempt, sleepTicks } from './syscalls.ts';
import { newKernel, traceOf } from './testing.ts';
import type { Verdict } from './verdict.ts';
import { WaitQueue } from './wait-queue.ts';

describe('deadlock verdict', () => {
  it('deadlock: reports the wait-for cycle and every blocked thread', () => {
    const k = newKernel();
    const trace = traceOf(k);
    const qa = new WaitQueue('qa', () => [a]);
    const qb = new WaitQueue('qb', () => [b]);
    const a = k.spawn(
      (function* () {
        yield* sleepTicks(3);
        yield* block(qb);
      })(),
      { name: 'a' },
    );
    const b = k.spawn(
      (function* () {
        yield* block(qa);
      })(),
      { name: 'b' },
    );
    expect(k.run()).toEqual({
      kind: 'deadlock',
      time: 3,
      cycle: ['a', 'b'],
      blocked: [
        { thread: 'a', waitsOn: 'qb', heldBy: ['b'] },
        { thread: 'b', waitsOn: 'qa', heldBy: ['a'] },
      ],
    });
    expect(trace.at(-1)).toBe('3 a block');
  });

  it('deadlock: the cycle leaves out a thread that only waits on it', () => {
    const k = newKernel();
    const qa = new WaitQueue('qa', () => [a]);
    const qb = new WaitQueue('qb', () => [b]);
    k.spawn(
      (function* () {
        yield* block(qa);
      })(),
      { name: 'c' },
    );
    const a = k.spawn(
      (function* () {
        yield* block(qb);
      })(),
      { name: 'a' },
    );
    const b = k.spawn(
      (function* () {
        yield* block(qa);
      })(),
      { name: 'b' },
    );
    expect(k.run()).toEqual({
      kind: 'deadlock',
      time: 0,
      cycle: ['a', 'b'],
      blocked: [
        { thread: 'c', waitsOn: 'qa', heldBy: ['a'] },
        { thread: 'a', waitsOn: 'qb', heldBy: ['b'] },
        { thread: 'b', waitsOn: 'qa', heldBy: ['a'] },
      ],
    });
  });

  it('deadlock with no cycle: a thread waits forever on an object nobody holds', () => {
    const k = newKernel();
    const gone = k.spawn(
      (function* () {
        yield* preempt();
      })(),
      { name: 'gone' },
    );
    const held = new WaitQueue('held', () => [gone]);
    k.spawn(
      (function* () {
        yield* block(new WaitQueue('free'));
      })(),
      { name: 'x' },
    );
    k.spawn(
      (function* () {
        yield* block(held);
      })(),
      { name: 'y' },
    );
    expect(k.run()).toEqual({
      kind: 'deadlock',
      time: 0,
      cycle: [],
      blocked: [
        { thread: 'x', waitsOn: 'free', heldBy: [] },
        { thread: 'y', waitsOn: 'held', heldBy: ['gone'] },
      ],
    });
  });

  it('deadlock is reported at the instant it happens, not at a cancelled timeout', () => {
    // a's timed wait is woken early; its timeout entry stays queued (lazy deletion) but
    // is dead. Nothing else is pending, so the run is deadlocked at time 2.
    const scenario = (maxTime?: number): [Verdict, number] => {
      const k = newKernel(maxTime === undefined ? {} : { maxTime });
      const q = new WaitQueue('q');
      k.spawn(
        (function* () {
          yield* block(q, 1_000);
          yield* block(new WaitQueue('never-a'));
        })(),
        { name: 'a' },
      );
      k.spawn(
        (function* () {
          yield* sleepTicks(2);
          k.wakeAll(q);
          yield* block(new WaitQueue('never-b'));
        })(),
        { name: 'b' },
      );
      return [k.run(), k.now];
    };
    const expected: Verdict = {
      kind: 'deadlock',
      time: 2,
      cycle: [],
      blocked: [
        { thread: 'a', waitsOn: 'never-a', heldBy: [] },
        { thread: 'b', waitsOn: 'never-b', heldBy: [] },
      ],
    };
    expect(scenario()).toEqual([expected, 2]);
    // The dead timeout lies past the time budget: still a deadlock, not a budget verdict.
    expect(scenario(500)).toEqual([expected, 2]);
  });

  it('deadlock is reported at its instant, not at a cancelled callback', () => {
    const k = newKernel();
    const s = k.schedule(50_000, () => {
      throw new Error('cancelled callbacks never run');
    });
    k.spawn(
      (function* () {
        yield* computeTicks(10_000); // its first slice end (10 000) is superseded by a cut
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        s.cancelled = true;
        yield* computeTicks(1_000);
        yield* block(new WaitQueue('never'));
      })(),
      { name: 'b' },
    );
    const v = k.run();
    // a: 0–5000 (cut by b's request), b: 5000–6000, then b blocks; a: 6000–11000.
    expect(v).toEqual({
      kind: 'deadlock',
      time: 11_000,
      cycle: [],
      blocked: [{ thread: 'b', waitsOn: 'never', heldBy: [] }],
    });
  });
});
