/**
 * Bug: a Condition notified before anyone waits. The main thread starts a worker, does
 * some work, then waits on a condition for the worker's "ready" notification — with no
 * predicate. If the worker notifies first, the notification is lost (a Condition keeps no
 * memory) and the main thread waits forever. With `fixed=true` the worker sets a flag
 * under the lock and the main thread waits `while not ready` (what `wait_for` does).
 */
import { Condition, defineScenario, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'notify-before-wait',
  summary: 'bug: a worker notifies a Condition before the main thread waits on it, with no predicate',
  expectFailure: true,
  params: {
    fixed: param.boolean({ default: false, drawn: false, doc: 'wait for a ready flag, in a loop (the fix)' }),
  },
  *main(p) {
    const cond = new Condition({ name: 'ready' });
    let ready = false;
    const worker = new Thread({
      name: 'worker',
      *target() {
        yield* sleep(0); // connect to the database
        yield* cond.acquire();
        ready = true;
        cond.notify();
        cond.release();
      },
    });
    yield* worker.start();
    yield* sleep(0); // parse the configuration meanwhile
    yield* cond.acquire();
    if (p.fixed) while (!ready) yield* cond.wait();
    else yield* cond.wait(); // the bug: no predicate, so a notify that came first is lost
    cond.release();
    yield* worker.join();
    return { ready };
  },
});
