/**
 * Sockets over a simulated network: Python's `socket` module for TCP and `select` (select
 * and epoll), plus the network itself (hosts, links) and per-run memory accounting. The
 * asyncio event loop over these sockets is `models/asyncio`.
 */

export { concatBytes, decode, EMPTY, encode } from './bytes.ts';
export {
  BlockingIOError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  errno,
  FileExistsError,
  FileNotFoundError,
  fromErrno,
  OSError,
  OverflowError,
  strerror,
} from './errors.ts';
export { FD_SETSIZE } from './fd.ts';
export { type MemoryBreakdown, type MemoryUsage, memoryUsage, peakMemory } from './memory.ts';
export { type Address, Host, type LinkOptions, Network, type NetworkOptions, network } from './network.ts';
export * as select from './select.ts';
export * from './socket.ts';
