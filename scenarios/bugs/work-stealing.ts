/**
 * Bug: a work-stealing queue whose owner takes from its end without the lock (the
 * work-stealing race of the CHESS paper, written with a Python deque). The owner thread
 * pops jobs from the right on a fast path — `if len(items) > 0:` then, after a log line,
 * `items.pop()` — while a thief steals from the left under the queue's lock. When one job
 * is left, the owner sees it, the thief steals it, and the owner's `pop()` raises
 * IndexError: the owner crashes with jobs unaccounted for. The owner, started first,
 * drains its queue alone on the non-preemptive schedule, which passes; one preemption of
 * the owner inside its fast path lets the thief in. With `fixed=true` the owner takes the
 * lock too.
 */
import { type Blocking, defineScenario, Lock, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'work-stealing',
  summary: 'bug: a work queue’s owner pops without the lock the thief steals under; the last job is taken twice',
  expectFailure: true,
  params: {
    jobs: param.int({ default: 2, min: 1, max: 1000, checkMax: 6, doc: 'jobs in the owner’s queue' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'the owner pops under the lock too (the fix)' }),
  },
  *main(p) {
    const items = Array.from({ length: p.jobs }, (_, i) => i + 1);
    const lock = new Lock({ name: 'queue-lock' });
    const done: number[] = [];
    const errors: string[] = [];

    /** The owner's pop: the right end, on a fast path without the lock. */
    function* pop(): Blocking<number | null> {
      using _held = p.fixed ? yield* lock.hold() : undefined;
      if (items.length > 0) {
        yield* sleep(0); // log.debug("popping, %d left", len(items))
        const job = items.pop();
        if (job === undefined) throw new Error('IndexError: pop from an empty deque');
        return job;
      }
      return null;
    }
    /** The thief's steal: the left end, under the lock. */
    function* steal(): Blocking<number | null> {
      using _held = yield* lock.hold();
      if (items.length > 0) {
        yield* sleep(0); // log.debug("stealing, %d left", len(items))
        return items.shift() ?? null;
      }
      return null;
    }
    function* work(take: () => Blocking<number | null>): Blocking {
      for (;;) {
        let job: number | null;
        try {
          job = yield* take();
        } catch (e) {
          errors.push((e as Error).message); // the thread dies with a traceback
          return;
        }
        if (job === null) return;
        done.push(job);
      }
    }

    const owner = new Thread({
      name: 'owner',
      *target() {
        yield* work(pop);
      },
    });
    const thief = new Thread({
      name: 'thief',
      *target() {
        yield* work(steal);
      },
    });
    yield* owner.start();
    yield* thief.start();
    yield* owner.join();
    yield* thief.join();
    return { done: [...done].sort((a, b) => a - b), errors };
  },
  invariants: [
    {
      name: 'every-job-once',
      statement: 'every job is done exactly once and no worker crashes',
      check: (r, p) => {
        if (r.errors.length > 0) return `a worker died: ${r.errors[0]}`;
        const want = Array.from({ length: p.jobs }, (_, i) => i + 1);
        return r.done.join() !== want.join()
          ? `jobs done: [${r.done.join(', ')}], expected each of 1..${p.jobs} once`
          : undefined;
      },
    },
  ],
});
