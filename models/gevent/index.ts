/** gevent: hubs, greenlets, sleep, Timeout, events, a pool, and monkey patching as a switch. */

export * as event from './event.ts';
export {
  Greenlet,
  GreenletExit,
  type JoinallOptions,
  joinall,
  type KillException,
  type KillOptions,
  killall,
  spawn,
  spawnLater,
  type Waitable,
  type WaitOptions,
  wait,
} from './greenlet.ts';
export {
  type ErrorPrinter,
  getcurrent,
  getHub,
  greenletCounts,
  Hub,
  type LinkCallback,
  RawGreenlet,
  setErrorPrinter,
  sleep,
} from './hub.ts';
export * as lock from './lock.ts';
export * as monkey from './monkey.ts';
export * as pool from './pool.ts';
export * as server from './server.ts';
export { type Returned, Timeout, type TimeoutException, type WithTimeoutOptions, withTimeout } from './timeout.ts';
