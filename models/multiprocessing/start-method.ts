/**
 * The run's start method, as CPython 3.11's `context.py` keeps it for the default
 * context: `fork` or `spawn` (`forkserver` is not modelled), fixed by
 * `setStartMethod` or by its first use.
 */

import { kernel } from '../../engine/index.ts';
import { RuntimeError, ValueError } from '../errors.ts';
import { mpState } from './process-state.ts';
import { pyRepr } from './py-repr.ts';

/**
 * How a process starts: `fork` (copies the parent) or `spawn` (a fresh interpreter, slower to
 * start).
 */
export type StartMethod = 'fork' | 'spawn';

const START_METHODS: readonly StartMethod[] = ['fork', 'spawn'];

/**
 * `multiprocessing.get_start_method()`: the run's start method; asking fixes it (to
 * `fork`, Linux's default), as Python's default context does. `allowNone` only peeks.
 */
export function getStartMethod(allowNone = false): StartMethod | null {
  const s = mpState(kernel('getStartMethod()'));
  if (s.startMethod === null && !allowNone) s.startMethod = 'fork';
  return s.startMethod;
}

/**
 * `multiprocessing.set_start_method(method, force=False)` for this run: RuntimeError once
 * the method is set or used (a process started, a Pool made) unless `force`.
 */
export function setStartMethod(method: StartMethod | null, o: { readonly force?: boolean } = {}): void {
  const s = mpState(kernel('setStartMethod()'));
  const force = o.force ?? false;
  if (s.startMethod !== null && !force) throw new RuntimeError('context has already been set');
  if (method === null && force) {
    s.startMethod = null;
    return;
  }
  if (!START_METHODS.includes(method as StartMethod)) throw new ValueError(`cannot find context for ${pyRepr(method)}`);
  s.startMethod = method as StartMethod;
}

/** `multiprocessing.get_all_start_methods()` as modelled. */
export function getAllStartMethods(): StartMethod[] {
  return [...START_METHODS];
}
