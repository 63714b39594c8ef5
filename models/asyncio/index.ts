/**
 * Python's `asyncio` over simulated sockets (`asyncio.run(main())`): the event loop,
 * futures and tasks, and streams.
 */
export { CancelledError, Future, InvalidStateError, liveTasks, Task } from './futures.ts';
export {
  allTasks,
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
  run,
  sleep,
  TimerHandle,
  waitFor,
} from './loop.ts';
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
