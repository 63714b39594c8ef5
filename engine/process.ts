/**
 * A simulated OS process: a pid, a name, and — when it models CPython — a GIL. With the ideal
 * costs (engine/cpu.ts) the GIL is held only while a fiber consumes CPU; with costed wake-ups
 * (engine/os-cpu.ts) as CPython holds it, from `take_gil` until a blocking or system call drops
 * it. Either way sleeps and blocking calls never hold it.
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
 * A simulated OS process: a pid, a name, and — when it models CPython — a GIL.
 */
export class SimProcess {
  /** Fiber holding the GIL (computing, or waiting for a core to compute) in the ideal CPU (engine/cpu.ts; engine/os-cpu.ts keeps its own). */
  gilHolder: Fiber | null = null;
  /** Fibers waiting for the GIL, in request order (engine/cpu.ts). */
  readonly gilWaiters: Fiber[] = [];
  /** Live fibers of this process. */
  live = 0;
  /** Core time its threads have used, in ticks, as the CPU model books it (its share of `busyTicks`). */
  busyTicks = 0;
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
