/** Generator coroutines driven by send/throw/close, and a round-robin coroutine scheduler. */
export { Coroutine, coroutine, type GeneratorState, getGeneratorState, type Throwable } from './coroutine.ts';
export {
  Compute,
  GetTid,
  KillTask,
  NewTask,
  Scheduler,
  type SchedulerOptions,
  Sleep,
  SystemCall,
  Task,
  type TaskTarget,
  WaitTask,
} from './scheduler.ts';
