/** Small helpers for the benchmark report: medians and human-readable figures. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const PREFIXES: readonly [number, string][] = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** `1234567` → `1.23 M`; three significant digits. */
export function si(x: number): string {
  if (!Number.isFinite(x)) return '—';
  for (const [scale, p] of PREFIXES) {
    if (Math.abs(x) >= scale) return `${sig3(x / scale)} ${p}`;
  }
  return sig3(x);
}

export function sig3(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** A figure's value in its unit, for the table. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (unit.endsWith('/s')) return `${si(value)}${unit}`;
  if (unit === '%') return `${value.toFixed(1)} %`;
  if (unit === '×') return `${sig3(value)}×`;
  return `${sig3(value)} ${unit}`;
}

export function pad(s: string, width: number, right = false): string {
  if (s.length >= width) return s;
  return right ? s.padStart(width) : s.padEnd(width);
}
