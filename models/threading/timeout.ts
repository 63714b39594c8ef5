/**
 * Converts Python timeouts (seconds, or null/undefined for "wait forever") to kernel ticks,
 * and back. Python compares float seconds; the kernel keeps whole microseconds.
 */
import { toTicks } from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';

/** A timeout in seconds; `null` or `undefined` mean no timeout, as Python's None. */
export type Timeout = number | null | undefined;

/** Rejects a non-numeric timeout the way Python's comparison would. */
export function checkTimeoutType(timeout: Timeout): void {
  if (timeout !== null && timeout !== undefined && typeof timeout !== 'number') {
    throw new TypeError(`'>' not supported between instances of '${pyTypeName(timeout)}' and 'int'`);
  }
}

/** Ticks for a timeout in seconds (null stays null: forever). */
export function timeoutTicks(timeout: Timeout): number | null {
  return timeout === null || timeout === undefined ? null : toTicks(timeout);
}
