/**
 * What a child process runs when its `run()` returns, as CPython 3.11 writes it:
 * `util._exit_function` (finalizers of priority 0 and up, daemonic children terminated,
 * the others joined, then the remaining finalizers) and `threading._shutdown` (the
 * process's other non-daemon threads joined).
 */

import type { Blocking, Fiber, SimProcess } from '../../engine/index.ts';
import { drive } from '../drive.ts';
import { enumerateThreads } from '../threading/thread.ts';
import type { Process } from './process.ts';
import type { ProcState } from './process-state.ts';

/** `util._run_finalizers(minpriority)`: highest priority first, then latest first. */
function* runFinalizers(ps: ProcState, minpriority: number | null): Blocking {
  for (;;) {
    const due = ps.finalizers
      .filter((f) => minpriority === null || f.priority >= minpriority)
      .sort((a, b) => b.priority - a.priority || b.seq - a.seq);
    const f = due[0];
    if (f === undefined) return;
    ps.finalizers.splice(ps.finalizers.indexOf(f), 1);
    yield* drive(f.fn());
  }
}

/** `util._exit_function`, as a child process runs it after `run()`. */
export function* exitFunction(ps: ProcState): Blocking {
  if (ps.exiting) return;
  ps.exiting = true;
  yield* runFinalizers(ps, 0);
  for (const p of liveChildren(ps)) if (p.daemon) p.terminate();
  for (const p of liveChildren(ps)) yield* p.join();
  yield* runFinalizers(ps, null);
}

/** `_children` without the exited ones (`process._cleanup`). */
export function liveChildren(ps: ProcState): Process[] {
  for (const p of [...ps.children]) if (p.exitcode !== null) ps.children.delete(p);
  return [...ps.children];
}

/** `threading._shutdown` in a child: wait for the process's other non-daemon threads. */
export function* joinNonDaemonThreads(sim: SimProcess, me: Fiber): Blocking {
  for (;;) {
    const t = enumerateThreads().find((x) => x.fiber !== me && x.fiber?.process === sim && !x.daemon);
    if (t === undefined) return;
    yield* t.join();
  }
}
