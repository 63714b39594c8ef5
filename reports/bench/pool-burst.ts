/**
 * pool-burst: `jobs` threads start at t = 0; each takes a `Semaphore(3)`, holds it for an
 * Exp(1) virtual time drawn when the job is created (as the yardstick draws it), and
 * releases it. concsim's Semaphore is CPython's: a counter on a Condition over a Lock.
 */
import { kernel } from '../../engine/index.ts';
import { Semaphore } from '../../models/threading/semaphore.ts';
import { Thread } from '../../models/threading/thread.ts';
import { sleep } from '../../models/time.ts';
import { check, type Measure, num, type Params, timed } from './workloads.ts';

export function poolBurst(p: Params): Measure {
  const jobs = num(p, 'jobs', 100_000);
  const capacity = num(p, 'capacity', 3);
  let done = 0;
  const m = timed(
    () => done,
    function* () {
      const rng = kernel('pool-burst').rng;
      const sem = new Semaphore(capacity);
      const job = function* (hold: number) {
        yield* sem.acquire();
        yield* sleep(hold);
        sem.release();
        done++;
      };
      for (let i = 0; i < jobs; i++) yield* new Thread({ target: job, args: [-Math.log(1 - rng.next())] }).start();
    },
    { seed: num(p, 'seed', 42) },
  );
  return check(m, 'pool-burst', jobs);
}
