/**
 * A simulated OS process: a pid, a name, and — when it models CPython — a GIL. The GIL is
 * held only while a fiber consumes CPU: zero-time steps need no core, and sleeps and
 * blocking calls never hold it, which is the effect of CPython releasing it around them.
 */
import type { Fiber } from './fiber.ts';
import { WaitQueue } from './wait-queue.ts';

/** Options of a simulated OS process: whether it is a daemon, and its parent. */
export interface ProcessOptions {
  /** A daemonic process does not keep the run alive: it is killed when the others end. */
  readonly daemon?: boolean;
  readonly parent?: SimProcess | null;
}

/**
 * A simulated OS process: a pid, a name, and — when it models CPython — a GIL held only while a
 * fiber computes.
 */
export class SimProcess {
  /** Fiber holding the GIL (computing, or waiting for a core to compute). */
  gilHolder: Fiber | null = null;
  /** The thread that last released the GIL to a signalled waiter not yet awake (engine/cpu.ts). */
  gilYielder: Fiber | null = null;
  /** Fibers waiting for the GIL, in request order. */
  readonly gilWaiters: Fiber[] = [];
  /** Live fibers of this process. */
  live = 0;
  /** Null while the process runs; its exit status afterwards (negative: killed by a signal). */
  exitcode: number | null = null;
  /** Fibers waiting for this process to end (`Process.join`, a pool's sentinel watch). */
  readonly exited: WaitQueue;
  /** Called by the kernel, outside any fiber, when the process ends. */
  readonly onExit: ((p: SimProcess) => void)[] = [];
  readonly daemon: boolean;
  readonly parent: SimProcess | null;

  constructor(
    readonly pid: number,
    readonly name: string,
    /** Whether CPU work of this process's fibers is serialised by a GIL. */
    readonly gil: boolean,
    o: ProcessOptions = {},
  ) {
    this.daemon = o.daemon ?? false;
    this.parent = o.parent ?? null;
    this.exited = new WaitQueue(`${name}.exit`);
  }

  get alive(): boolean {
    return this.exitcode === null;
  }
}
