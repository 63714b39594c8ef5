/**
 * The race the `schedules` and `campaign` benchmarks check: two threads increment a
 * shared counter without a lock, reading it, passing a scheduling point, then writing.
 * Its invariant allows lost updates (each thread keeps at least its own), so a check
 * explores every schedule it is asked for instead of stopping at the first race.
 */
import { Thread } from '../../models/threading/thread.ts';
import { sleep } from '../../models/time.ts';
import { param } from '../../runner/params.ts';
import { defineScenario } from '../../runner/scenario.ts';

/** Two threads each add 1 to a shared counter `increments` times, reading and writing with a point between. */
export default defineScenario({
  name: 'rmw-race',
  summary: 'two threads increment a shared counter without a lock (read, scheduling point, write)',
  params: {
    increments: param.int({ default: 2, min: 1, max: 1000, checkMax: 2, doc: 'increments per thread' }),
  },
  *main(p) {
    let counter = 0;
    const body = function* () {
      for (let i = 0; i < p.increments; i++) {
        const v = counter;
        yield* sleep(0);
        counter = v + 1;
      }
    };
    const ts = [new Thread({ target: body }), new Thread({ target: body })];
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    return { counter };
  },
  invariants: [
    {
      name: 'some-updates-kept',
      statement: 'lost updates are allowed, but each thread keeps at least its own',
      check: (r, p) => (r.counter >= p.increments ? undefined : `counter ${r.counter} < ${p.increments}`),
    },
  ],
});
