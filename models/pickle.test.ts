import { describe, expect, it } from 'vitest';
import { Kernel, makeStrategy } from '../engine/index.ts';
import { dumps, loads, PicklingError, pickle, unpickle } from './pickle.ts';
import { simulate } from './simulate.ts';
import { Lock } from './threading/lock.ts';
import { RLock } from './threading/rlock.ts';

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

function square(x: number): number {
  return x * x;
}

describe('pickle', () => {
  it('crosses as a deep copy that shares nothing, keeping classes, maps, sets, cycles and errors', () => {
    const shared = { n: 1 };
    const v: Record<string, unknown> = { a: [1, 2.5, 'é'], m: new Map([['k', shared]]), s: new Set([1]), shared };
    v['self'] = v;
    v['p'] = new Point(3, 4);
    v['e'] = Object.assign(new RangeError('bad'), { code: 7 });
    const back = unpickle(pickle(v)) as typeof v;
    expect(back).not.toBe(v);
    expect(back['self']).toBe(back);
    expect((back['m'] as Map<string, unknown>).get('k')).toBe(back['shared']);
    expect(back['shared']).not.toBe(shared);
    expect((back['p'] as Point).norm()).toBe(5);
    expect(back['e']).toBeInstanceOf(RangeError);
    expect((back['e'] as RangeError & { code: number }).code).toBe(7);
    expect(unpickle(pickle(v))).not.toBe(back); // every load is a fresh copy
  });

  it('keeps a dict key named "__proto__" as a key (found by props/process-pool.prop.ts)', () => {
    const v = JSON.parse('{"__proto__": {"a": 1}, "b": null}') as Record<string, unknown>;
    const back = unpickle(pickle(v)) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back).toEqual(v);
  });

  it('passes named functions by reference and refuses local lambdas and generators', () => {
    expect(unpickle(pickle(square))).toBe(square);
    expect(() => pickle([(x: number) => x])).toThrow(new PicklingError("Can't pickle local object '<lambda>'"));
    expect(() => pickle((function* () {})())).toThrow("cannot pickle 'generator' object");
  });

  it('refuses locks as Python does', () => {
    const k = new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }) });
    k.within(() => {
      expect(() => pickle({ lock: new Lock() })).toThrow("cannot pickle '_thread.lock' object");
      expect(() => pickle(new RLock())).toThrow("cannot pickle '_thread.RLock' object");
    });
  });

  it('sizes grow with content, and dumps/loads charge CPU time at the cost model rate', () => {
    const small = pickle([1, 2, 3]).bytes;
    const big = pickle(Array.from({ length: 1000 }, (_, i) => i)).bytes;
    expect(small).toBe(11 + 3 + 3 * 5);
    expect(big).toBe(11 + 3 + 1000 * 5);
    const sim = simulate(function* () {
      const p = yield* dumps('x'.repeat(1_000_000));
      const s = (yield* loads(p)) as string;
      return s.length;
    });
    expect(sim.result).toBe(1_000_000);
    // 1,000,016 bytes at 5 ns/byte, each way: 5,001 µs twice.
    expect(sim.time).toBe(2 * 5001);
  });
});
