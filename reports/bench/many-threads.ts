/**
 * The thread-creation benchmark's scenario, written as a user writes one: start n threads,
 * each with its own `target` generator, that sleep once, then join them all. Run through
 * the CLI (`concsim run reports/bench/many-threads.ts --param n=...`) by `npm run bench`.
 */
import { defineScenario, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'many-threads',
  summary: 'start n threads that each sleep once, then join them all',
  params: { n: param.int({ default: 100_000, min: 1, max: 10_000_000, doc: 'threads to start' }) },
  limits: { maxSteps: 1e12 },
  *main(p) {
    const threads: Thread[] = [];
    for (let i = 0; i < p.n; i++) {
      const t = new Thread({
        *target() {
          yield* sleep(1);
        },
      });
      yield* t.start();
      threads.push(t);
    }
    for (const t of threads) yield* t.join();
    return threads.length;
  },
});
