/**
 * The thread-creation benchmark's scenario, written as a user writes one: start n threads,
 * each with its own `target` generator, that sleep once, then join them all. Run through
 * the CLI (`concsim run reports/bench/many-threads.ts --param n=...`) by `npm run bench`.
 *
 * With `batch` > 0 the threads are started `batch` at a time, each batch joined and let go
 * before the next one starts: what a finished thread leaves behind, rather than what a
 * live one costs, then decides the run's memory.
 */
import { defineScenario, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'many-threads',
  summary: 'start n threads that each sleep once, then join them all (or batch by batch)',
  params: {
    n: param.int({ default: 100_000, min: 1, max: 10_000_000, doc: 'threads to start' }),
    batch: param.int({
      default: 0,
      min: 0,
      max: 10_000_000,
      doc: 'threads started before joining them (0: all of them)',
    }),
  },
  limits: { maxSteps: 1e12 },
  *main(p) {
    let threads: Thread[] = [];
    let started = 0;
    for (let i = 0; i < p.n; i++) {
      if (threads.length === p.batch) {
        for (const t of threads) yield* t.join();
        threads = [];
      }
      const t = new Thread({
        *target() {
          yield* sleep(1);
        },
      });
      yield* t.start();
      threads.push(t);
      started++;
    }
    for (const t of threads) yield* t.join();
    return started;
  },
});
