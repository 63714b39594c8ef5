/**
 * What a fork copies of the threading primitives. `os.fork()` (under multiprocessing's
 * `fork` start method) copies the parent's memory, every lock's state included, but only
 * the forking thread: a lock that another thread held at the fork stays held in the child,
 * where no thread will ever release it, and the child deadlocks if it takes it; a free
 * lock is free in both, and taking it in one leaves it free in the other; an RLock the
 * forking thread owned is owned, with its count, by the child's main thread (the forking
 * thread's copy).
 *
 * Model objects are shared JavaScript objects between parent and child (closures cannot
 * be copied), so a primitive's copy is made lazily, copy-on-write: the run keeps the list
 * of forks, and a primitive, on its next use in any process, first gives each child forked
 * since its last use its own state as it stood at that fork — before that use changes it.
 */
import { type Fiber, type Kernel, RunLocal, type SimProcess } from '../engine/index.ts';

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
 * State of a model object as each process sees it, copied at every fork that happened
 * while the object existed: `get(k)` is the running thread's process's own. The state of
 * the process that made the object (and of processes forked before it existed, which
 * cannot reach it in CPython) is the original.
 */
export class PerProcess<T> {
  #forksSeen: number;
  #copies: Map<SimProcess, T> | null = null;

  constructor(
    k: Kernel,
    private readonly original: T,
    /** The child's copy of `state`, the parent's at the fork `f`. */
    private readonly copy: (state: T, f: Fork) => T,
    /** In memory shared between processes (multiprocessing's primitives): never copied. */
    shared = false,
  ) {
    this.#forksSeen = shared ? -1 : k.local(FORKS).length;
  }

  /** The state as the running thread's process sees it (copying first into children forked since the last use). */
  get(k: Kernel): T {
    if (this.#forksSeen < 0) return this.original;
    const forks = k.local(FORKS);
    if (this.#forksSeen !== forks.length) {
      for (let i = this.#forksSeen; i < forks.length; i++) {
        const f = forks[i] as Fork;
        const there = this.#copies?.get(f.parent) ?? this.original;
        this.#copies ??= new Map();
        this.#copies.set(f.child, this.copy(there, f));
      }
      this.#forksSeen = forks.length;
    }
    const copies = this.#copies;
    if (copies === null || k.current === null) return this.original;
    return copies.get(k.current.process) ?? this.original;
  }
}

/** A thread as a fork's child knows it: the child's main thread for the forking thread, else null (it does not exist there). */
export function forkedThread(t: Fiber | null, f: Fork): Fiber | null {
  return t !== null && t === f.forker ? f.childMain : null;
}

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
