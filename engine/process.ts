/**
 * A simulated OS process: a pid, a name, and — when it models CPython — a GIL. The GIL is
 * held only while a fiber consumes CPU: zero-time steps need no core, and sleeps and
 * blocking calls never hold it, which is the effect of CPython releasing it around them.
 */
import type { Fiber } from './fiber.ts';

export class SimProcess {
  /** Fiber holding the GIL (computing, or waiting for a core to compute). */
  gilHolder: Fiber | null = null;
  /** Fibers waiting for the GIL, in request order. */
  readonly gilWaiters: Fiber[] = [];
  /** Live fibers of this process. */
  live = 0;

  constructor(
    readonly pid: number,
    readonly name: string,
    /** Whether CPU work of this process's fibers is serialised by a GIL. */
    readonly gil: boolean,
  ) {}
}
