/**
 * The classic pool example: a pool of worker processes squares numbers, each task
 * sleeping a seeded 1–3 s, and the main thread collects the results in submission order.
 * With `executor=thread` the same work runs on a ThreadPoolExecutor. At most `workers`
 * tasks run at once, so 11 tasks on 3 workers take about four rounds.
 */
import {
  type Blocking,
  boundedConcurrency,
  defineScenario,
  type Future,
  mark,
  monotonic,
  multiprocessing,
  ProcessPoolExecutor,
  param,
  sleep,
  ThreadPoolExecutor,
} from 'concsim';

const { getpid } = multiprocessing;

/** The task: module-level, so it pickles by reference as Python's would. */
function* square(x: number, delay: number): Blocking<[number, number]> {
  mark('task.start', `square(${x})`);
  yield* sleep(delay);
  mark('task.end', `square(${x})`);
  return [x * x, getpid()];
}

export default defineScenario({
  name: 'process-pool-squares',
  summary: 'a pool of worker processes squares numbers, each task sleeping 1-3 s; results in submission order',
  params: {
    workers: param.int({ default: 3, min: 1, max: 64, checkMax: 4, doc: 'pool size (maxWorkers)' }),
    tasks: param.int({ default: 11, min: 0, max: 10_000, checkMax: 12, doc: 'numbers to square' }),
    executor: param.choice(['process', 'thread'] as const, { default: 'process', doc: 'pool kind' }),
  },
  limits: { cores: 4 },
  *main(p, ctx) {
    // Draw the delays up front, in the parent: the schedule cannot change them.
    const delays = Array.from({ length: p.tasks }, () => Math.round(ctx.rng.uniform(1, 3) * 1000) / 1000);
    const pool = p.executor === 'process' ? new ProcessPoolExecutor(p.workers) : new ThreadPoolExecutor(p.workers);
    const t0 = monotonic();
    const results: number[] = [];
    const pids = new Set<number>();
    yield* pool.with(function* () {
      const fs: Future<[number, number]>[] = [];
      for (const [i, d] of delays.entries()) fs.push(yield* pool.submit(square, i, d));
      for (const f of fs) {
        const [value, pid] = yield* f.result();
        results.push(value);
        pids.add(pid);
      }
    });
    return { results, elapsed: monotonic() - t0, workerPids: [...pids].sort((a, b) => a - b), delays };
  },
  invariants: [
    {
      name: 'results-in-order',
      statement: 'the i-th result is i squared: results come back in submission order',
      check: (r) => {
        const bad = r.results.findIndex((v, i) => v !== i * i);
        return bad >= 0 ? `result ${bad} is ${r.results[bad]}, not ${bad * bad}` : undefined;
      },
    },
    {
      name: 'bounded-workers',
      statement: 'never more than `workers` tasks run at once, and never more than `workers` worker processes',
      monitor: (p) => boundedConcurrency('task', p.workers),
      check: (r, p) =>
        p.executor === 'process' && r.workerPids.length > p.workers
          ? `${r.workerPids.length} worker processes for a pool of ${p.workers}`
          : undefined,
    },
  ],
});
