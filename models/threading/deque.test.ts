import { describe, expect, it } from 'vitest';
import { makeRng } from '../../engine/index.ts';
import { Deque } from './deque.ts';

describe('Deque', () => {
  it('behaves as an array used with push, shift and splice-remove (random operations)', () => {
    const rng = makeRng(5, 'deque-test');
    const d = new Deque<number>();
    const model: number[] = [];
    let next = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rng.next();
      if (model.length === 0 || r < 0.5) {
        d.push(next);
        model.push(next++);
      } else if (r < 0.9) {
        expect(d.shift()).toBe(model.shift());
      } else {
        const x = rng.next() < 0.9 ? (model[rng.int(model.length)] as number) : -1;
        const i = model.indexOf(x);
        if (i >= 0) model.splice(i, 1);
        expect(d.remove(x)).toBe(i >= 0);
      }
      expect(d.length).toBe(model.length);
      expect(d.peek()).toBe(model[0]);
    }
    while (model.length > 0) expect(d.shift()).toBe(model.shift());
    expect(d.shift()).toBeUndefined();
    expect(d.length).toBe(0);
  });
});
