import { describe, expect, it } from 'vitest';
import { formatTime, TICKS_PER_SECOND, toSeconds, toTicks } from './time.ts';

describe('virtual time', () => {
  it('a tick is one microsecond', () => {
    expect(TICKS_PER_SECOND).toBe(1_000_000);
  });

  it('converts seconds to whole ticks once, rounding to the nearest microsecond', () => {
    expect(toTicks(1.5)).toBe(1_500_000);
    expect(toTicks(0)).toBe(0);
    expect(toTicks(0.1 + 0.2)).toBe(300_000); // no floating-point residue
    expect(toTicks(0.0000004)).toBe(0);
    expect(toTicks(0.0000006)).toBe(1);
    expect(toTicks(86_400)).toBe(86_400_000_000);
    expect(Number.isInteger(toTicks(1 / 3))).toBe(true);
  });

  it('converts ticks back to seconds', () => {
    expect(toSeconds(1_500_000)).toBe(1.5);
    expect(toSeconds(toTicks(2.25))).toBe(2.25);
  });

  it('formats ticks as seconds with microsecond precision', () => {
    expect(formatTime(0)).toBe('0.000000s');
    expect(formatTime(1_250_000)).toBe('1.250000s');
    expect(formatTime(7)).toBe('0.000007s');
    expect(formatTime(86_400_000_001)).toBe('86400.000001s');
  });
});
