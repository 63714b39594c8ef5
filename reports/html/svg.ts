/**
 * Small, deterministic building blocks for hand-written SVG: escaping, number formatting,
 * linear and log scales with "nice" ticks, and a fixed colour palette. Every number written
 * into markup goes through `n()` (at most 2 decimals, no exponent) so output is stable.
 */

/** Escapes text for HTML/SVG content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate for markup: rounded to 2 decimals, `-0` as `0`, never in exponent notation. */
export function n(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A number for people: thousands separators, up to `digits` decimals (trailing zeros dropped). */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  const neg = x < 0;
  const [int, frac] = Math.abs(x).toFixed(digits).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const f = (frac ?? '').replace(/0+$/, '');
  return `${neg ? '−' : ''}${grouped}${f ? `.${f}` : ''}`;
}

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export interface Scale {
  (v: number): number;
  readonly ticks: readonly number[];
  readonly domain: readonly [number, number];
}

/** Ticks at 1, 2 or 5 × 10^k covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** A linear scale from [d0, d1] (extended to nice ticks when `nice`) onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number, nice = true, count = 5): Scale {
  let lo = d0;
  let hi = d1 > d0 ? d1 : d0 + 1;
  let ticks = niceTicks(lo, hi, count);
  if (nice && ticks.length > 1) {
    const step = (ticks[1] as number) - (ticks[0] as number);
    lo = Math.min(lo, Math.floor(lo / step + 1e-9) * step);
    hi = Math.max(hi, Math.ceil(hi / step - 1e-9) * step);
    ticks = niceTicks(lo, hi, count);
  }
  const f = ((v: number) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0)) as Scale;
  return Object.assign(f, { ticks, domain: [lo, hi] as const });
}

/**
 * A log10 scale from [d0, d1] (d0 > 0) onto [r0, r1], with ticks at the powers of ten
 * inside — and at 2× and 5× them when the domain spans less than three decades, which
 * would otherwise leave an axis with one or two ticks.
 */
export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const lo = Math.log10(d0);
  const hi = Math.log10(d1 > d0 ? d1 : d0 * 10);
  const ticks: number[] = [];
  const mults = hi - lo < 3 ? [1, 2, 5] : [1];
  for (let e = Math.floor(lo); e <= hi + 1e-9; e++) {
    for (const m of mults) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= d0 * (1 - 1e-9) && t <= 10 ** hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  const f = ((v: number) => r0 + ((Math.log10(Math.max(v, d0)) - lo) / (hi - lo)) * (r1 - r0)) as Scale;
  return Object.assign(f, { ticks, domain: [d0, 10 ** hi] as const });
}

/** A slug usable in ids and data-testid attributes. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
