/**
 * Statistics over seeds for report suites: quantiles that honour censored values (a hunt
 * that found nothing within its budget counts as "more than the budget", i.e. +Infinity),
 * five-number summaries, and Wilson score intervals for proportions.
 */

/** The q-quantile (0..1) of ascending `sorted` with linear interpolation; Infinity if it lies among censored values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.POSITIVE_INFINITY;
  return a + (b - a) * (h - lo);
}

export interface Summary {
  readonly n: number;
  /** Values that are finite (not censored). */
  readonly finite: number;
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly max: number;
  /** Mean of the finite values (NaN when none). */
  readonly mean: number;
}

/** Summary of `values`; `null` entries are censored (+Infinity). */
export function summarize(values: readonly (number | null)[]): Summary {
  const sorted = values.map((v) => (v === null ? Number.POSITIVE_INFINITY : v)).sort((a, b) => a - b);
  const fin = sorted.filter(Number.isFinite);
  const mean = fin.length ? fin.reduce((s, v) => s + v, 0) / fin.length : Number.NaN;
  return {
    n: sorted.length,
    finite: fin.length,
    min: sorted.length ? (sorted[0] as number) : Number.NaN,
    p25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean,
  };
}

/** The median and the range of values over seeds. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const s = summarize(values);
  return { median: s.median, min: s.min, max: s.max };
}

/** The 95% Wilson score interval of `k` successes in `n` trials, as fractions. */
export function wilson(k: number, n: number, z = 1.959964): { lo: number; hi: number } {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { lo: Math.max(0, c - h), hi: Math.min(1, c + h) };
}
