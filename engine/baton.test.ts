import { describe, expect, it } from 'vitest';
import { Baton } from './baton.ts';
import type { Blocking } from './blocking.ts';
import type { Fiber } from './fiber.ts';
import { Kernel } from './kernel.ts';
import { makeStrategy } from './strategy.ts';
import { block, cede, preempt, sleepTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

function setup(strategy: 'fifo' | 'random' = 'fifo', seed = 0) {
  const k = new Kernel({ strategy: makeStrategy({ strategy, seed }) });
  const hub = new Baton('hub');
  const log: string[] = [];
  const greenlet = (name: string, body: () => Blocking, cooperative = true): Fiber => {
    return k.spawn(body(), { name, baton: hub, cooperative });
  };
  return { k, hub, log, greenlet };
}

describe('Baton (greenlets sharing a hub)', () => {
  it('runs one greenlet at a time, switching only where one blocks or cedes, under any schedule', () => {
    for (let seed = 0; seed < 30; seed++) {
      const { k, log, greenlet } = setup('random', seed);
      for (const name of ['a', 'b']) {
        greenlet(name, function* () {
          log.push(`${name}1`);
          yield* preempt(); // a scheduling point that is not a switch point
          log.push(`${name}2`);
          yield* cede();
          log.push(`${name}3`);
        });
      }
      expect(k.run()).toEqual({ kind: 'ok' });
      // Each greenlet's first two steps are atomic; order between greenlets is FIFO at the hub.
      const first = log[0] as string;
      const other = first === 'a1' ? 'b' : 'a';
      const me = first[0] as string;
      expect(log).toEqual([`${me}1`, `${me}2`, `${other}1`, `${other}2`, `${me}3`, `${other}3`]);
    }
  });

  it('a cooperative sleep lets the other greenlets run; an uncooperative one stalls the hub', () => {
    for (const cooperative of [true, false]) {
      const { k, log, greenlet } = setup();
      greenlet(
        'sleeper',
        function* () {
          yield* sleepTicks(100);
          log.push(`sleeper woke at ${k.now}`);
        },
        cooperative,
      );
      // biome-ignore lint/correctness/useYield: a greenlet that runs to completion in one step
      greenlet('worker', function* () {
        log.push(`worker ran at ${k.now}`);
      });
      expect(k.run()).toEqual({ kind: 'ok' });
      expect(log).toEqual(
        cooperative ? ['worker ran at 0', 'sleeper woke at 100'] : ['sleeper woke at 100', 'worker ran at 100'],
      );
    }
  });

  it('reports greenlets stuck behind a blocked holder as a deadlock on the hub', () => {
    const { k, greenlet } = setup();
    greenlet(
      'blocker',
      function* () {
        yield* block(new WaitQueue('never-set'));
      },
      false,
    );
    greenlet('starved', function* () {});
    const v = k.run();
    expect(v.kind).toBe('deadlock');
    if (v.kind !== 'deadlock') return;
    expect(v.blocked).toEqual([
      { thread: 'blocker', waitsOn: 'never-set', heldBy: [] },
      { thread: 'starved', waitsOn: 'hub', heldBy: ['blocker'] },
    ]);
  });
});
