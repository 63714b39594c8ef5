/**
 * Bug: two threads take the same two locks in opposite orders. If each gets its first
 * lock before the other gets its second, both wait forever: the kernel reports the
 * wait-for cycle. With `fixed=true` both take lock-A first.
 */
import { defineScenario, Lock, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'lock-order-deadlock',
  summary: 'bug: two threads take two locks in opposite orders',
  expectFailure: true,
  params: {
    rounds: param.int({ default: 3, min: 1, max: 10_000, checkMax: 5, doc: 'times each thread takes both locks' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'take the locks in one global order (the fix)' }),
  },
  *main(p) {
    const a = new Lock({ name: 'lock-A' });
    const b = new Lock({ name: 'lock-B' });
    const worker = (name: string, first: Lock, second: Lock) =>
      new Thread({
        name,
        *target() {
          for (let i = 0; i < p.rounds; i++) {
            using _a = yield* first.hold(); // with first:
            yield* sleep(0);
            using _b = yield* second.hold(); // with second:
          }
        },
      });
    const threads = [worker('transfer-AB', a, b), p.fixed ? worker('transfer-BA', a, b) : worker('transfer-BA', b, a)];
    for (const t of threads) yield* t.start();
    for (const t of threads) yield* t.join();
    return { rounds: p.rounds };
  },
});
