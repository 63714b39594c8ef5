/**
 * Python's `with lock:` as explicit resource management: `using held = yield* lock.hold()`
 * takes the lock, and releases it when `held` leaves its block — by falling off the end,
 * by `return`, `break` or an exception — as `with` calls `__exit__`. The closure form,
 * `yield* lock.with(function* () { … })`, stays for code that prefers it.
 */
import type { Blocking, Op } from '../../engine/index.ts';

/** Drives `acquire`, then hands back what releases: the body of every `hold()`. */
export function* holding(acquire: () => Op<unknown>, release: () => void): Blocking<Disposable> {
  yield* acquire();
  return { [Symbol.dispose]: release };
}
