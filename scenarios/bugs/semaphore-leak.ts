/**
 * Bug: a semaphore permit leaked on an early return. Fetchers share a pool of
 * connections (a BoundedSemaphore); a fetcher that finds its key already being fetched by
 * another returns early — without releasing its permit. That only happens when two
 * fetches of one key overlap, so most schedules pass; when it does, the shutdown code that
 * takes every permit back (to be sure no connection is in use) waits forever. With
 * `fixed=true` the permit is released in a `finally`.
 */
import { type Blocking, BoundedSemaphore, defineScenario, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'semaphore-leak',
  summary: 'bug: a fetcher returns early without releasing its connection-pool semaphore',
  expectFailure: true,
  params: {
    connections: param.int({ default: 2, min: 1, max: 100, checkMax: 3, doc: 'connections in the pool' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'release in a finally (the fix)' }),
  },
  *main(p) {
    const pool = new BoundedSemaphore(p.connections, { name: 'connections' });
    const inFlight = new Set<string>();
    const keys = ['a', 'a', 'b'];
    function* fetch(key: string): Blocking {
      yield* pool.acquire();
      try {
        if (inFlight.has(key)) return; // another fetcher has it: reuse its result
        inFlight.add(key);
        yield* sleep(0); // the request
        inFlight.delete(key);
        if (!p.fixed) pool.release(); // the bug: released on the normal path only
      } finally {
        if (p.fixed) pool.release();
      }
    }
    const ts = keys.map(
      (key, i) =>
        new Thread({
          name: `fetch-${i + 1}-${key}`,
          *target() {
            yield* fetch(key);
          },
        }),
    );
    for (const t of ts) yield* t.start();
    for (const t of ts) yield* t.join();
    for (let i = 0; i < p.connections; i++) yield* pool.acquire(); // shutdown: every connection back
    return { keys: keys.length };
  },
});
