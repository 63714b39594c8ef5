/**
 * Bug: reading results without waiting for them. The main thread submits tasks that
 * store their results in a shared dict, "gives them a moment" with `sleep(0)`, then reads
 * the dict as if every task had finished — instead of calling `result()` or `wait()`.
 * Whether the tasks ran first is up to the schedule. With `fixed=true` the main thread
 * waits for every future before reading.
 */
import { defineScenario, type Future, param, sleep, ThreadPoolExecutor, wait } from 'concsim';

export default defineScenario({
  name: 'unwaited-result',
  summary: 'bug: the main thread reads task results without waiting for the futures',
  expectFailure: true,
  params: {
    tasks: param.int({ default: 3, min: 1, max: 1000, checkMax: 5, doc: 'tasks submitted' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'wait for the futures before reading (the fix)' }),
  },
  *main(p) {
    const results = new Map<number, number>();
    const pool = new ThreadPoolExecutor({ maxWorkers: p.tasks });
    const fs: Future<void>[] = [];
    for (let i = 0; i < p.tasks; i++) {
      fs.push(
        yield* pool.submit((n: number) => {
          results.set(n, n * n);
        }, i),
      );
    }
    if (p.fixed) yield* wait(fs);
    else yield* sleep(0); // "give them a moment": no guarantee at all
    const seen = results.size;
    yield* pool.shutdown();
    return { seen, finished: results.size };
  },
  invariants: [
    {
      name: 'all-results-seen',
      statement: 'when the main thread reads the results, every task has stored its result',
      check: (r, p) => (r.seen < p.tasks ? `main read ${r.seen} of ${p.tasks} results` : undefined),
    },
  ],
});
