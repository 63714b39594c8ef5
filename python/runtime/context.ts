/**
 * The run being executed. Runs do not interleave (a simulation runs to its end before
 * the next starts), so one slot serves; bindings read the run's streams, seed and files here.
 */
import type { RunContext } from '../modules/registry.ts';

export const runCtx: { cur: RunContext | null } = { cur: null };

export function ctx(): RunContext {
  const c = runCtx.cur;
  if (c === null) throw new Error('concsim: no Python run in progress');
  return c;
}
