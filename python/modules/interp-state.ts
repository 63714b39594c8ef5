/**
 * The interpreter state CPython keeps per thread, per greenlet and per process, over the
 * runtime's single copies of it: the kernel's context-switch hook (`Kernel.onSwitch`)
 * saves it for the fiber that stops and loads that of the fiber that resumes.
 *
 * Frame depth. CPython counts the recursion depth in the thread state, and greenlet saves
 * and restores it at every switch, so each thread and each greenlet has its own budget of
 * `sys.getrecursionlimit()` frames. The runtime keeps one counter (`R.depth`, checked at
 * every call). Without the swap, 500 threads and 500 greenlets each suspended inside a
 * function add up to a RecursionError (the note's echo server with its clients in one
 * process). A fiber's depth starts at the frames CPython has below its function: a
 * thread's bootstrap (`_bootstrap`, `_bootstrap_inner`, `run`: 3), a gevent greenlet's 8
 * (gevent 22.10 with its C accelerators: `gevent.spawn(f)` runs `f` at depth 9), a thread
 * under monkey patching 12, others 1. Not modelled: the frames of a pool's worker loop (a
 * ThreadPoolExecutor task runs 2 frames deeper in CPython) or of asyncio's event loop.
 *
 * Module globals. A forked child starts with a copy of its parent's memory: the main
 * module's namespace is copied at the fork (`FORK_LISTENERS`, with the copier that copies
 * the child's arguments, so an object reachable both ways is one object in the child), and
 * from then on each process reads and writes its own: a change in the child is invisible
 * to the parent and the other way round. Compiled code reads globals from one object (`G`),
 * so a switch to a fiber of another process swaps that object's entries for the ones of
 * that process. What the copy shares: functions (they read `G`), classes and modules (by
 * reference, as pickling does), and the models' objects, which copy their own state at a
 * fork where they must (locks: models/fork.ts; queues and pipes cross processes). A spawned
 * child gets a copy as of its start (CPython re-imports the main module there instead).
 */
import { activeKernel, type Fiber, type Kernel, type SimProcess } from '../../engine/index.ts';
import { FORK_LISTENERS } from '../../models/fork.ts';
import { isGreenletFiber } from '../../models/gevent/hub.ts';
import { Thread } from '../../models/threading/thread.ts';
import { R } from '../runtime/call.ts';

const THREAD_BASE = 3;
const GREENLET_BASE = 8;
const PATCHED_THREAD_BASE = 12;

function baseDepth(k: Kernel, f: Fiber): number {
  if (isGreenletFiber(k, f)) return GREENLET_BASE;
  // Under monkey patching a thread runs as a greenlet of its hub: both stacks of frames.
  if (f.owner instanceof Thread) return f.baton === null ? THREAD_BASE : PATCHED_THREAD_BASE;
  return 1;
}

type Entries = [string, unknown][];

function entriesOf(g: Record<string, unknown>): Entries {
  const out: Entries = [];
  for (const key of Object.keys(g)) out.push([key, g[key]]);
  return out;
}

function load(g: Record<string, unknown>, entries: Entries): void {
  for (const key of Object.keys(g)) delete g[key];
  for (const [key, v] of entries) g[key] = v;
}

/**
 * From now on, every fiber of the run has its own frame depth (the current one keeps
 * `R.depth`) and every process forked from now on its own copy of the globals `g`.
 */
export function interpreterStatePerFiber(k: Kernel, g: Record<string, unknown>): void {
  // A Map, not a WeakMap: it lives as long as the run's kernel, and is faster at each switch.
  const depths = new Map<Fiber, number>();
  /** The globals of the processes whose entries are not in `g` now. */
  const spaces = new Map<SimProcess, Entries>();
  let owner: SimProcess | null = k.current?.process ?? null;
  k.local(FORK_LISTENERS).push((parent, child, copy) => {
    const src = parent === owner ? entriesOf(g) : spaces.get(parent);
    if (src !== undefined) spaces.set(child, copy(src) as Entries);
  });
  k.onSwitch = (prev, next) => {
    // A finished fiber's depth is never read again: dropping it lets the fiber go (issue 14).
    if (prev?.state === 'done') depths.delete(prev);
    else if (prev !== null) depths.set(prev, R.depth);
    // The kernel is the active one (the hook runs within its run), not captured: a closure
    // holding the kernel, stored on it, made V8 pretenure a check loop's per-run objects, so
    // dead runs outlived young-generation collections (twice the GC time, half the speed).
    R.depth = depths.get(next) ?? baseDepth(activeKernel() as Kernel, next);
    const p = next.process;
    if (p === owner) return;
    const mine = spaces.get(p);
    if (mine === undefined) return; // a process with no copy of its own shares the current one
    if (owner !== null) spaces.set(owner, entriesOf(g));
    spaces.delete(p);
    load(g, mine);
    owner = p;
  };
}
