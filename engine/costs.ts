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
}

export const DEFAULT_COSTS: CostModel = {
  threadStart: 0,
  processStartFork: 2_000,
  processStartSpawn: 50_000,
  ipcMessage: 20,
  pickleNsPerByte: 5,
  threadStackBytes: 65_536,
  processBytes: 10_485_760,
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
