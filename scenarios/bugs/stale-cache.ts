/**
 * Bug: a read-through cache serves a stale value for ever (the cache-invalidation race of
 * memcached-style code, a depth-2 bug in the sense of the PCT paper). A request handler
 * that misses the cache reads the database and then stores what it read; an updater
 * writes the database and then invalidates the key. If the handler reads the old value,
 * the updater writes and invalidates (there is nothing to invalidate yet), and only then
 * the handler stores — the old value stays cached after every thread is done. The updater
 * is started first, as the service starts its refresher before taking requests, so the
 * non-preemptive schedule runs it to completion first and passes; the bug needs two
 * preemptions: one to hold the updater back before its write until the handler has read,
 * one to hold the handler back between its read and its store until the updater is done.
 * With `fixed=true` the handler's read-and-store and the updater's write-and-invalidate
 * are each done under one lock.
 */
import { type Blocking, defineScenario, Lock, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'stale-cache',
  summary: 'bug: a cache filled from the database after a concurrent update has invalidated it keeps the old value',
  expectFailure: true,
  params: {
    fixed: param.boolean({ default: false, drawn: false, doc: 'fill and invalidate under one lock (the fix)' }),
  },
  *main(p) {
    const db = new Map<string, string>([['price', 'v1']]);
    const cache = new Map<string, string>();
    const lock = new Lock({ name: 'cache-lock' });
    const served: string[] = [];

    function* dbQuery(key: string): Blocking<string> {
      const v = db.get(key) as string;
      yield* sleep(0); // the query's reply travels back: a scheduling point
      return v;
    }
    function* dbUpdate(key: string, value: string): Blocking {
      yield* sleep(0); // connect and send the UPDATE: a scheduling point
      db.set(key, value);
    }

    function* get(key: string): Blocking<string> {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      using _held = p.fixed ? yield* lock.hold() : undefined;
      const v = yield* dbQuery(key);
      cache.set(key, v);
      return v;
    }
    function* update(key: string, value: string): Blocking {
      using _held = p.fixed ? yield* lock.hold() : undefined;
      yield* dbUpdate(key, value);
      cache.delete(key);
    }

    const updater = new Thread({
      name: 'updater',
      *target() {
        yield* update('price', 'v2');
      },
    });
    const handler = new Thread({
      name: 'handler',
      *target() {
        served.push(yield* get('price'));
      },
    });
    yield* updater.start();
    yield* handler.start();
    yield* updater.join();
    yield* handler.join();
    return { served, cached: cache.get('price') ?? null, stored: db.get('price') as string };
  },
  invariants: [
    {
      name: 'cache-coherent',
      statement: 'once every thread is done, a cached value is the one in the database',
      check: (r) =>
        r.cached !== null && r.cached !== r.stored
          ? `the cache holds ${r.cached} while the database holds ${r.stored}: a stale fill outlived the invalidation`
          : undefined,
    },
  ],
});
