/**
 * The `concurrent.futures` logger (`logging.getLogger("concurrent.futures")`), kept per
 * run: what CPython logs and carries on from — a done-callback that raised [FUT-6], an
 * initializer that failed [TPE-10], a future in an unexpected state [FUT-9], an
 * exception escaping a pool worker. Each record is also a trace record:
 * `future.callback-error` for callbacks, `future.log` for the rest.
 */
import { type Kernel, kernel, RunLocal } from '../../engine/index.ts';

/** The levels the `concurrent.futures` logger uses. */
export type LogLevel = 'ERROR' | 'CRITICAL';

/** One record of the `concurrent.futures` logger: its level, message, thread, virtual time and the exception logged. */
export interface FuturesLogRecord {
  readonly level: LogLevel;
  /** CPython's message, with `%r` of a future written as its `repr()`. */
  readonly message: string;
  /** The thread that logged it. */
  readonly thread: string;
  /** Virtual time in ticks. */
  readonly time: number;
  /** The exception logged with it (`exc_info`), or null. */
  readonly error: unknown;
}

const LOG = new RunLocal<FuturesLogRecord[]>(() => []);

/** The records logged so far in run `k` (default: the running one). */
export function futuresLog(k: Kernel = kernel('futuresLog()')): readonly FuturesLogRecord[] {
  return k.local(LOG);
}

/** Appends a record; `obj` names the object for the trace (a future's label). */
export function log(level: LogLevel, message: string, error: unknown, obj: string | null, callback = 0): void {
  const k = kernel();
  const thread = k.current === null ? 'kernel' : k.current.name;
  k.local(LOG).push({ level, message, thread, time: k.now, error });
  if (k.tracing) {
    if (callback > 0) k.emit('future.callback-error', obj, { callback, error: String(error) });
    else k.emit('future.log', obj, { level, message, error: error === null ? null : String(error) });
  }
}
