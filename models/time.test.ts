import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.ts';
import { describeError, go, raisesNow } from './testing.ts';
import { compute, monotonic, perfCounter, sleep, time } from './time.ts';

const fifo = { strategy: 'fifo' } as const;

describe('time', () => {
  it('sleep advances the virtual clock; monotonic, time and perfCounter read it in seconds', () => {
    const sim = simulate(function* () {
      const start = [monotonic(), time(), perfCounter()];
      yield* sleep(1.5);
      yield* sleep(0.25);
      return [start, [monotonic(), time(), perfCounter()]];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      [0, 0, 0],
      [1.75, 1.75, 1.75],
    ]);
    expect(sim.time).toBe(1_750_000);
  });

  it('sleeping threads overlap: sleep releases the GIL', () => {
    const sim = simulate(function* () {
      const ts = [1, 2, 3].map(() =>
        go(function* () {
          yield* sleep(1);
        }),
      );
      for (const t of ts) yield* t.join();
      return monotonic();
    }, fifo);
    expect(sim.result).toBe(1);
  });

  it('sleep(0) is a scheduling point: another runnable thread goes first', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      go(() => log.push('other'));
      log.push('main before');
      yield* sleep(0);
      log.push('main after');
      return [log, monotonic()];
    }, fifo);
    expect(sim.result).toEqual([['main before', 'other', 'main after'], 0]);
  });

  it("sleep rejects what Python's time.sleep rejects, with its messages", () => {
    const sim = simulate(function* () {
      yield* sleep(0);
      return [
        raisesNow(() => sleep(-1)),
        raisesNow(() => sleep(Number.NaN)),
        raisesNow(() => sleep('x' as unknown as number)),
        raisesNow(() => sleep(null as unknown as number)),
      ].map(describeError);
    }, fifo);
    expect(sim.result).toEqual([
      'ValueError: sleep length must be non-negative',
      'ValueError: Invalid value NaN (not a number)',
      "TypeError: 'str' object cannot be interpreted as an integer",
      "TypeError: 'NoneType' object cannot be interpreted as an integer",
    ]);
  });

  it('CPU-bound threads of one process take turns on the GIL; a sleeper overlaps them', () => {
    const sim = simulate(function* () {
      const done: Record<string, number> = {};
      const ts = [
        go(function* () {
          yield* compute(1);
          done['cpu1'] = monotonic();
        }),
        go(function* () {
          yield* compute(1);
          done['cpu2'] = monotonic();
        }),
        go(function* () {
          yield* sleep(1.5);
          done['sleeper'] = monotonic();
        }),
      ];
      for (const t of ts) yield* t.join();
      return [done, monotonic()];
    }, fifo);
    expect(sim.verdict.kind).toBe('ok');
    const [done, end] = sim.result as [Record<string, number>, number];
    expect(end).toBe(2);
    expect(done['sleeper']).toBe(1.5);
    expect(Math.max(done['cpu1'] as number, done['cpu2'] as number)).toBe(2);
  });

  it('compute rejects a negative duration', () => {
    const sim = simulate(function* () {
      yield* compute(0);
      return describeError(raisesNow(() => compute(-1)));
    }, fifo);
    expect(sim.result).toBe('ValueError: compute time must be non-negative');
  });

  it('monotonic() outside a run explains that it needs a simulation', () => {
    expect(describeError(raisesNow(() => monotonic()))).toMatch(
      /^NoKernelError: monotonic\(\) needs a running simulation/,
    );
  });
});
