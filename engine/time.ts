/**
 * Virtual time. The kernel counts integer ticks of one microsecond; the public API speaks
 * seconds, as Python does, and converts once at the boundary so that no floating-point
 * accumulation ever decides an ordering.
 */

/** Ticks in one virtual second (a tick is one microsecond). */
export const TICKS_PER_SECOND = 1_000_000;

/** Converts seconds (Python's unit) to whole ticks, rounding to the nearest microsecond. */
export function toTicks(seconds: number): number {
  return Math.round(seconds * TICKS_PER_SECOND);
}

/** Converts ticks back to seconds. */
export function toSeconds(ticks: number): number {
  return ticks / TICKS_PER_SECOND;
}

/** Formats a tick count as seconds with microsecond precision, for logs: `1.250000s`. */
export function formatTime(ticks: number): string {
  const whole = Math.floor(ticks / TICKS_PER_SECOND);
  const frac = String(ticks - whole * TICKS_PER_SECOND).padStart(6, '0');
  return `${whole}.${frac}s`;
}
