/**
 * What a kernel is made with — the strategy, seed, cores, GIL switch interval, budgets and
 * cost model — and its default budgets, named so that error messages can cite them.
 */
import type { CostModel } from './costs.ts';
import type { Fiber } from './fiber.ts';
import type { Strategy } from './strategy.ts';

/** CPU cores a kernel has unless told. */
export const DEFAULT_CORES = 2;
/** Default limits: generous for scenarios, and named so error messages can cite them. */
export const DEFAULT_MAX_STEPS = 10_000_000;
/** One virtual day, in ticks. */
export const DEFAULT_MAX_TIME = 86_400_000_000;

/** Options of a `Kernel`: the strategy, seed, cores, GIL switch interval, budgets and cost model. */
export interface KernelOptions {
  readonly strategy: Strategy;
  /** Seed of the run's random streams (the scenario's draws use stream `scenario`). */
  readonly seed?: string | number;
  /** CPU cores shared by all simulated processes (default 2). */
  readonly cores?: number;
  /** GIL switch interval in ticks (CPython's `sys.getswitchinterval()`, default 5 ms). */
  readonly switchInterval?: number;
  /** Step budget: resumptions before the run ends with a `budget` verdict. */
  readonly maxSteps?: number;
  /** Virtual-time budget in ticks. */
  readonly maxTime?: number;
  /** What things cost (default `DEFAULT_COSTS`). */
  readonly costs?: CostModel;
}

/** A kernel-level callback scheduled at a virtual time; cancel it by setting `cancelled`. */
export interface Scheduled {
  readonly fn: () => void;
  cancelled: boolean;
  /** The fiber whose system call this callback finishes (see `Kernel.scheduleFor`), or null. */
  readonly by: Fiber | null;
}
