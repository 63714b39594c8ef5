/**
 * `using held = yield* x.hold()`: Python's `with x:` for Lock, RLock, Semaphore and
 * Condition — held inside the block, released when it ends by falling through, `return`
 * or an exception, and mutually exclusive between threads like `with`.
 */

import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { simulate } from '../simulate.ts';
import { sleep } from '../time.ts';
import { Condition } from './condition.ts';
import { Lock } from './lock.ts';
import { RLock } from './rlock.ts';
import { Semaphore } from './semaphore.ts';
import { Thread } from './thread.ts';

describe('hold(): with as explicit resource management', () => {
  it('holds Lock, RLock, Semaphore and Condition inside the block and releases after it', () => {
    const sim = simulate(function* () {
      const lock = new Lock();
      const rlock = new RLock();
      const sem = new Semaphore(1);
      const cond = new Condition();
      const inside: boolean[] = [];
      {
        using _l = yield* lock.hold();
        using _r = yield* rlock.hold();
        using _s = yield* sem.hold();
        using _c = yield* cond.hold();
        inside.push(lock.locked(), !(yield* sem.acquire(false)), !(yield* lock.acquire(false)));
      }
      const after = [lock.locked(), yield* sem.acquire(false), yield* rlock.acquire(false)];
      return { inside, after };
    });
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual({ inside: [true, true, true], after: [false, true, true] });
  });

  it('releases on an exception and on an early return, as __exit__ does', () => {
    const sim = simulate(function* () {
      const lock = new Lock();
      function* early(): Blocking<string> {
        using _held = yield* lock.hold();
        return 'returned';
      }
      function* raising(): Blocking<never> {
        using _held = yield* lock.hold();
        throw new Error('boom');
      }
      const r = yield* early();
      const afterReturn = lock.locked();
      let caught = '';
      try {
        yield* raising();
      } catch (e) {
        caught = (e as Error).message;
      }
      return [r, afterReturn, caught, lock.locked()];
    });
    expect(sim.result).toEqual(['returned', false, 'boom', false]);
  });

  it('excludes other threads for the whole block, across a scheduling point', () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const sim = simulate(
        function* () {
          const lock = new Lock();
          let inBlock = 0;
          let peak = 0;
          const body = function* () {
            using _held = yield* lock.hold();
            inBlock++;
            peak = Math.max(peak, inBlock);
            yield* sleep(0.01);
            inBlock--;
          };
          const ts = [1, 2, 3].map(() => new Thread({ target: body }));
          for (const t of ts) yield* t.start();
          for (const t of ts) yield* t.join();
          return peak;
        },
        { strategy: 'random', seed },
      );
      expect(sim.result, `seed ${seed}`).toBe(1);
    }
  });
});
