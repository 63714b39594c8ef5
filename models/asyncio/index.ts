/**
 * Python's `asyncio` over simulated sockets (`asyncio.run(main())`): the event loop,
 * futures and tasks, and streams.
 */
export { CancelledError, Future, InvalidStateError, liveTasks, Task } from './futures.ts';
export { Handle, TimerHandle } from './handles.ts';
export {
  defaultExceptionHandler,
  EventLoop,
  type ExceptionContext,
  type ExceptionHandler,
  ensureFuture,
  getRunningLoop,
  printingExceptionHandler,
} from './loop.ts';
export { run } from './run.ts';
export { Server } from './server.ts';
export {
  DEFAULT_LIMIT,
  IncompleteReadError,
  LimitOverrunError,
  type StreamOptions,
  StreamReader,
} from './stream-reader.ts';
export { StreamWriter } from './stream-writer.ts';
export { openConnection, type StartServerOptions, startServer } from './streams.ts';
export {
  allTasks,
  asCompleted,
  createTask,
  currentTask,
  type GatherOptions,
  gather,
  type ReturnWhen,
  sleep,
  wait,
  waitFor,
} from './tasks.ts';
