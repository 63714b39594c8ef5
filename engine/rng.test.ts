import { describe, expect, it } from 'vitest';
import { makeRng } from './rng.ts';

const draw = (seed: string | number, stream: string, n = 20): number[] => {
  const r = makeRng(seed, stream);
  return Array.from({ length: n }, () => r.next());
};

describe('makeRng', () => {
  it('is reproducible for a seed and stream', () => {
    expect(draw(1, 'schedule')).toEqual(draw(1, 'schedule'));
    expect(draw('abc', 'scenario')).toEqual(draw('abc', 'scenario'));
  });

  it('differs across seeds and across streams of one seed', () => {
    expect(draw(1, 'schedule')).not.toEqual(draw(2, 'schedule'));
    expect(draw(1, 'schedule')).not.toEqual(draw(1, 'scenario'));
  });

  it('next is in [0, 1), int(n) in [0, n), uniform in [lo, hi)', () => {
    const r = makeRng(3, 'test');
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      const k = r.int(7);
      const u = r.uniform(-2, 5);
      if (!(x >= 0 && x < 1)) throw new Error(`next out of range: ${x}`);
      if (!(Number.isInteger(k) && k >= 0 && k < 7)) throw new Error(`int out of range: ${k}`);
      if (!(u >= -2 && u < 5)) throw new Error(`uniform out of range: ${u}`);
    }
  });
});
