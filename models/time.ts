/**
 * Python's `time` module in virtual time: `sleep` releases the GIL and lets others run,
 * `monotonic` and `time` read the virtual clock (the simulated epoch is 0).
 */
import {
  activeKernel,
  computeTicks,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  osWake,
  sleepTicks,
  toSeconds,
  toTicks,
} from '../engine/index.ts';
import { pyTypeName } from './compare.ts';
import { ValueError } from './errors.ts';

/**
 * `time.sleep(seconds)`; a scheduling point even for 0. A thread that slept wakes as from
 * any blocking wait: an OS thread is woken by the OS when the time is up and takes the GIL
 * back (`osWake`); a greenlet by its hub (`hubWakeTicks` of CPU).
 */
export function sleep(seconds: number): Op<void> {
  if (typeof seconds !== 'number') {
    throw new TypeError(`'${pyTypeName(seconds)}' object cannot be interpreted as an integer`);
  }
  if (Number.isNaN(seconds)) throw new ValueError('Invalid value NaN (not a number)');
  if (seconds < 0) throw new ValueError('sleep length must be non-negative');
  const ticks = toTicks(seconds);
  const k = activeKernel();
  const f = k === null ? null : k.current;
  if (f === null || k === null) return sleepTicks(ticks);
  if (f.baton === null) {
    // sleep(0) returns at once, with nothing to wake.
    return ticks > 0 && k.cpu.wakesCost ? op('time.sleep()', sleepThenWake(ticks)) : sleepTicks(ticks);
  }
  const wake = hubWakeTicks(k, f);
  return wake > 0 ? op('time.sleep()', sleepThenHub(ticks, wake)) : sleepTicks(ticks);
}

/** An OS thread's sleep: the OS wakes it when the time is up, then it takes the GIL back (as after any wait). */
function* sleepThenWake(ticks: number): Generator<unknown, void, unknown> {
  yield* sleepTicks(ticks);
  yield* osWake();
}

function* sleepThenHub(ticks: number, wake: number): Generator<unknown, void, unknown> {
  yield* sleepTicks(ticks);
  yield* computeTicks(wake);
}

/**
 * The CPU a greenlet spends being switched back to after a blocking wait: `greenletSwitch`
 * plus a hub iteration (0 for an OS thread, whose wake-up the kernel delays instead).
 */
export function hubWakeTicks(k: Kernel, f: Fiber): number {
  const c = k.costs;
  return f.baton === null ? 0 : c.greenletSwitch + c.hubIteration;
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
 * `time.process_time()`: the CPU seconds the current process's threads have used, as the CPU
 * model books them (with the ideal costs, only what a scenario computes); a thread's run still
 * in progress on another core counts from its end.
 */
export function processTime(): number {
  const f = kernel('process_time()').current;
  return f === null ? 0 : toSeconds(f.process.busyTicks);
}

/** `time.thread_time()`: the CPU seconds the current thread has used, as the CPU model books them. */
export function threadTime(): number {
  const k = kernel('thread_time()');
  return k.current === null ? 0 : toSeconds(k.cpu.threadTicks(k.current));
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
  const ticks = (statements * kernel('interp()').costs.pyStatementNs) / 1000;
  // Free (the ideal costs) is no scheduling point either; fractions of a tick add up (computeTicks).
  return ticks > 0 ? computeTicks(ticks) : op('interp()', nothing());
}

function* nothing(): Generator<unknown, void, unknown> {}
