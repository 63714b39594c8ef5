/**
 * Python's `asyncio` over simulated sockets (`asyncio.run(main())`): the event loop,
 * futures and tasks, and streams.
 */
export { CancelledError, Future, InvalidStateError, liveTasks, Task } from './futures.ts';
export {
  allTasks,
  asCompleted,
  createTask,
  currentTask,
  defaultExceptionHandler,
  EventLoop,
  type ExceptionContext,
  type ExceptionHandler,
  ensureFuture,
  type GatherOptions,
  gather,
  getRunningLoop,
  Handle,
  printingExceptionHandler,
  type ReturnWhen,
  run,
  sleep,
  TimerHandle,
  wait,
  waitFor,
} from './loop.ts';
export {
  DEFAULT_LIMIT,
  IncompleteReadError,
  LimitOverrunError,
  openConnection,
  Server,
  type StartServerOptions,
  type StreamOptions,
  StreamReader,
  StreamWriter,
  startServer,
} from './streams.ts';
