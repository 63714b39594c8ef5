/**
 * Bug: `if not q.empty(): item = q.get()` with several consumers. Between the test and
 * the `get()` another consumer can take the last item; the blocking `get()` then waits
 * for an item that never comes — the program hangs (a deadlock verdict). Python's docs
 * warn that `empty()` guarantees nothing. With `fixed=true` consumers call
 * `get_nowait()` and stop on `queue.Empty`.
 */
import { defineScenario, Empty, param, Queue, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'queue-empty-get',
  summary: 'bug: consumers test q.empty() and then call a blocking q.get()',
  expectFailure: true,
  params: {
    consumers: param.int({ default: 2, min: 1, max: 100, checkMax: 4, doc: 'consumer threads' }),
    items: param.int({ default: 3, min: 0, max: 10_000, checkMax: 6, doc: 'items queued up front' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'get_nowait() and stop on Empty (the fix)' }),
  },
  *main(p) {
    const q = new Queue<number>(0, { name: 'jobs' });
    for (let i = 0; i < p.items; i++) yield* q.put(i);
    const done: number[] = [];
    const ts = Array.from(
      { length: p.consumers },
      (_, i) =>
        new Thread({
          name: `consumer-${i + 1}`,
          *target() {
            for (;;) {
              let item: number;
              if (p.fixed) {
                try {
                  item = q.getNowait();
                } catch (e) {
                  if (e instanceof Empty) break;
                  throw e;
                }
              } else {
                if (q.empty()) break;
                item = yield* q.get();
              }
              yield* sleep(0); // handle the item
              done.push(item);
            }
          },
        }),
    );
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    return { done: done.length };
  },
});
