/**
 * The kernel's small vocabulary, as operations a fiber drives with `yield*`: sleep, block
 * on a wait queue (with an optional timeout), consume CPU, and an explicit preemption
 * point. Spawning and waking are plain calls on the kernel. Durations here are ticks;
 * models convert from Python's seconds.
 */
import { kernel } from './context.ts';
import type { Fiber } from './fiber.ts';
import { TOKEN } from './kernel.ts';
import { type Op, op } from './op.ts';
import type { WaitQueue } from './wait-queue.ts';

function currentFiber(what: string): Fiber {
  const k = kernel(what);
  if (k.current === null) throw new Error(`${what} must be called from a simulated thread`);
  return k.current;
}

function* sleepGen(ticks: number): Generator<unknown, void, unknown> {
  const k = kernel('sleep');
  k.sleepUntil(currentFiber('sleep'), k.now + ticks);
  yield TOKEN;
}

/** Sleeps for `ticks` of virtual time (a scheduling point even when 0). */
export function sleepTicks(ticks: number): Op<void> {
  return op('sleepTicks()', sleepGen(ticks));
}

function* blockGen(wq: WaitQueue, timeout: number | null, front: boolean): Generator<unknown, boolean, unknown> {
  kernel('block').park(currentFiber('block'), wq, timeout, front);
  return (yield TOKEN) as boolean;
}

/**
 * Blocks the current fiber on `wq` until woken (returns the waker's value, `true` by
 * default) or until `timeout` ticks pass (returns `false`); `null` waits forever. With
 * `front`, the fiber goes to the head of the queue (a woken waiter that lost a race).
 */
export function block(wq: WaitQueue, timeout: number | null = null, front = false): Op<boolean> {
  return op('block()', blockGen(wq, timeout, front));
}

function* computeGen(ticks: number): Generator<unknown, void, unknown> {
  const f = currentFiber('compute');
  const k = kernel('compute');
  if (ticks <= 0) k.makeRunnable(f);
  else k.cpu.start(f, ticks);
  yield TOKEN;
}

/** Consumes `ticks` of CPU time, holding the process's GIL and a core while it runs. */
export function computeTicks(ticks: number): Op<void> {
  return op('computeTicks()', computeGen(ticks));
}

function* preemptGen(): Generator<unknown, void, unknown> {
  kernel('preempt').makeRunnable(currentFiber('preempt'));
  yield TOKEN;
}

/** A scheduling point: the strategy may run another runnable fiber before this one goes on. */
export function preempt(): Op<void> {
  return op('preempt()', preemptGen());
}

function* exitGen(code: number): Generator<unknown, never, unknown> {
  const f = currentFiber('exitProcess');
  kernel('exitProcess').exitProcess(f.process, code);
  yield TOKEN;
  throw new Error('unreachable: a fiber of an exited process was resumed');
}

/** Ends the current fiber's process at once with `code` (Python's `os._exit`). */
export function exitProcess(code: number): Op<never> {
  return op('exitProcess()', exitGen(code));
}

function* cedeGen(): Generator<unknown, void, unknown> {
  kernel('cede').cede(currentFiber('cede'));
  yield TOKEN;
}

/** Gives up the fiber's baton and queues behind the fibers waiting for it (gevent's `sleep(0)`). */
export function cede(): Op<void> {
  return op('cede()', cedeGen());
}

function* cooperativelyGen<T>(body: () => Iterable<unknown, T, unknown>): Generator<unknown, T, unknown> {
  const f = currentFiber('cooperatively');
  const prev = f.cooperative;
  f.cooperative = true;
  try {
    return yield* body();
  } finally {
    f.cooperative = prev;
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
