import { describe, expect, it } from 'vitest';
import { makeRng } from './rng.ts';
import { RunQueue } from './run-queue.ts';

function contents<T>(q: RunQueue<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < q.length; i++) out.push(q.at(i));
  return out;
}

describe('RunQueue', () => {
  it('keeps the order entries were pushed in, across growth and wrap-around', () => {
    const q = new RunQueue<number>(4);
    for (let i = 0; i < 3; i++) q.push(i);
    expect(q.removeAt(0)).toBe(0);
    expect(q.removeAt(0)).toBe(1);
    for (let i = 3; i < 20; i++) q.push(i);
    expect(contents(q)).toEqual([2, ...Array.from({ length: 17 }, (_, i) => i + 3)]);
    expect(q.indexOf(7)).toBe(5);
    expect(q.indexOf(99)).toBe(-1);
  });

  it('removeAt behaves as Array.splice(i, 1) at any index (random operations)', () => {
    const rng = makeRng(3, 'run-queue-test');
    const q = new RunQueue<number>();
    const model: number[] = [];
    let next = 0;
    for (let step = 0; step < 20_000; step++) {
      if (model.length === 0 || rng.next() < 0.52) {
        q.push(next);
        model.push(next++);
      } else {
        const i = rng.int(model.length);
        expect(q.removeAt(i)).toBe(model.splice(i, 1)[0]);
      }
      expect(q.length).toBe(model.length);
    }
    expect(contents(q)).toEqual(model);
  });
});
