/**
 * Bug: double-checked initialisation without the second check. `get_instance()` tests
 * `_instance is None` outside the lock (cheap), then takes the lock and builds the
 * instance — but does not test again inside it. Two threads that both saw None build it
 * twice, one after the other: the second overwrites the first, which another thread may
 * already hold. With `fixed=true` the test is repeated under the lock.
 */
import { type Blocking, defineScenario, Lock, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'double-checked-init',
  summary: 'bug: a lazily built singleton is tested outside its lock but not again inside',
  expectFailure: true,
  params: {
    threads: param.int({ default: 2, min: 1, max: 1000, checkMax: 4, doc: 'threads calling get_instance()' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'test again under the lock (the fix)' }),
  },
  *main(p) {
    let instance: { id: number } | null = null;
    let built = 0;
    const lock = new Lock({ name: 'init-lock' });
    function* getInstance(): Blocking<{ id: number }> {
      if (instance === null) {
        using _held = yield* lock.hold(); // with lock:
        if (!p.fixed || instance === null) {
          built++;
          yield* sleep(0); // the constructor opens a file: a scheduling point
          instance = { id: built };
        }
      }
      return instance;
    }
    const ts = Array.from(
      { length: p.threads },
      (_, i) =>
        new Thread({
          name: `user-${i + 1}`,
          *target() {
            yield* getInstance();
          },
        }),
    );
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    return { built };
  },
  invariants: [
    {
      name: 'built-once',
      statement: 'the singleton is built exactly once',
      check: (r) => (r.built !== 1 ? `the singleton was built ${r.built} times` : undefined),
    },
  ],
});
