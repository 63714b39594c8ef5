/**
 * How a run ended. Failures are results, never crashes: each carries enough to explain
 * itself, and the runner adds the command that replays it.
 */
import type { TraceRecord } from './trace.ts';

/** An exception as a verdict reports it: its class name, message and stack. */
export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

/** One blocked thread in a deadlock: what it waits on and who holds that. */
export interface BlockedThread {
  readonly thread: string;
  readonly waitsOn: string;
  readonly heldBy: readonly string[];
}

/**
 * How a run ended: `ok`, an exception escaping a thread, a deadlock (with its wait-for cycle), a
 * budget exceeded, or a broken invariant — each a result, not a crash.
 */
export type Verdict =
  | { readonly kind: 'ok' }
  | {
      readonly kind: 'exception';
      readonly thread: string;
      readonly time: number;
      readonly error: ErrorInfo;
    }
  | {
      readonly kind: 'deadlock';
      readonly time: number;
      /** Threads forming a wait-for cycle, in order (empty if none is blocked on a holder). */
      readonly cycle: readonly string[];
      readonly blocked: readonly BlockedThread[];
    }
  | {
      readonly kind: 'budget';
      readonly limit: 'steps' | 'time';
      readonly value: number;
      readonly time: number;
      readonly steps: number;
    }
  | {
      readonly kind: 'invariant';
      readonly monitor: string;
      readonly message: string;
      readonly step: number;
      readonly time: number;
      readonly traceTail: readonly TraceRecord[];
    };

/** The kind of a `Verdict`: `ok`, `exception`, `deadlock`, `budget`, `invariant`, …. */
export type VerdictKind = Verdict['kind'];

/** The `ErrorInfo` of anything thrown: its name, message and stack. */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  }
  return { name: 'Error', message: String(e), stack: String(e) };
}
