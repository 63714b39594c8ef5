/**
 * glibc's mutex and condition variable over Linux futexes, as code an OS thread runs in the
 * costed CPU model (engine/os-cpu.ts): what CPython's GIL is built from (engine/gil.ts). The
 * code is a generator that yields what it asks of the OS — to run for a while, to sleep on a
 * futex, to wake a futex's sleeper — with the request's arguments on the thread, so that a
 * request allocates nothing.
 *
 * The condition variable is glibc 2.36's, groups and all: a signaller that finds the waiters it
 * signalled before still inside their futex wait blocks until they have run, holding the GIL's
 * mutex, and that is much of what makes a process's threads convoy on the GIL on two cores
 * (MEASUREMENTS-2026-12-07.md, session 9). A simpler FIFO queue of waiters, each signal waking
 * its own, let two threads keep the GIL between them while the rest queued for a core.
 *
 * Deliberate differences from glibc: the mutex never spins before sleeping (glibc's default
 * mutex does not either); a futex wake that finds nobody asleep costs nothing, and atomic
 * operations take no time (both are well below the kernel's tick).
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

/**
 * glibc's condition variable (nptl, 2.36 as on the machine): waiters take positions in order and
 * fall into two groups. Signals go to G1, the waiters that were waiting when it was formed; new
 * waiters join G2. When G1 has no waiter left to signal, the signaller closes it, waits until
 * every waiter of G1 that sleeps or is still inside its futex wait has left (`__g_refs`: a woken
 * waiter must run first), and only then makes G2 the new G1 — holding the caller's mutex all the
 * while. A signal adds a token to G1 and wakes one sleeper of G1's futex; any waiter of G1 may
 * take the token. Group indexes alternate 0 and 1, as in glibc; `g2` is G2's.
 */
export class CondVar {
  /** Positions handed out so far, where G1 starts, and how many waiters it was formed with. */
  wseq = 0;
  g1Start = 0;
  g1OrigSize = 0;
  g2 = 0;
  /** Per group: waiters still to signal (G1) or minus those cancelled (G2); tokens not yet taken; closed. */
  readonly size = [0, 0];
  readonly signals = [0, 0];
  readonly closed = [false, false];
  /** Per group: waiters inside their futex wait, and whether a signaller waits for them to leave. */
  readonly refs = [0, 0];
  readonly wakeRequest = [false, false];
  /** Per group: the futex its waiters sleep on (`__g_signals`), and the one a quiescing signaller sleeps on (`__g_refs`). */
  readonly futex = [new Futex(), new Futex()];
  readonly refsFutex = [new Futex(), new Futex()];
  /** Waiters between the start of their wait and its end (`__wrefs`): none, and a signal does nothing. */
  waiters = 0;
  /** The internal lock signallers and timed-out waiters take (in `__g1_orig_size`'s low bits). */
  readonly lock = new Mutex();
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
 * pthread_cond_timedwait on `c` with `m` held (`timeout` in ticks from now, -1 for none): takes a
 * position, unlocks `m`, and waits for a token of its group — sleeping on the group's futex,
 * holding a group reference while it does — or for its group to be closed (all its waiters
 * signalled); then locks `m` again. Returns whether it timed out.
 */
export function* wait(t: OsThread, c: CondVar, m: Mutex, timeout: number): OsCode<boolean> {
  const pos = c.wseq++;
  const g = c.g2;
  const deadline = timeout < 0 ? -1 : t.now() + timeout;
  c.waiters++;
  yield* unlock(t, m);
  let timedOut = false;
  for (;;) {
    if (c.closed[g]) break;
    if ((c.signals[g] as number) > 0) {
      (c.signals[g] as number)--;
      if (pos < c.g1Start) yield* giveBack(t, c, g);
      break;
    }
    (c.refs[g] as number)++;
    if (c.closed[g] || pos < c.g1Start) {
      yield* leave(t, c, g);
      break;
    }
    const left = deadline < 0 ? -1 : deadline - t.now();
    if (deadline >= 0 && left <= 0) t.timedOut = true;
    else yield t.sleep(c.futex[g] as Futex, left);
    yield* leave(t, c, g);
    if (t.timedOut) {
      timedOut = true;
      yield* cancel(t, c, pos, g);
      break;
    }
  }
  c.waiters--;
  yield* lock(t, m, true);
  return timedOut;
}

/** A waiter leaves its futex wait (`__condvar_dec_grefs`): the last one out wakes a signaller waiting for the group to quiesce. */
function* leave(t: OsThread, c: CondVar, g: number): OsCode {
  if (--(c.refs[g] as number) === 0 && c.wakeRequest[g]) {
    c.wakeRequest[g] = false;
    yield t.wake(c.refsFutex[g] as Futex, null);
  }
}

/**
 * A waiter of a closed group took a token of the newer group that now has its index: it may
 * have stolen it from a waiter of that group, so it puts one back (and a wake-up) while the group
 * is still G1 and open.
 */
function* giveBack(t: OsThread, c: CondVar, g: number): OsCode {
  if (g === c.g2 || c.closed[g]) return;
  (c.signals[g] as number)++;
  yield t.wake(c.futex[g] as Futex, null);
}

/**
 * A waiter timed out (`__condvar_cancel_waiting`): it leaves its group's count, or, if a signal
 * was already meant for it (its group closed, or G1 with no waiter left to signal), it passes
 * that signal on.
 */
function* cancel(t: OsThread, c: CondVar, pos: number, g: number): OsCode {
  yield* lock(t, c.lock);
  let consumed = false;
  if (pos < c.g1Start) consumed = true;
  else if (pos >= c.g1Start + c.g1OrigSize || c.size[g] !== 0) (c.size[g] as number)--;
  else consumed = true;
  yield* unlock(t, c.lock);
  if (consumed) yield* signal(t, c);
}

/** pthread_cond_signal: a token to G1 and a futex wake-up for it, after forming a new G1 if the old one is used up. */
export function* signal(t: OsThread, c: CondVar): OsCode {
  if (c.waiters === 0) return;
  yield* lock(t, c.lock);
  const woken = c.size[c.g2 ^ 1] !== 0 || (yield* switchGroups(t, c));
  const g1 = c.g2 ^ 1;
  if (woken) {
    (c.signals[g1] as number)++;
    (c.size[g1] as number)--;
  }
  yield* unlock(t, c.lock);
  if (woken) yield t.wake(c.futex[g1] as Futex, null);
}

/**
 * `__condvar_quiesce_and_switch_g1`: if G2 has waiters, closes G1, waits until none of its waiters
 * is inside its futex wait any more (they must run to leave), and makes G2 the new G1, formed
 * with every waiter that has come since. Returns whether the new G1 has a waiter to signal.
 */
function* switchGroups(t: OsThread, c: CondVar): OsCode<boolean> {
  const g1 = c.g2 ^ 1;
  if (c.wseq - c.g1Start - c.g1OrigSize + (c.size[c.g2] as number) === 0) return false;
  c.closed[g1] = true;
  while ((c.refs[g1] as number) > 0) {
    c.wakeRequest[g1] = true;
    yield t.sleep(c.refsFutex[g1] as Futex, -1);
  }
  c.g1Start += c.g1OrigSize;
  c.signals[g1] = 0;
  c.closed[g1] = false;
  c.g2 = g1;
  const n = g1 ^ 1;
  c.g1OrigSize = c.wseq - c.g1Start;
  (c.size[n] as number) += c.g1OrigSize;
  return c.size[n] !== 0;
}
