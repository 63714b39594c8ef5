/**
 * The cost model: what things cost in virtual time and memory. Defaults are CPython 3.11
 * on Linux x86-64 orders of magnitude, each with where it comes from; a profile can be
 * loaded from JSON (`parseCosts`) to match the user's own machine.
 */

export interface CostModel {
  /** Ticks between `Thread.start()` and the new thread's first step. CPython: ~50–100 µs
   * for `pthread_create` plus bootstrap; 0 by default so thread timings read as in Python's
   * docs (a Timer fires at start + interval exactly). */
  readonly threadStart: number;
  /** Ticks to start a process with the `fork` start method: fork of a small interpreter,
   * ~1–2 ms measured with `multiprocessing.Process(...).start()` on Linux. */
  readonly processStartFork: number;
  /** Ticks to start a process with `spawn`: a fresh interpreter plus imports, ~30–60 ms. */
  readonly processStartSpawn: number;
  /** Fixed ticks per message crossing between processes (pipe write, wake-up, read): ~20 µs. */
  readonly ipcMessage: number;
  /** Nanoseconds per pickled byte, each way: pickle/unpickle run at roughly 200 MB/s. */
  readonly pickleNsPerByte: number;
  /** Resident bytes of one OS thread's stack as touched by CPython (~64 KiB of an 8 MiB map). */
  readonly threadStackBytes: number;
  /** Resident bytes of one process: a CPython interpreter is ~10 MiB RSS. */
  readonly processBytes: number;
  /** Resident bytes of one greenlet: the Greenlet object and the slice of C stack it saves
   * when switched out, a few KiB for a handler suspended in a socket call (greenlet copies
   * only the used part of the stack), against a thread's `threadStackBytes`. */
  readonly greenletBytes: number;
  /** Resident bytes of one asyncio Task: the Task, its coroutine and frames, ~1–2 KiB. */
  readonly taskBytes: number;
  /** Resident bytes of one open TCP socket, not counting queued data: Linux's `tcp_sock`
   * slab object (~2.3 KiB) plus its file, inode and dentry and CPython's socket object.
   * Bytes queued in its send and receive buffers are counted on top, as they are allocated. */
  readonly socketBytes: number;
  /** CPU ticks of one socket call from Python (`recv`, `send`, `accept`, a poll), whether it
   * succeeds or raises BlockingIOError: a syscall plus CPython's call overhead, ~1 µs. */
  readonly socketCall: number;
  /** CPU nanoseconds per file descriptor a `select.select` call passes in, or a poll
   * returns: building fd_sets and result lists in CPython, ~0.1 µs each. */
  readonly pollNsPerFd: number;
  /** CPU ticks per callback the asyncio-style event loop runs (Handle._run, Task.__step):
   * asyncio's own overhead, a few µs per callback in CPython. */
  readonly loopCallback: number;
  /** One-way latency of a host's loopback, in ticks: a loopback ping's RTT is ~20 µs. */
  readonly loopbackLatency: number;
  /** Loopback bandwidth in bytes/second (a memory copy, ~5 GB/s); 0 means unlimited. */
  readonly loopbackBandwidth: number;
  /** One-way latency of a link between two hosts, in ticks: ~100 µs on a LAN. */
  readonly linkLatency: number;
  /** Bandwidth of a link between two hosts in bytes/second: 1 Gbit/s; 0 means unlimited. */
  readonly linkBandwidth: number;
}

/** The cost model used unless a run gives one (`CostModel` says what each number means). */
export const DEFAULT_COSTS: CostModel = {
  threadStart: 0,
  processStartFork: 2_000,
  processStartSpawn: 50_000,
  ipcMessage: 20,
  pickleNsPerByte: 5,
  threadStackBytes: 65_536,
  processBytes: 10_485_760,
  greenletBytes: 8_192,
  taskBytes: 2_048,
  socketBytes: 3_584,
  socketCall: 1,
  pollNsPerFd: 100,
  loopCallback: 3,
  loopbackLatency: 10,
  loopbackBandwidth: 5_000_000_000,
  linkLatency: 100,
  linkBandwidth: 125_000_000,
};

/** Validates a (partial) cost profile, e.g. parsed from JSON; throws a one-line error. */
export function parseCosts(value: unknown): CostModel {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('a cost profile must be a JSON object of numbers');
  }
  const out: Record<string, number> = { ...DEFAULT_COSTS };
  for (const [k, v] of Object.entries(value)) {
    if (!(k in DEFAULT_COSTS)) {
      throw new Error(`unknown cost '${k}': accepted are ${Object.keys(DEFAULT_COSTS).join(', ')}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`cost '${k}' must be a non-negative number, not ${JSON.stringify(v)}`);
    }
    out[k] = v;
  }
  return out as unknown as CostModel;
}

/**
 * CPU nanoseconds charged per eval-breaker check of Python code run by the front end
 * (python/: a check at each function entry, loop back edge and return from a call, so one
 * per iteration of a simple loop). 100 ns: CPython 3.11 runs a pystone-like loop here at
 * about 0.7 µs an iteration with six or so checks in it; a tight arithmetic loop, with one,
 * at 0.4 µs — so this errs on the cheap side for arithmetic-heavy code.
 */
export const PYTHON_CHECK_NS = 100;
