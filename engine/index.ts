/** The kernel's public surface. */
export { Baton } from './baton.ts';
export { decodeChoices, encodeChoices } from './choices.ts';
export { activeKernel, kernel } from './context.ts';
export {
  CALIBRATED_COSTS,
  type CostModel,
  costUnitOf,
  DEFAULT_COSTS,
  parseCosts,
  UNCALIBRATED_COSTS,
} from './costs.ts';
export { NoKernelError, UsageError } from './errors.ts';
export { Fiber, type FiberState, type Named } from './fiber.ts';
export {
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_TIME,
  Kernel,
  type KernelOptions,
  RunLocal,
  type Scheduled,
  type SpawnOptions,
} from './kernel.ts';
export { mark } from './mark.ts';
export { Op, op, track as trackOp } from './op.ts';
export { type ProcessOptions, SimProcess } from './process.ts';
export { makeRng, type Rng } from './rng.ts';
export {
  makeStrategy,
  type Runnables,
  STRATEGY_NAMES,
  type Strategy,
  type StrategyName,
  type StrategyOptions,
} from './strategy.ts';
export { block, cede, computeTicks, cooperatively, exitProcess, preempt, sleepTicks } from './syscalls.ts';
export { formatTime, TICKS_PER_SECOND, toSeconds, toTicks } from './time.ts';
export {
  stableJson,
  type TraceData,
  TraceHasher,
  type TraceKind,
  type TraceListener,
  type TraceRecord,
  TraceTail,
} from './trace.ts';
export { type BlockedThread, type ErrorInfo, errorInfo, type Verdict, type VerdictKind } from './verdict.ts';
export { type WaitOwner, WaitQueue } from './wait-queue.ts';
