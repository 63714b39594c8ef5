/**
 * Bug: a thread uses shared state before it is initialised. The main thread starts a
 * worker, logs, and only then fills in the configuration the worker reads — relying on
 * the worker being slow to start. If the worker runs first it reads `None`. With
 * `fixed=true` the configuration is published before the worker starts.
 */
import { defineScenario, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'use-before-init',
  summary: 'bug: a worker reads a configuration the main thread fills in only after starting it',
  expectFailure: true,
  params: {
    fixed: param.boolean({ default: false, drawn: false, doc: 'initialise before starting the worker (the fix)' }),
  },
  *main(p) {
    let config: { url: string } | null = null;
    let seen: string | null = null;
    const worker = new Thread({
      name: 'worker',
      *target() {
        yield* sleep(0); // import a module
        seen = config === null ? null : config.url;
      },
    });
    if (p.fixed) config = { url: 'db://primary' };
    yield* worker.start();
    yield* sleep(0); // logging.info("worker started")
    if (!p.fixed) config = { url: 'db://primary' };
    yield* worker.join();
    return { seen };
  },
  invariants: [
    {
      name: 'initialised-before-use',
      statement: 'the worker reads the configuration after it is set',
      check: (r) => (r.seen === null ? 'the worker read the configuration before it was set (None)' : undefined),
    },
  ],
});
