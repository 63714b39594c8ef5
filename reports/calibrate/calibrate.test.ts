/** How calibrate tells a constant whose runs fall in two groups (runs from the profiles of 2026-12-08). */
import { describe, expect, it } from 'vitest';
import { twoGroups } from './calibrate.ts';

describe('twoGroups', () => {
  it('finds the two groups of wakeSignal and pyStatementNs runs', () => {
    expect(twoGroups([7.534, 7.604, 13.58, 12.99, 12.79])).toEqual([
      [7.534, 7.604],
      [12.79, 12.99, 13.58],
    ]);
    expect(twoGroups([34.62, 36.79, 64.86, 64.6, 36.86])).toEqual([
      [34.62, 36.79, 36.86],
      [64.6, 64.86],
    ]);
  });

  it('takes a spread, a lone outlier or runs at zero for no groups', () => {
    expect(twoGroups([4.574, 6.691, 5.457, 4.564, 4.534])).toBeNull();
    expect(twoGroups([7.564, 15.17, 7.784, 7.885, 7.664, 7.565, 7.603, 7.604, 7.58])).toBeNull();
    expect(twoGroups([0, 0, 0, 12, 15])).toBeNull();
  });
});
