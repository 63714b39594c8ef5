import { describe, expect, it } from 'vitest';
import { makeRng } from './rng.ts';
import { stableJson, TraceHasher, type TraceRecord, TraceTail } from './trace.ts';

function rec(time: number, kind: TraceRecord['kind'], data: TraceRecord['data'] = null): TraceRecord {
  return { time, step: time, fiber: 1, kind, obj: null, data };
}

describe('stableJson', () => {
  it('sorts keys, so equal data print equally', () => {
    expect(stableJson({ b: 1, a: 'x', c: null, d: true })).toBe('{"a":"x","b":1,"c":null,"d":true}');
    expect(stableJson({ z: 1, y: 2 })).toBe(stableJson({ y: 2, z: 1 }));
    expect(stableJson({})).toBe('{}');
  });
});

describe('TraceHasher', () => {
  it('is 16 hex digits, stable across instances, and counts records', () => {
    const a = new TraceHasher();
    const b = new TraceHasher();
    expect(a.digest()).toMatch(/^[0-9a-f]{16}$/);
    for (const h of [a, b]) {
      h.listener(rec(0, 'spawn', { name: 'a', pid: 1, daemon: false }));
      h.listener(rec(5, 'run'));
    }
    expect(a.digest()).toBe(b.digest());
    expect(a.count).toBe(2);
  });

  it('pins the digest of a known trace (equal traces hash equally on every machine)', () => {
    const h = new TraceHasher();
    h.listener(rec(0, 'spawn', { name: 'a', pid: 1, daemon: false }));
    h.listener(rec(5, 'run'));
    h.listener({ time: 5, step: 2, fiber: 1, kind: 'block', obj: 'Lock-1', data: { timeout: 3 } });
    const first = h.digest();
    const again = new TraceHasher();
    again.update('0|1|spawn||{"daemon":false,"name":"a","pid":1}\n');
    again.update('5|1|run||\n');
    again.update('5|1|block|Lock-1|{"timeout":3}\n');
    expect(again.digest()).toBe(first);
  });

  it('differs when any field but the step differs, and with data key order it does not', () => {
    const digest = (records: TraceRecord[]): string => {
      const h = new TraceHasher();
      for (const r of records) h.listener(r);
      return h.digest();
    };
    const base: TraceRecord = { time: 5, step: 2, fiber: 1, kind: 'block', obj: 'q', data: { a: 1, b: 2 } };
    const d = digest([base]);
    expect(digest([{ ...base, time: 6 }])).not.toBe(d);
    expect(digest([{ ...base, fiber: 2 }])).not.toBe(d);
    expect(digest([{ ...base, kind: 'wake' }])).not.toBe(d);
    expect(digest([{ ...base, obj: 'r' }])).not.toBe(d);
    expect(digest([{ ...base, obj: null }])).not.toBe(d);
    expect(digest([{ ...base, data: { a: 1, b: 3 } }])).not.toBe(d);
    expect(digest([{ ...base, data: null }])).not.toBe(d);
    expect(digest([{ ...base, step: 9 }])).toBe(d);
    expect(digest([{ ...base, data: { b: 2, a: 1 } }])).toBe(d);
    // Order of records matters.
    const other = { ...base, kind: 'wake' } as const;
    expect(digest([base, other])).not.toBe(digest([other, base]));
  });
});

describe('TraceHasher, record by record', () => {
  /** The canonical text of a record, as `update` takes it. */
  const text = (r: TraceRecord): string =>
    `${r.time}|${r.fiber}|${r.kind}|${r.obj ?? ''}|${r.data === null ? '' : stableJson(r.data)}\n`;

  it('gives the digest of update() over the canonical text, whatever the data', () => {
    const rng = makeRng(11, 'trace-hash-test');
    const strings = [
      '',
      'a',
      'Lock-12',
      'Thread-3 (worker)',
      'q"uote',
      'back\\slash',
      'tab\tnl\n',
      'é€',
      '\u{1F600}',
      '\ud800',
    ];
    const numbers = [
      0,
      -0,
      1,
      7,
      10,
      99,
      100,
      12345678901,
      2 ** 53,
      2 ** 53 + 2,
      -3,
      1.5,
      1e21,
      1e-7,
      Number.NaN,
      Infinity,
    ];
    const values = [...strings, ...numbers, true, false, null];
    const keys = ['by', 'until', 'timeout', 'name', 'a', 'B', '10', '2', 'ü', 'k"'];
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
    const fast = new TraceHasher();
    const slow = new TraceHasher();
    for (let i = 0; i < 3000; i++) {
      let data: Record<string, string | number | boolean | null> | null = null;
      if (rng.next() < 0.7) {
        data = {};
        const n = rng.int(4);
        for (let j = 0; j < n; j++) data[pick(keys)] = pick(values);
      }
      const r: TraceRecord = {
        time: rng.next() < 0.9 ? rng.int(1e9) : pick(numbers),
        step: i,
        fiber: rng.int(30),
        kind: pick(['run', 'wake', 'block', 'lock.acquire', 'x.y'] as const),
        obj: rng.next() < 0.5 ? null : pick(strings),
        data,
      };
      fast.listener(r);
      slow.update(text(r));
    }
    expect(fast.count).toBe(3000);
    expect(fast.digest()).toBe(slow.digest());
  });
});

describe('TraceTail', () => {
  it('keeps the last `capacity` records, oldest first', () => {
    const t = new TraceTail(3);
    expect(t.records()).toEqual([]);
    t.listener(rec(1, 'run'));
    t.listener(rec(2, 'run'));
    expect(t.records().map((r) => r.time)).toEqual([1, 2]);
    t.listener(rec(3, 'run'));
    expect(t.records().map((r) => r.time)).toEqual([1, 2, 3]);
    for (let i = 4; i <= 8; i++) {
      t.listener(rec(i, 'run'));
      expect(t.records().map((r) => r.time)).toEqual([i - 2, i - 1, i]);
    }
  });

  it('defaults to 20 records', () => {
    const t = new TraceTail();
    for (let i = 0; i < 50; i++) t.listener(rec(i, 'run'));
    expect(t.records().map((r) => r.time)).toEqual(Array.from({ length: 20 }, (_, i) => 30 + i));
  });
});
