/**
 * Python's frame depth per thread and per greenlet. CPython counts the recursion depth in
 * the thread state, and greenlet saves and restores it at every switch, so each thread and
 * each greenlet has its own budget of `sys.getrecursionlimit()` frames. The runtime keeps
 * one counter (`R.depth`, checked at every call); here the kernel's context-switch hook
 * saves it for the fiber that stops and loads the one of the fiber that resumes. Without
 * it, 500 threads and 500 greenlets each suspended inside a function add up to a
 * RecursionError (the note's echo server with its clients in one process).
 *
 * A fiber's depth starts at the frames CPython has below its function: a thread's
 * bootstrap (`_bootstrap`, `_bootstrap_inner`, `run`: 3), a gevent greenlet's 8 (gevent
 * 22.10 with its C accelerators: `gevent.spawn(f)` runs `f` at depth 9), a thread under
 * monkey patching 12, others 1. Not modelled: the frames of a pool's worker loop (a
 * ThreadPoolExecutor task runs 2 frames deeper in CPython) or of asyncio's event loop.
 */
import type { Fiber, Kernel } from '../../engine/index.ts';
import { geventState } from '../../models/gevent/hub.ts';
import { Thread } from '../../models/threading/thread.ts';
import { R } from '../runtime/call.ts';

const THREAD_BASE = 3;
const GREENLET_BASE = 8;
const PATCHED_THREAD_BASE = 12;

function baseDepth(k: Kernel, f: Fiber): number {
  if (geventState(k).greenletsByFiber.has(f)) return GREENLET_BASE;
  // Under monkey patching a thread runs as a greenlet of its hub: both stacks of frames.
  if (f.owner instanceof Thread) return f.baton === null ? THREAD_BASE : PATCHED_THREAD_BASE;
  return 1;
}

/** Gives every fiber of the run its own frame depth, from now on (the current fiber keeps `R.depth`). */
export function framesPerFiber(k: Kernel): void {
  const depths = new WeakMap<Fiber, number>();
  k.onSwitch = (prev, next) => {
    if (prev !== null) depths.set(prev, R.depth);
    R.depth = depths.get(next) ?? baseDepth(k, next);
  };
}
