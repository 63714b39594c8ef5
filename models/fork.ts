/**
 * What a fork copies of the threading locks. `os.fork()` (under multiprocessing's `fork`
 * start method) copies the parent's memory, every lock's state included, but only the
 * forking thread: a lock that another thread held at the fork stays held in the child,
 * where no thread will ever release it, and the child deadlocks if it takes it.
 *
 * Model objects are shared JavaScript objects between parent and child (closures cannot
 * be copied), so a lock's copy is made lazily, copy-on-write: the run keeps the list of
 * forks, and a lock, on its next use in any process, first gives each child forked since
 * its last use its own state as it stood at that fork — before that use changes it. Only
 * a lock held at the fork is copied; see `Lock` for what a free one does.
 */
import { type Fiber, RunLocal, type SimProcess } from '../engine/index.ts';

export interface Fork {
  readonly parent: SimProcess;
  readonly child: SimProcess;
  /** The thread that forked (its copy is the child's main thread). */
  readonly forker: Fiber | null;
  /** The child's main thread. */
  readonly childMain: Fiber;
}

/** Every fork of the run, in order. */
export const FORKS = new RunLocal<Fork[]>(() => []);

/**
 * Called when a process starts a child, at once (before the child runs), with `copy`: what
 * the child gets of a value of the parent's memory. At a fork, `copy` is the one that
 * copied the child's arguments (one memo: an object reachable both ways is one object in
 * the child); at a spawn, a fresh one. A front end copies its interpreter state with it
 * (the Python runtime: its module globals).
 */
export type ForkListener = (
  parent: SimProcess,
  child: SimProcess,
  copy: (value: unknown) => unknown,
  method: 'fork' | 'spawn',
) => void;

/** The run's fork listeners. */
export const FORK_LISTENERS = new RunLocal<ForkListener[]>(() => []);
