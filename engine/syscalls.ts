/**
 * The kernel's small vocabulary, as operations a fiber drives with `yield*`: sleep, block
 * on a wait queue (with an optional timeout), consume CPU, and an explicit preemption
 * point. Spawning and waking are plain calls on the kernel. Durations here are ticks;
 * models convert from Python's seconds.
 *
 * The hot ones are `SysOp`s, one per kind and kernel, reused by every call (see op.ts):
 * a call checks that no other op is waiting to be driven, stores its arguments on the
 * kernel's op and returns it.
 */
import type { Blocking } from './blocking.ts';
import { activeKernel, kernel } from './context.ts';
import { CpuWork, type Fiber } from './fiber.ts';
import type { Kernel } from './kernel.ts';
import { FALSE, type Op, op, SysOp, TOKEN, TRUE } from './op.ts';
import type { WaitQueue } from './wait-queue.ts';

function currentFiber(what: string): Fiber {
  return runningFiber(kernel(what), what);
}

function runningFiber(k: Kernel, what: string): Fiber {
  if (k.current === null) throw new Error(`${what} must be called from a simulated thread`);
  return k.current;
}

class SleepOp extends SysOp<void> {
  ticks = 0;
  protected start(): void {
    const k = kernel('sleep');
    k.sleepUntil(runningFiber(k, 'sleep'), k.now + this.ticks);
  }
}

/**
 * What `block(wq, timeout, front)` does when driven, as a plain call: parks the running
 * fiber of `k` on `wq` (for a `MachineOp`, such as acquire.ts's, that yields `YIELD` next).
 */
export function parkNow(k: Kernel, wq: WaitQueue, timeout: number | null, front: boolean): void {
  k.park(runningFiber(k, 'block'), wq, timeout, front);
}

class BlockOp extends SysOp<boolean> {
  wq: WaitQueue | null = null;
  timeout: number | null = null;
  front = false;
  protected start(): void {
    parkNow(kernel('block'), this.wq as WaitQueue, this.timeout, this.front);
  }
  protected override resumed(v: unknown): IteratorResult<unknown, boolean> {
    return v === true ? TRUE : v === false ? FALSE : { value: v as boolean, done: true };
  }
}

/**
 * Whole ticks of `ticks` for `f`, with what it owes: measured costs are fractional
 * microseconds, and virtual time whole ticks, so the fraction is carried to the fiber's
 * next computation and many small costs add up; so are wake-ups it paid for.
 */
function wholeTicks(f: Fiber, ticks: number): number {
  const c = f.cpu;
  // A whole number of ticks owes no fraction; a carry of a tick or more is wake-ups owed.
  if (Number.isInteger(ticks) && (c === null || c.carry < 1)) return ticks;
  if (f.cpu === null) f.cpu = new CpuWork();
  const total = ticks + f.cpu.carry;
  const whole = Math.floor(total);
  f.cpu.carry = total - whole;
  return whole;
}

class ComputeOp extends SysOp<void> {
  ticks = 0;
  /** A C call that releases the GIL (see `syscallTicks`). */
  releasesGil = false;
  protected start(): void {
    const k = kernel('compute');
    const f = runningFiber(k, 'compute');
    const ticks = wholeTicks(f, this.ticks);
    if (ticks <= 0) k.makeRunnable(f);
    else if (this.releasesGil && k.cpu.wakesCost) {
      f.resumeValue = undefined;
      k.cpu.syscall(f, ticks);
    } else {
      f.resumeValue = undefined;
      k.cpu.start(f, ticks);
    }
  }
}

class WakeOp extends SysOp<void> {
  protected start(): void {
    const k = kernel('wake');
    const f = runningFiber(k, 'wake');
    f.resumeValue = undefined;
    k.cpu.wakeThread(f, 1);
  }
}

/** What `preempt()` does when driven, as a plain call (see `parkNow`). */
export function preemptNow(k: Kernel): void {
  k.makeRunnable(runningFiber(k, 'preempt'));
}

class PreemptOp extends SysOp<void> {
  protected start(): void {
    preemptNow(kernel('preempt'));
  }
}

class CedeOp extends SysOp<void> {
  protected start(): void {
    const k = kernel('cede');
    k.cede(runningFiber(k, 'cede'));
  }
}

/**
 * The reusable syscall ops, one of each for all kernels: an op's fields are read only by
 * `start`, which runs as soon as `yield*` drives it, and runs are synchronous, so no two
 * uses can overlap — even across kernels (a check makes thousands a second).
 */
class SysOps {
  readonly sleep = new SleepOp('sleepTicks()');
  readonly block = new BlockOp('block()');
  readonly compute = new ComputeOp('computeTicks()');
  readonly preempt = new PreemptOp('preempt()');
  readonly cede = new CedeOp('cede()');
  readonly wake = new WakeOp('osWake()');
}

const shared = new SysOps();

/** The shared ops, or a fresh set outside any run (the op fails when driven). */
function ops(k: Kernel | null): SysOps {
  return k === null ? new SysOps() : shared;
}

/** Sleeps for `ticks` of virtual time (a scheduling point even when 0). */
export function sleepTicks(ticks: number): Op<void> {
  const k = activeKernel();
  const o = ops(k).sleep;
  o.claim(k);
  o.ticks = ticks;
  return o;
}

/**
 * Blocks the current fiber on `wq` until woken (returns the waker's value, `true` by
 * default) or until `timeout` ticks pass (returns `false`); `null` waits forever. With
 * `front`, the fiber goes to the head of the queue (a woken waiter that lost a race).
 */
export function block(wq: WaitQueue, timeout: number | null = null, front = false): Op<boolean> {
  const k = activeKernel();
  const o = ops(k).block;
  o.claim(k);
  o.wq = wq;
  o.timeout = timeout;
  o.front = front;
  return o;
}

/** Consumes `ticks` of CPU time, holding the process's GIL and a core while it runs. */
export function computeTicks(ticks: number): Op<void> {
  return compute(ticks, false);
}

/**
 * Consumes `ticks` of CPU time in a C call that releases the GIL around its system call
 * (`Py_BEGIN_ALLOW_THREADS` … `Py_END_ALLOW_THREADS`): once wake-ups cost something, its
 * first tick is Python under the GIL making the call, and the rest runs on the same core
 * without the GIL, which another thread may take meanwhile (engine/os-cpu.ts) — the measured
 * cost of a call is the whole of it. With the ideal costs it is `computeTicks(ticks)`.
 */
export function syscallTicks(ticks: number): Op<void> {
  return compute(ticks, true);
}

function compute(ticks: number, releasesGil: boolean): Op<void> {
  const k = activeKernel();
  const o = ops(k).compute;
  o.claim(k);
  o.ticks = ticks;
  o.releasesGil = releasesGil;
  return o;
}

/**
 * The OS waking the current OS thread after a wait the kernel did not see as one (a timed
 * sleep): the wake-up's cost on a core, then a tick of Python work under its GIL (see
 * `OsCpu.wakeThread`). Only for when wake-ups cost something (`kernel.cpu.wakesCost`).
 */
export function osWake(): Op<void> {
  const k = activeKernel();
  const o = ops(k).wake;
  o.claim(k);
  return o;
}

/** A scheduling point: the strategy may run another runnable fiber before this one goes on. */
export function preempt(): Op<void> {
  const k = activeKernel();
  const o = ops(k).preempt;
  o.claim(k);
  return o;
}

function* exitGen(code: number): Blocking<never> {
  const f = currentFiber('exitProcess');
  kernel('exitProcess').exitProcess(f.process, code);
  yield TOKEN;
  throw new Error('unreachable: a fiber of an exited process was resumed');
}

/** Ends the current fiber's process at once with `code` (Python's `os._exit`). */
export function exitProcess(code: number): Op<never> {
  return op('exitProcess()', exitGen(code));
}

/** Gives up the fiber's baton and queues behind the fibers waiting for it (gevent's `sleep(0)`). */
export function cede(): Op<void> {
  const k = activeKernel();
  const o = ops(k).cede;
  o.claim(k);
  return o;
}

function* cooperativelyGen<T>(body: () => Iterable<unknown, T, unknown>): Blocking<T> {
  const k = kernel('cooperatively');
  const f = runningFiber(k, 'cooperatively');
  const prev = f.cooperative;
  k.setCooperative(f, true);
  try {
    return yield* body();
  } finally {
    k.setCooperative(f, prev);
  }
}

/**
 * Runs `body()` with the current fiber cooperative: blocking or sleeping inside it gives the
 * fiber's baton up even if the fiber keeps it otherwise (gevent's own primitives always
 * yield to the hub, patched or not). A fiber without a baton just runs `body()`.
 */
export function cooperatively<T>(body: () => Iterable<unknown, T, unknown>): Op<T> {
  return op('cooperatively()', cooperativelyGen(body));
}
