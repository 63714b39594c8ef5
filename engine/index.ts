/** The kernel's public surface. */
export { type Acquirable, acquire } from './acquire.ts';
export { Baton } from './baton.ts';
export type { Blocking } from './blocking.ts';
export { decodeChoices, encodeChoices } from './choices.ts';
export { activeKernel, kernel } from './context.ts';
export {
  CALIBRATED_COSTS,
  type CostModel,
  costUnitOf,
  DEFAULT_COSTS,
  PYTHON_CHECK_NS,
  parseCosts,
  UNCALIBRATED_COSTS,
} from './costs.ts';
export { NoKernelError, UsageError } from './errors.ts';
export { Fiber, type FiberState, type Named } from './fiber.ts';
export {
  DEFAULT_CORES,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_TIME,
  Kernel,
  type KernelOptions,
  type Scheduled,
} from './kernel.ts';
export type { SpawnOptions } from './lifecycle.ts';
export { mark } from './mark.ts';
export { MachineOp, Op, op, track as trackOp } from './op.ts';
export { type ProcessOptions, SimProcess } from './process.ts';
export { makeRng, type Rng } from './rng.ts';
export { RunLocal } from './run-local.ts';
export {
  ChoiceRangeError,
  fromChoice,
  makeStrategy,
  type Runnables,
  type Schedulable,
  STRATEGY_NAMES,
  type Strategy,
  type StrategyName,
  type StrategyOptions,
  toChoice,
} from './strategy.ts';
export {
  block,
  cede,
  computeTicks,
  cooperatively,
  exitProcess,
  osWake,
  preempt,
  sleepTicks,
  syscallTicks,
} from './syscalls.ts';
export { formatTime, TICKS_PER_SECOND, toSeconds, toTicks } from './time.ts';
export {
  type MarkKind,
  type ModelTraceKind,
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
