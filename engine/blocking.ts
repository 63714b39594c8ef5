/**
 * The type of a blocking call: a generator that a simulated thread drives with `yield*`,
 * suspending at each scheduling point inside, and that returns a `T`. `lock.acquire()` is
 * a `Blocking<boolean>`, `sleep(1)` a `Blocking<void>`; a thread's target, a scenario's
 * `main` and a pool's task are functions returning one.
 */
export type Blocking<T = void> = Generator<unknown, T, unknown>;
