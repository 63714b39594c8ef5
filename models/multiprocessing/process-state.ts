/**
 * multiprocessing's module globals, per simulated process and per run: what CPython 3.11
 * keeps in `process.py` (`_current_process`, `_parent_process`, `_children`,
 * `_process_counter`) and `util.py` (the finalizer registry, `_exiting`) for each
 * process, and what `context.py` keeps once (the start method, whether `spawn` is
 * pickling). A run-local table, since concsim's processes share one JavaScript heap.
 */

import { type Kernel, kernel, RunLocal, type SimProcess } from '../../engine/index.ts';
import { RuntimeError } from '../errors.ts';
import type { Process } from './process.ts';
import type { StartMethod } from './start-method.ts';

/** A registered `util.Finalize` callback. */
export interface FinalizerEntry {
  readonly priority: number;
  readonly seq: number;
  readonly fn: () => unknown;
}

/** Python's module globals of `multiprocessing.process` and `util`, for one process. */
export interface ProcState {
  /** `_process_counter`: numbers the Process objects this process creates. */
  counter: number;
  /** `_current_process._identity`. */
  readonly identity: readonly number[];
  /** `_current_process`. */
  readonly current: Process;
  /** `_parent_process`. */
  readonly parent: Process | null;
  /** `_children`: started children not yet seen to have exited. */
  readonly children: Set<Process>;
  /** `util._finalizer_registry`. */
  readonly finalizers: FinalizerEntry[];
  /** `util._exiting`. */
  exiting: boolean;
  /** When this process's last `fork()` returns: its forks take turns (the cost model's `forkParent`). */
  forkFreeAt?: number;
}

interface MpState {
  /** The default context's `_actual_context`: set by `setStartMethod` or the first use. */
  startMethod: StartMethod | null;
  readonly procs: Map<SimProcess, ProcState>;
  finalizerSeq: number;
  /** Non-zero while `spawn` pickles a process object (`context.get_spawning_popen()`). */
  spawning: number;
}

const STATE = new RunLocal<MpState>(() => ({ startMethod: null, procs: new Map(), finalizerSeq: 0, spawning: 0 }));

/** The run's multiprocessing state. */
export function mpState(k: Kernel): MpState {
  return k.local(STATE);
}

/** The simulated process the caller runs in (the main process outside any thread). */
export function currentSim(k: Kernel): SimProcess {
  return k.current?.process ?? k.mainProcess;
}

/** True while `spawn` pickles what it sends to a child (`context.get_spawning_popen()`). */
export function isSpawning(): boolean {
  return mpState(kernel('isSpawning()')).spawning > 0;
}

/**
 * `context.assert_spawning(obj)`: objects that only cross to a child at its start (a
 * Queue) raise RuntimeError when pickled at any other time.
 */
export function assertSpawning(typeName: string): void {
  if (!isSpawning()) {
    throw new RuntimeError(`${typeName} objects should only be shared between processes through inheritance`);
  }
}
