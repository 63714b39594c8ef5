/**
 * Python's `multiprocessing` in virtual time: processes with their own memory, pid and
 * GIL, what crosses between them pickled, and the pools, queues and pipes built on them.
 */
export {
  AssertionError,
  AttributeError,
  AuthenticationError,
  BrokenPipeError,
  BufferTooShort,
  EOFError,
  MaybeEncodingError,
  NotImplementedError,
  OSError,
  ProcessError,
  RemoteTraceback,
  SystemExit,
  TimeoutError,
} from './errors.ts';
export { Connection, Pipe, wait } from './pipe.ts';
export {
  ApplyResult,
  type CallbackOptions,
  IMapIterator,
  IMapUnorderedIterator,
  type MapAsyncOptions,
  MapResult,
  Pool,
  type PoolOptions,
  type ResultIterator,
  type Returned,
  type TaskFunction,
} from './pool.ts';
export {
  activeChildren,
  currentProcess,
  exit,
  ForkProcess,
  getpid,
  getppid,
  osExit,
  Process,
  type ProcessOptions,
  parentProcess,
  Sentinel,
  SpawnProcess,
} from './process.ts';
export { JoinableQueue, Queue, SimpleQueue } from './queue.ts';
export { getAllStartMethods, getStartMethod, type StartMethod, setStartMethod } from './start-method.ts';
