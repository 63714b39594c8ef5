/** Python's `threading` module, in virtual time. */
export { Barrier, type BarrierOptions } from './barrier.ts';
export { Condition, type ConditionOptions } from './condition.ts';
export { Event } from './event.ts';
export { Lock, type NameOptions } from './lock.ts';
export { RLock } from './rlock.ts';
export { BoundedSemaphore, Semaphore } from './semaphore.ts';
export {
  activeCount,
  currentThread,
  defaultExcepthook,
  type ExceptHook,
  type ExceptHookArgs,
  enumerateThreads,
  getIdent,
  isShuttingDown,
  printingExcepthook,
  registerAtexit,
  setExcepthook,
  Thread,
  type ThreadOptions,
} from './thread.ts';
export type { Timeout } from './timeout.ts';
export { Timer, type TimerFunction } from './timer.ts';
