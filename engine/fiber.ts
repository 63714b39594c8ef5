/**
 * A simulated thread of control: a generator the kernel drives. Model code inside it calls
 * blocking operations with `yield*`; between two kernel yields it runs atomically, and
 * every kernel yield is a scheduling point.
 *
 * A fiber is the kernel's notion only: a model `Thread` owns one, and so does a greenlet.
 * Its fields are public for speed, to read; only the engine writes them. lifecycle.ts
 * states its life cycle — the states below, and who moves a fiber between them — and
 * gives models the methods to set what they may (`SpawnOptions`, `setOwner`,
 * `addExitHook`).
 */

import type { Baton } from './baton.ts';
import type { Blocking } from './blocking.ts';
import type { SimProcess } from './process.ts';
import type { WaitQueue } from './wait-queue.ts';

/** Where a fiber stands in its life cycle (lifecycle.ts states the transitions). */
export type FiberState =
  | 'runnable' // in the run queue (possibly a blocked fiber whose timeout expired)
  | 'running'
  | 'blocked' // on a wait queue
  | 'sleeping'
  | 'cpu' // consuming CPU, or waiting for the GIL or a core to do so
  | 'done';

export type FiberBody = Blocking<unknown>;

/** Something a fiber takes its name from, when first asked (a Thread with a default name). */
export interface Named {
  readonly name: string;
}

/** `interruptError` when no interrupt is pending. */
const NO_INTERRUPT: unique symbol = Symbol('no interrupt');

/** The body of every finished fiber: an exhausted generator, so that none keeps its own. */
const FINISHED: FiberBody = (function* () {})();
FINISHED.next();

/**
 * A fiber's CPU work in progress (the CPU model's state, created by its first
 * computation): work left, and the current slice's bounds, in ticks.
 */
export class CpuWork {
  left = 0;
  sliceStart = 0;
  sliceEnd = 0;
  onCore = false;
  /** Wall ticks per tick of work in the current slice (the cost model's `parallelSlowdown`). */
  stretch = 1;
  /** Ticks computations owe so far: the fraction of a tick (costs are fractional; time is
   * not), and what waking other threads cost (engine/os-cpu.ts). */
  carry = 0;
  /** Ticks of an ended thread's teardown on a core, without the GIL (engine/cpu.ts; 0: none). */
  wake = 0;
  /** Core ticks booked to the fiber's work (engine/cpu.ts), for `time.thread_time()`. */
  used = 0;
}

/**
 * The fields are kept few, since a run may hold a million fibers: the CPU model's state
 * lives in `cpu`, the result shares its slot with `resumeValue`, and a pending interrupt
 * is its error. They are plain properties assigned in the constructor (see Op).
 */
export class Fiber {
  declare state: FiberState;
  /** Value the next `next()` sends in (a wake-up's result); once done, the result. */
  declare resumeValue: unknown;
  /**
   * Wait queue the fiber is on (set and cleared by the queue); still set while a timed-out
   * fiber awaits its turn.
   */
  declare wq: WaitQueue | null;
  /** Neighbours on that queue (it is a list threaded through its fibers). */
  declare wqPrev: Fiber | null;
  declare wqNext: Fiber | null;
  /** Bumped to invalidate pending queue entries for this fiber (lazy deletion). */
  declare token: number;
  /** Whether the fiber is in the run queue. */
  declare queued: boolean;
  /** Whether the fiber has been resumed at least once. */
  declare started: boolean;
  /** CPU work in progress, or null if the fiber never computed. */
  declare cpu: CpuWork | null;
  /** The model object this fiber runs for (a Thread, a greenlet), for `currentThread()`. */
  declare owner: unknown;
  /** The baton this fiber must hold to run (a greenlet's hub), or null. */
  declare baton: Baton | null;
  /** Whether blocking gives the baton up (a monkey-patched greenlet) or keeps it. */
  declare cooperative: boolean;
  /** The error the next resume throws into the fiber (`Kernel.interrupt`), if `interrupted`. */
  declare interruptError: unknown;
  /** Called by the kernel when the fiber finishes (normally or not), outside any fiber. */
  declare onExit: ((f: Fiber) => void) | null;
  /**
   * Called by the kernel, still in the fiber, when an exception escapes a fiber that has
   * started (a Thread's excepthook, which its bootstrap would call); if it returns, the
   * fiber ends as if its body had returned. If it throws, that error escapes the fiber.
   */
  declare onError: ((f: Fiber, error: unknown) => void) | null;
  /**
   * Called by the kernel, in the fiber, when it is first picked, before its body runs;
   * the fiber then yields a scheduling point (a Thread's bootstrap setting `_started`).
   */
  declare onStart: ((f: Fiber) => void) | null;
  /** The name, or what to take it from when first asked (null: `Fiber-<id>`). */
  declare private nameOrSource: string | Named | null;

  declare readonly id: number;
  declare readonly process: SimProcess;
  /** The body; once the fiber is done, a shared exhausted one (`retire`). */
  declare gen: FiberBody;
  declare readonly daemon: boolean;

  constructor(id: number, name: string | Named | null, process: SimProcess, gen: FiberBody, daemon: boolean) {
    // What every wake-up and resumption touches comes first, to share cache lines.
    this.state = 'runnable';
    this.token = 0;
    this.queued = false;
    this.started = false;
    this.resumeValue = undefined;
    this.gen = gen;
    this.baton = null;
    this.interruptError = NO_INTERRUPT;
    this.onError = null;
    this.onStart = null;
    this.wq = null;
    this.wqPrev = null;
    this.wqNext = null;
    this.cpu = null;
    this.owner = null;
    this.cooperative = true;
    this.onExit = null;
    this.nameOrSource = name;
    this.id = id;
    this.process = process;
    this.daemon = daemon;
  }

  get name(): string {
    const n = this.nameOrSource;
    if (typeof n === 'string') return n;
    const s = n === null ? ['Fiber-', this.id].join('') : n.name; // flat (see Thread's name)
    this.nameOrSource = s;
    return s;
  }

  set name(name: string) {
    this.nameOrSource = name;
  }

  /** The fiber's return value once done. */
  get result(): unknown {
    return this.state === 'done' ? this.resumeValue : undefined;
  }

  set result(value: unknown) {
    this.resumeValue = value;
  }

  /**
   * Drops what a finished fiber no longer needs, so that it holds (almost) nothing: its
   * body with its frames, its hooks and, unless it has a baton, its owner (a Thread the
   * program has let go of is then collectable, as in CPython; a gevent hub outliving its
   * thread still gives new greenlets the thread's owner). It keeps its id, name, process,
   * baton and result.
   */
  retire(): void {
    void this.name; // a name taken from the owner is taken now
    this.gen = FINISHED;
    if (this.baton === null) this.owner = null;
    this.onExit = null;
    this.onError = null;
    this.onStart = null;
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
