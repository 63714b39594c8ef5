/**
 * Bug: a done-callback that assumes it runs in the thread that submitted the task (say,
 * to touch state owned by the main thread). Python runs it in the worker thread that
 * completes the future — unless the future is already done when the callback is added,
 * in which case it runs at once in the adding thread [FUT-5]. So the assumption holds
 * or breaks depending on who wins the race between the task and `addDoneCallback`. With
 * `fixed=true` the callback only hands the future over, and the main thread does the work
 * after the pool has finished.
 */
import { type Blocking, currentThread, defineScenario, mark, param, sleep, ThreadPoolExecutor } from 'concsim';

function* quickTask(n: number): Blocking<number> {
  yield* sleep(0);
  return n + 1;
}

export default defineScenario({
  name: 'callback-thread',
  summary: 'bug: a done-callback assumes it runs in the submitting thread',
  expectFailure: true,
  params: {
    tasks: param.int({ default: 3, min: 1, max: 1000, checkMax: 5, doc: 'tasks submitted' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'do the work in the main thread (the fix)' }),
  },
  *main(p) {
    const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const ranIn: string[] = [];
    const work = () => {
      const where = currentThread().name;
      ranIn.push(where);
      mark('callback.ran', where, { main: where === 'MainThread' });
    };
    let handedOver = 0;
    for (let i = 0; i < p.tasks; i++) {
      const f = yield* pool.submit(quickTask, i);
      yield* sleep(0); // some bookkeeping before registering the callback
      yield* f.addDoneCallback(
        p.fixed
          ? () => {
              handedOver++;
            }
          : work,
      );
    }
    yield* pool.shutdown();
    for (let i = 0; i < handedOver; i++) work();
    return { ranIn };
  },
  invariants: [
    {
      name: 'callback-in-submitter',
      statement: "every done-callback runs in the main thread, as the callback's code assumes",
      monitor: () => ({
        onRecord: (r) =>
          r.kind === 'callback.ran' && r.data?.['main'] !== true
            ? `a done-callback ran in ${r.obj}, not in MainThread`
            : undefined,
      }),
    },
  ],
});
