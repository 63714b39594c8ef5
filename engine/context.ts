/**
 * The kernel of the run in progress. Python's primitives take no environment argument
 * (`threading.Event()`), so models find the kernel here; runs are synchronous, so at most
 * one kernel is active at a time and the variable is restored when a run ends.
 */
import { NoKernelError } from './errors.ts';
import type { Kernel } from './kernel.ts';

let active: Kernel | null = null;

/** The running simulation's kernel; throws a clear error outside a run. */
export function kernel(what = 'this operation'): Kernel {
  if (active === null) throw new NoKernelError(what);
  return active;
}

/** The running kernel, or null outside a run. */
export function activeKernel(): Kernel | null {
  return active;
}

/** Makes `k` the active kernel and returns the previous one (for the kernel's own use). */
export function swapActive(k: Kernel | null): Kernel | null {
  const prev = active;
  active = k;
  return prev;
}
