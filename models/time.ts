/**
 * Python's `time` module in virtual time: `sleep` releases the GIL and lets others run,
 * `monotonic` and `time` read the virtual clock (the simulated epoch is 0).
 */
import { computeTicks, kernel, type Op, op, sleepTicks, toSeconds, toTicks } from '../engine/index.ts';
import { pyTypeName } from './compare.ts';
import { ValueError } from './errors.ts';

/** `time.sleep(seconds)`; a scheduling point even for 0. */
export function sleep(seconds: number): Op<void> {
  if (typeof seconds !== 'number') {
    throw new TypeError(`'${pyTypeName(seconds)}' object cannot be interpreted as an integer`);
  }
  if (Number.isNaN(seconds)) throw new ValueError('Invalid value NaN (not a number)');
  if (seconds < 0) throw new ValueError('sleep length must be non-negative');
  return sleepTicks(toTicks(seconds));
}

/** `time.monotonic()`: virtual seconds since the run began. */
export function monotonic(): number {
  return toSeconds(kernel('monotonic()').now);
}

/** `time.time()`: the same virtual clock (epoch 0). */
export function time(): number {
  return monotonic();
}

/** `time.perf_counter()`. */
export function perfCounter(): number {
  return monotonic();
}

/**
 * Burns `seconds` of CPU in the current thread (a CPU-bound loop in Python): it holds the
 * process's GIL and a core, so threads of one process take turns and processes overlap.
 */
export function compute(seconds: number): Op<void> {
  if (!(seconds >= 0)) throw new ValueError('compute time must be non-negative');
  return computeTicks(toTicks(seconds));
}

/**
 * The interpreter's own cost for Python-level work a scenario declares between two blocking
 * calls: `statements` simple statements (`x = x + 1`-sized) at the cost model's
 * `pyStatementNs` each, as CPU in the current thread. `interp(5)` stands for five lines of
 * Python such as a loop test, a method call and an assignment.
 */
export function interp(statements: number): Op<void> {
  if (!(statements >= 0)) throw new ValueError('statements must be non-negative');
  const ticks = Math.round((statements * kernel('interp()').costs.pyStatementNs) / 1000);
  // Under a tick it costs nothing, and is no scheduling point either.
  return ticks > 0 ? computeTicks(ticks) : op('interp()', nothing());
}

function* nothing(): Generator<unknown, void, unknown> {}
