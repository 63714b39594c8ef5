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

/** Something a fiber takes its name from, when first asked (a Thread with a default name). */
export interface Named {
  readonly name: string;
}

/** `interruptError` when no interrupt is pending. */
const NO_INTERRUPT: unique symbol = Symbol('no interrupt');

/**
 * A fiber's CPU work in progress (the CPU model's state, created by its first
 * computation): work left, and the current slice's bounds, in ticks.
 */
export class CpuWork {
  left = 0;
  sliceStart = 0;
  sliceEnd = 0;
  onCore = false;
}

/**
 * The fields are kept few (a million suspended fibers is a benchmark): the CPU model's
 * state lives in `cpu`, the result shares its slot with `resumeValue`, and a pending
 * interrupt is its error.
 */
export class Fiber {
  state: FiberState = 'runnable';
  /** Value the next `next()` sends in (a wake-up's result); once done, the result. */
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
  /** Whether the fiber has been resumed at least once. */
  started = false;
  /** CPU work in progress, or null if the fiber never computed. */
  cpu: CpuWork | null = null;
  /** The model object this fiber runs for (a Thread, a greenlet), for `currentThread()`. */
  owner: unknown = null;
  /** The baton this fiber must hold to run (a greenlet's hub), or null. */
  baton: Baton | null = null;
  /** Whether blocking gives the baton up (a monkey-patched greenlet) or keeps it. */
  cooperative = true;
  /** The error the next resume throws into the fiber (`Kernel.interrupt`), if `interrupted`. */
  interruptError: unknown = NO_INTERRUPT;
  /** Called by the kernel when the fiber finishes (normally or not), outside any fiber. */
  onExit: ((f: Fiber) => void) | null = null;
  /**
   * Called by the kernel, still in the fiber, when an exception escapes a fiber that has
   * started (a Thread's excepthook, which its bootstrap would call); if it returns, the
   * fiber ends as if its body had returned. If it throws, that error escapes the fiber.
   */
  onError: ((f: Fiber, error: unknown) => void) | null = null;
  /** The name, or what to take it from when first asked (null: `Fiber-<id>`). */
  #name: string | Named | null;

  constructor(
    readonly id: number,
    name: string | Named | null,
    readonly process: SimProcess,
    readonly gen: FiberBody,
    readonly daemon: boolean,
  ) {
    this.#name = name;
  }

  get name(): string {
    const n = this.#name;
    if (typeof n === 'string') return n;
    const s = n === null ? `Fiber-${this.id}` : n.name;
    this.#name = s;
    return s;
  }

  set name(name: string) {
    this.#name = name;
  }

  /** The fiber's return value once done. */
  get result(): unknown {
    return this.state === 'done' ? this.resumeValue : undefined;
  }

  set result(value: unknown) {
    this.resumeValue = value;
  }

  /** Whether the next resume throws `interruptError` into the fiber (`Kernel.interrupt`). */
  get interrupted(): boolean {
    return this.interruptError !== NO_INTERRUPT;
  }

  /** Takes the pending interrupt's error (the fiber is no longer interrupted). */
  takeInterrupt(): unknown {
    const e = this.interruptError;
    this.interruptError = NO_INTERRUPT;
    return e;
  }
}
