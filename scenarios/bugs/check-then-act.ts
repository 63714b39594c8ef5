/**
 * Bug: buyers check that a seat is left, then (after a scheduling point, where CPython
 * could switch threads) take it. Two buyers can both see the last seat free: the show is
 * oversold. With `fixed=true` each buyer holds a lock from the check to the sale.
 */
import { defineScenario, Lock, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'check-then-act',
  summary: 'bug: buyers check that a seat is left, then take it, without a lock',
  expectFailure: true,
  params: {
    buyers: param.int({ default: 4, min: 1, max: 10_000, checkMax: 8, doc: 'buyer threads' }),
    seats: param.int({ default: 2, min: 0, max: 10_000, checkMax: 6, doc: 'seats for sale' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'check and take under a lock (the fix)' }),
  },
  *main(p) {
    let sold = 0;
    const lock = new Lock({ name: 'box-office' });
    const buyers = Array.from(
      { length: p.buyers },
      (_, i) =>
        new Thread({
          name: `buyer-${i + 1}`,
          *target() {
            if (p.fixed) yield* lock.acquire();
            if (sold < p.seats) {
              yield* sleep(0); // e.g. a call to a payment service
              sold++;
            }
            if (p.fixed) lock.release();
          },
        }),
    );
    for (const t of buyers) yield* t.start();
    for (const t of buyers) yield* t.join();
    return { sold };
  },
  invariants: [
    {
      name: 'not-oversold',
      statement: 'no more seats are sold than exist',
      check: (r, p) => (r.sold > p.seats ? `${r.sold} seats sold, but only ${p.seats} exist` : undefined),
    },
  ],
});
