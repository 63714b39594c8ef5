/**
 * Bug: a lost update through a call. Each thread does `counter = add(counter, 1)`, and
 * `add` logs before returning (a scheduling point): the read of `counter` and the write
 * of the result straddle it, so another thread's increment in the gap is overwritten —
 * the classic `count += 1` race of CPython threads, made visible. With `fixed=true` a
 * lock guards the read-modify-write.
 */
import { type Blocking, defineScenario, Lock, param, sleep, Thread } from 'concsim';

function* add(x: number, n: number): Blocking<number> {
  yield* sleep(0); // logging.debug(...) inside the helper: a scheduling point
  return x + n;
}

export default defineScenario({
  name: 'lost-update',
  summary: 'bug: threads increment a shared counter through a helper call, without a lock',
  expectFailure: true,
  params: {
    threads: param.int({ default: 2, min: 1, max: 1000, checkMax: 4, doc: 'threads incrementing' }),
    increments: param.int({ default: 2, min: 1, max: 10_000, checkMax: 4, doc: 'increments per thread' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'hold a lock around the update (the fix)' }),
  },
  *main(p) {
    let counter = 0;
    const lock = new Lock({ name: 'counter-lock' });
    const ts = Array.from(
      { length: p.threads },
      (_, i) =>
        new Thread({
          name: `incr-${i + 1}`,
          *target() {
            for (let n = 0; n < p.increments; n++) {
              if (p.fixed) yield* lock.acquire();
              counter = yield* add(counter, 1);
              if (p.fixed) lock.release();
            }
          },
        }),
    );
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    return { counter };
  },
  invariants: [
    {
      name: 'no-lost-update',
      statement: 'the counter ends at threads × increments',
      check: (r, p) =>
        r.counter !== p.threads * p.increments
          ? `counter is ${r.counter}, expected ${p.threads * p.increments}: an update was lost`
          : undefined,
    },
  ],
});
