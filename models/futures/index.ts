/**
 * Python's `concurrent.futures`, in virtual time: Future, ThreadPoolExecutor,
 * ProcessPoolExecutor, wait, asCompleted.
 */
export {
  BrokenExecutor,
  BrokenProcessPool,
  BrokenThreadPool,
  CancelledError,
  FuturesError,
  InvalidStateError,
  RemoteTraceback,
  TimeoutError,
} from './errors.ts';
export {
  Executor,
  type MapOptions,
  ResultIterator,
  type ShutdownOptions,
  type Task,
  type TaskResult,
} from './executor.ts';
export {
  type AnyFuture,
  CANCELLED,
  CANCELLED_AND_NOTIFIED,
  type DoneCallback,
  FINISHED,
  Future,
  type FutureState,
  type FutureWaiter,
  PENDING,
  RUNNING,
} from './future.ts';
export { type FuturesLogRecord, futuresLog, type LogLevel } from './log.ts';
export {
  EXTRA_QUEUED_CALLS,
  ProcessPoolExecutor,
  type ProcessPoolExecutorOptions,
  type ProcessPoolMapOptions,
} from './process-pool.ts';
export { SimpleQueue, ThreadPoolExecutor, type ThreadPoolExecutorOptions } from './thread-pool.ts';
export {
  ALL_COMPLETED,
  AsCompletedIterator,
  asCompleted,
  type DoneAndNotDoneFutures,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  wait,
} from './wait.ts';
