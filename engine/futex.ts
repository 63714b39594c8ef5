/**
 * glibc's mutex and condition variable over Linux futexes, as code an OS thread runs in the
 * costed CPU model (engine/os-cpu.ts): what CPython's GIL is built from (engine/gil.ts). The
 * code is a generator that yields what it asks of the OS — to run for a while, to sleep on a
 * futex, to wake a futex's sleeper — with the request's arguments on the thread, so that a
 * request allocates nothing.
 *
 * Deliberate differences from glibc: the mutex never spins before sleeping (glibc's default
 * mutex does not either); a condition variable's waiters are signalled in FIFO order and a
 * signal wakes exactly the waiter it picks (glibc's groups make both nearly so); a futex wake
 * that finds nobody asleep costs nothing, and atomic operations take no time (both are well
 * below the kernel's tick).
 */
import type { OsThread } from './os-cpu.ts';

/** Run `thread.ticks` of Python under the GIL (a drop request cuts it short). */
export const RUN_PYTHON = 0;
/** Run `thread.ticks` of a system call or other work without the GIL. */
export const RUN_CALL = 1;
/** Run `thread.ticks` of the OS's own work (not slowed by the other cores). */
export const RUN_OS = 2;
/** Sleep on `thread.futex` (null: on whatever the fiber blocks on), for `thread.timeout` ticks at most (-1: no limit). */
export const SLEEP = 3;
/** Wake `thread.target` (null: the first sleeper) from `thread.futex`. */
export const WAKE = 4;

/** An OS thread's code: yields requests, and returns its result (if any) when done. */
export type OsCode<T = void> = Generator<number, T, void>;

/** A futex word's queue of sleeping threads, in the order they went to sleep. */
export class Futex {
  readonly sleepers: OsThread[] = [];
}

/** glibc's lowlevellock: 0 free, 1 taken, 2 taken and maybe slept on (then unlocking wakes one sleeper). */
export class Mutex {
  state: 0 | 1 | 2 = 0;
  readonly futex = new Futex();
}

/** A condition variable: the threads waiting, in order, and the futex they sleep on. */
export class CondVar {
  readonly waiters: OsThread[] = [];
  readonly futex = new Futex();
}

/**
 * pthread_mutex_lock. A thread that finds the mutex taken marks it contended and sleeps until
 * an unlock wakes it, then tries again (and may lose to a thread that never slept).
 * `contended`: lock as a woken condition-variable waiter does (`__pthread_mutex_cond_lock`),
 * always marking the mutex contended.
 */
export function* lock(t: OsThread, m: Mutex, contended = false): OsCode {
  if (!contended && m.state === 0) {
    m.state = 1;
    return;
  }
  for (;;) {
    const old = m.state;
    m.state = 2;
    if (old === 0) return;
    yield t.sleep(m.futex, -1);
  }
}

/** pthread_mutex_unlock: a mutex marked contended wakes one sleeper, whether or not one sleeps. */
export function* unlock(t: OsThread, m: Mutex): OsCode {
  const old = m.state;
  m.state = 0;
  if (old === 2) yield t.wake(m.futex, null);
}

/**
 * pthread_cond_timedwait on `c` with `m` held (`timeout` in ticks, -1 for none): unlocks `m`,
 * sleeps until signalled or timed out, locks `m` again. Returns whether it timed out.
 */
export function* wait(t: OsThread, c: CondVar, m: Mutex, timeout: number): OsCode<boolean> {
  c.waiters.push(t);
  t.signalled = false;
  yield* unlock(t, m);
  let timedOut = false;
  if (!t.signalled) {
    yield t.sleep(c.futex, timeout);
    if (!t.signalled) {
      timedOut = true;
      c.waiters.splice(c.waiters.indexOf(t), 1);
    }
  }
  yield* lock(t, m, true);
  return timedOut;
}

/** pthread_cond_signal: wakes the first waiter, if any. */
export function* signal(t: OsThread, c: CondVar): OsCode {
  const w = c.waiters.shift();
  if (w === undefined) return;
  w.signalled = true;
  yield t.wake(c.futex, w);
}
