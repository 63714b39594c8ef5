/**
 * Bug: tasks that wait on tasks of the same pool. Each parent task submits a child task
 * to the pool and blocks on its result. When every worker holds a parent, the children
 * wait in the queue behind them forever — a pool deadlock, which Python shows as a hang
 * and concsim reports as a `deadlock` verdict listing who waits on what. Whether the
 * pool saturates depends on the schedule: the main thread pauses between submissions.
 * With `fixed=true` the children go to a pool of their own.
 */
import { type Blocking, defineScenario, type Future, param, sleep, ThreadPoolExecutor } from 'concsim';

function child(n: number): number {
  return n * 10;
}

export default defineScenario({
  name: 'pool-deadlock',
  summary: 'bug: pool tasks wait on child tasks queued behind them in a saturated pool',
  expectFailure: true,
  params: {
    workers: param.int({ default: 2, min: 1, max: 64, checkMax: 3, doc: 'ThreadPoolExecutor maxWorkers' }),
    parents: param.int({ default: 2, min: 1, max: 64, checkMax: 4, doc: 'parent tasks' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'submit the children to a second pool (the fix)' }),
  },
  *main(p) {
    const pool = new ThreadPoolExecutor({ maxWorkers: p.workers });
    const children = p.fixed ? new ThreadPoolExecutor({ maxWorkers: p.workers }) : pool;
    function* parent(n: number): Blocking<number> {
      const f: Future<number> = yield* children.submit(child, n);
      return yield* f.result();
    }
    const fs: Future<number>[] = [];
    for (let i = 0; i < p.parents; i++) {
      fs.push(yield* pool.submit(parent, i));
      yield* sleep(0); // e.g. logging between submissions: a scheduling point
    }
    const results: number[] = [];
    for (const f of fs) results.push(yield* f.result());
    yield* pool.shutdown();
    if (p.fixed) yield* children.shutdown();
    return { results };
  },
});
