/**
 * A simulated thread of control: a generator the kernel drives. Model code inside it calls
 * blocking operations with `yield*`; between two kernel yields it runs atomically, and
 * every kernel yield is a scheduling point.
 *
 * A fiber is the kernel's notion only: a model `Thread` owns one, and so will a greenlet
 * or a coroutine task. The kernel keeps its fields public for speed; only the kernel and
 * its syscalls write them.
 */
import type { Baton } from './baton.ts';
import type { SimProcess } from './process.ts';
import type { WaitQueue } from './wait-queue.ts';

export type FiberState =
  | 'runnable' // in the run queue (possibly a blocked fiber whose timeout expired)
  | 'running'
  | 'blocked' // on a wait queue
  | 'sleeping'
  | 'cpu' // consuming CPU, or waiting for the GIL or a core to do so
  | 'done';

export type FiberBody = Generator<unknown, unknown, unknown>;

export class Fiber {
  state: FiberState = 'runnable';
  /** Value the next `next()` sends in (a wake-up's result). */
  resumeValue: unknown = undefined;
  /**
   * Wait queue the fiber is on (set and cleared by the queue); still set while a timed-out
   * fiber awaits its turn.
   */
  wq: WaitQueue | null = null;
  /** Neighbours on that queue (it is a list threaded through its fibers). */
  wqPrev: Fiber | null = null;
  wqNext: Fiber | null = null;
  /** Bumped to invalidate pending queue entries for this fiber (lazy deletion). */
  token = 0;
  /** Whether the fiber is in the run queue. */
  queued = false;
  /** CPU work left, and the current slice's bounds, in ticks. */
  cpuLeft = 0;
  sliceStart = 0;
  sliceEnd = 0;
  onCore = false;
  /** The fiber's return value once done. */
  result: unknown = undefined;
  /** The model object this fiber runs for (a Thread, a greenlet), for `currentThread()`. */
  owner: unknown = null;
  /** The baton this fiber must hold to run (a greenlet's hub), or null. */
  baton: Baton | null = null;
  /** Whether blocking gives the baton up (a monkey-patched greenlet) or keeps it. */
  cooperative = true;
  /** Whether the next resume throws `interruptError` into the fiber (`Kernel.interrupt`). */
  interrupted = false;
  interruptError: unknown = undefined;
  /** Called by the kernel when the fiber finishes (normally or not), outside any fiber. */
  onExit: ((f: Fiber) => void) | null = null;
  /**
   * Called by the kernel, still in the fiber, when an exception escapes a fiber that has
   * started (a Thread's excepthook, which its bootstrap would call); if it returns, the
   * fiber ends as if its body had returned. If it throws, that error escapes the fiber.
   */
  onError: ((f: Fiber, error: unknown) => void) | null = null;
  /** Whether the fiber has been resumed at least once. */
  started = false;

  constructor(
    readonly id: number,
    public name: string,
    readonly process: SimProcess,
    readonly gen: FiberBody,
    readonly daemon: boolean,
  ) {}
}
