/**
 * The models' public surface: Python's primitives under Python's names, the `time`
 * functions, Python's exception classes, and `simulate` to run a body as a main thread.
 */

export * as asyncio from './asyncio/index.ts';
export * as coroutines from './coroutines/index.ts';
export {
  AssertionError,
  BaseException,
  BrokenBarrierError,
  GeneratorExit,
  isException,
  RuntimeError,
  StopIteration,
  TimeoutError,
  ValueError,
} from './errors.ts';
export * from './futures/index.ts';
export * as gevent from './gevent/index.ts';
export * as multiprocessing from './multiprocessing/index.ts';
export * as net from './net/index.ts';
export * as queue from './queue.ts';
export { Empty, Full, LifoQueue, PriorityQueue, type PriorityQueueOptions, Queue } from './queue.ts';
export { type SimulateOptions, type Simulation, simulate } from './simulate.ts';
export * from './threading/index.ts';
export { compute, interp, monotonic, perfCounter, processTime, sleep, threadTime, time } from './time.ts';
