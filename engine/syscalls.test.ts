import { describe, expect, it } from 'vitest';
import { block, preempt, sleepTicks } from './syscalls.ts';
import { newKernel } from './testing.ts';
import { WaitQueue } from './wait-queue.ts';

describe('syscall ops shared by every call', () => {
  it('each call keeps its own arguments and result, with many fibers suspended in the same op', () => {
    const k = newKernel({ strategy: 'random', seed: 3 });
    const q = new WaitQueue('q');
    const log: string[] = [];
    for (let i = 0; i < 6; i++) {
      k.spawn(
        (function* () {
          yield* sleepTicks(10 * (6 - i));
          log.push(`${i} slept to ${k.now}`);
          const v = yield* block(q, i % 2 === 0 ? null : 1000 + i);
          log.push(`${i} woke with ${String(v)} at ${k.now}`);
        })(),
        { name: `f${i}` },
      );
    }
    k.spawn(
      (function* () {
        yield* sleepTicks(100);
        k.wakeOne(q, 42);
        k.wakeOne(q, 'x');
        yield* preempt();
        k.wakeAll(q);
      })(),
      { name: 'waker' },
    );
    expect(k.run().kind).toBe('ok');
    expect(log.slice(0, 6)).toEqual([5, 4, 3, 2, 1, 0].map((i) => `${i} slept to ${10 * (6 - i)}`));
    // Who runs first after the wake-ups is the strategy's choice; what each got is not.
    expect(log.slice(6).sort()).toEqual([
      '0 woke with true at 100',
      '1 woke with true at 100',
      '2 woke with true at 100',
      '3 woke with true at 100',
      '4 woke with x at 100',
      '5 woke with 42 at 100',
    ]);
  });

  it('an op created while another waits to be driven does not disturb the first', () => {
    const k = newKernel();
    let caught = '';
    const f = k.spawn(
      (function* () {
        const first = sleepTicks(7);
        try {
          sleepTicks(1000);
        } catch (e) {
          caught = (e as Error).message;
        }
        yield* first;
        return k.now;
      })(),
      { name: 'f' },
    );
    expect(k.run().kind).toBe('ok');
    expect(caught).toContain('sleepTicks() was called without yield*');
    expect(f.result).toBe(7);
  });
});
