import { describe, expect, it } from 'vitest';
import { EntryKind, EventQueue } from './event-queue.ts';
import { makeRng } from './rng.ts';

interface Entry {
  readonly time: number;
  readonly seq: number;
  readonly kind: number;
  readonly target: string;
  readonly token: number;
}

function drain(q: EventQueue<string>): Entry[] {
  const out: Entry[] = [];
  let seq = 0;
  while (q.size > 0) {
    const peeked = q.peekTime();
    q.pop();
    if (q.time !== peeked) throw new Error(`peekTime ${peeked} but popped ${q.time}`);
    out.push({ time: q.time, seq: seq++, kind: q.kind, target: q.target, token: q.token });
  }
  return out;
}

const kinds = [EntryKind.Sleep, EntryKind.Timeout, EntryKind.Cpu, EntryKind.Callback] as const;

describe('EventQueue', () => {
  it('starts empty', () => {
    const q = new EventQueue<string>();
    expect(q.size).toBe(0);
  });

  it('pops in (time, push order) for random pushes, like a stable sort', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = makeRng(seed, 'event-queue-test');
      const q = new EventQueue<string>();
      const pushed: { time: number; seq: number; kind: number; target: string; token: number }[] = [];
      // Few distinct times, so that many entries tie.
      for (let i = 0; i < 2000; i++) {
        const e = { time: rng.int(50), seq: i, kind: kinds[rng.int(4)] as number, target: `t${i}`, token: i * 7 };
        pushed.push(e);
        q.push(e.time, e.kind as EntryKind, e.target, e.token);
      }
      expect(q.size).toBe(2000);
      const reference = [...pushed].sort((a, b) => a.time - b.time || a.seq - b.seq);
      const popped = drain(q);
      const key = (e: { time: number; kind: number; target: string; token: number }): string =>
        `${e.time}:${e.kind}:${e.target}:${e.token}`;
      expect(popped.map(key).join(' ')).toBe(reference.map(key).join(' '));
      expect(q.size).toBe(0);
    }
  });

  it('interleaved pushes and pops still come out in (time, sequence) order', () => {
    const rng = makeRng(42, 'event-queue-test');
    const q = new EventQueue<string>();
    // Reference: a plain array kept sorted by (time, seq).
    const ref: { time: number; seq: number; target: string }[] = [];
    let seq = 0;
    let now = 0;
    for (let step = 0; step < 5000; step++) {
      if (ref.length > 0 && rng.next() < 0.45) {
        q.pop();
        const e = ref.shift() as { time: number; seq: number; target: string };
        if (q.time !== e.time || q.target !== e.target) throw new Error(`popped ${q.target}, expected ${e.target}`);
        now = e.time; // like the kernel: never push into the past
      } else {
        const e = { time: now + rng.int(20), seq: seq++, target: `e${seq}` };
        q.push(e.time, EntryKind.Sleep, e.target, 0);
        ref.push(e);
        ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
      }
      if (q.size !== ref.length) throw new Error(`size ${q.size}, expected ${ref.length}`);
      if (ref.length > 0 && q.peekTime() !== (ref[0] as { time: number }).time) throw new Error('wrong peekTime');
    }
  });

  it('equal times pop in push order', () => {
    const q = new EventQueue<string>();
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    for (const n of names) q.push(7, EntryKind.Timeout, n, 0);
    expect(drain(q).map((e) => e.target)).toEqual(names);
  });

  it('an earlier time pushed later still pops first; ties keep push order around it', () => {
    const q = new EventQueue<string>();
    q.push(5, EntryKind.Sleep, 'a', 1);
    q.push(3, EntryKind.Cpu, 'b', 2);
    q.push(5, EntryKind.Callback, 'c', 3);
    q.push(3, EntryKind.Timeout, 'd', 4);
    q.push(0, EntryKind.Sleep, 'e', 5);
    expect(drain(q).map((e) => `${e.time}:${e.target}:${e.kind}:${e.token}`)).toEqual([
      '0:e:0:5',
      '3:b:2:2',
      '3:d:1:4',
      '5:a:0:1',
      '5:c:3:3',
    ]);
  });

  it('grows to 100k entries and drains them in order', () => {
    const q = new EventQueue<number>();
    const rng = makeRng('big', 'event-queue-test');
    const n = 100_000;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = rng.int(1000);
      times.push(t);
      q.push(t, EntryKind.Sleep, i, i);
    }
    expect(q.size).toBe(n);
    let prevTime = -1;
    let prevTarget = -1;
    let count = 0;
    while (q.size > 0) {
      q.pop();
      if (q.token !== q.target || q.time !== times[q.target]) throw new Error(`wrong fields at ${count}`);
      if (q.time === prevTime) {
        if (q.target <= prevTarget) throw new Error(`tie out of push order at ${count}`);
      } else if (q.time < prevTime) {
        throw new Error(`time went backwards at ${count}: ${q.time} < ${prevTime}`);
      }
      prevTime = q.time;
      prevTarget = q.target;
      count++;
    }
    expect(count).toBe(n);
    expect(q.size).toBe(0);
  });

  it('can be refilled after being drained, and keeps ordering ties by global push order', () => {
    const q = new EventQueue<string>();
    q.push(1, EntryKind.Sleep, 'x', 0);
    q.pop();
    expect(q.size).toBe(0);
    q.push(2, EntryKind.Sleep, 'y', 0);
    q.push(2, EntryKind.Sleep, 'z', 0);
    q.push(1, EntryKind.Sleep, 'w', 0);
    expect(drain(q).map((e) => e.target)).toEqual(['w', 'y', 'z']);
  });
});
