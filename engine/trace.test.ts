import { describe, expect, it } from 'vitest';
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
