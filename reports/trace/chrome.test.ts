/**
 * The Chrome trace exporter: a hand-written trace pinned byte for byte (regenerate the
 * golden file with `npx vitest run -u reports/trace`), and simulated runs that exercise the
 * GIL, processes, deadlocks and sleep(0), checked for structure and for what they show.
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine/index.ts';
import { Process } from '../../models/multiprocessing/process.ts';
import { simulate } from '../../models/simulate.ts';
import { Lock } from '../../models/threading/lock.ts';
import { Thread } from '../../models/threading/thread.ts';
import { compute, sleep } from '../../models/time.ts';
import { checkChromeTrace } from './check.ts';
import { type ChromeEvent, KERNEL_ID, serializeChromeTrace, toChromeTrace } from './chrome.ts';
import { TraceRecorder } from './collect.ts';
import { buildTimeline, type TimelineSlice } from './timeline.ts';

const meta = { scenario: 'test', seed: 1, strategy: 'fifo', version: '0.0.0-test' } as const;

function rec(
  time: number,
  step: number,
  fiber: number,
  kind: string,
  obj: string | null = null,
  data: TraceRecord['data'] = null,
): TraceRecord {
  return { time, step, fiber, kind: kind as TraceRecord['kind'], obj, data };
}

/** MainThread starts a worker and joins it; the worker sleeps 5 µs, sets an Event and ends. */
const SMALL: TraceRecord[] = [
  rec(0, 0, 1, 'spawn', null, { name: 'MainThread', pid: 1, daemon: false }),
  rec(0, 1, 1, 'run'),
  rec(0, 1, 2, 'spawn', null, { name: 'worker', pid: 1, daemon: false }),
  rec(0, 1, 1, 'block', 'worker.tstate'),
  rec(0, 2, 2, 'run'),
  rec(0, 2, 2, 'sleep', null, { until: 5 }),
  rec(5, 3, 2, 'run'),
  rec(5, 3, 2, 'event.set', 'ev', { waiters: 0 }),
  rec(5, 3, 1, 'wake', 'worker.tstate', { by: 2 }),
  rec(5, 3, 2, 'finish'),
  rec(5, 4, 1, 'run'),
  rec(5, 4, 1, 'finish'),
];

function record<T>(run: (listener: TraceRecorder['listener']) => T): { result: T; rec: TraceRecorder } {
  const r = new TraceRecorder();
  return { result: run(r.listener), rec: r };
}

function slicesOf(slices: readonly TimelineSlice[], thread: number): string[] {
  return slices.filter((s) => s.thread === thread).map((s) => `${s.state} ${s.start}-${s.end}`);
}

describe('timeline', () => {
  it('spreads the steps of an instant over the microsecond after it, and derives states from the records', () => {
    const tl = buildTimeline({ records: SMALL });
    expect(tl.groups.map((g) => [g.time, g.start, g.end, g.runner])).toEqual([
      [0, 0, 333, 0],
      [0, 333, 666, 1],
      [0, 666, 1000, 2],
      [5, 5000, 5500, 2],
      [5, 5500, 6000, 1],
    ]);
    expect(slicesOf(tl.slices, 0)).toEqual(['kernel 0-333']);
    expect(slicesOf(tl.slices, 1)).toEqual(['running 333-666', 'blocked 666-5500', 'running 5500-6000']);
    expect(slicesOf(tl.slices, 2)).toEqual(['running 666-1000', 'sleeping 1000-5000', 'running 5000-5500']);
    expect(tl.flows).toEqual([
      { id: 1, kind: 'wake', from: 2, fromPos: 5250, to: 1, toPos: 5750, obj: 'worker.tstate' },
    ]);
    expect(tl.instants.map((i) => [i.name, i.thread, i.pos])).toEqual([['event.set ev', 2, 5250]]);
    expect(tl.counters.filter((c) => c.name === 'run queue').map((c) => [c.pos, c.values['ready']])).toEqual([
      [0, 1],
      [666, 0],
      [5000, 1],
      [5500, 0],
    ]);
    expect(tl.processes).toEqual([{ pid: 1, name: 'MainProcess' }]);
  });

  it('treats sleep(0) as a scheduling point, not a sleep', () => {
    const { result, rec: r } = record((l) =>
      simulate(
        function* () {
          yield* sleep(0);
          yield* sleep(0.001);
        },
        { listeners: [l] },
      ),
    );
    expect(result.verdict.kind).toBe('ok');
    const tl = buildTimeline({ records: r.records });
    expect(tl.slices.filter((s) => s.state === 'sleeping')).toHaveLength(1);
    expect(tl.slices.find((s) => s.state === 'running')?.args['events']).toBe('sleep(0)');
  });
});

describe('Chrome trace', () => {
  it('pins a small trace byte for byte', async () => {
    const trace = toChromeTrace({ records: SMALL }, meta);
    const text = serializeChromeTrace(trace);
    expect(checkChromeTrace(JSON.parse(text), text)).toEqual([]);
    await expect(text).toMatchFileSnapshot('./__golden__/small-trace.json.golden');
  });

  it('names the kernel group and every thread, in creation order, and never uses pid or tid 0', () => {
    const trace = toChromeTrace({ records: SMALL, threads: ['MainThread', 'renamed-worker'] }, meta);
    const m = trace.traceEvents.filter((e): e is Extract<ChromeEvent, { ph: 'M' }> => e.ph === 'M');
    expect(m.filter((e) => e.name === 'thread_name').map((e) => [e.tid, e.args['name']])).toEqual([
      [KERNEL_ID, 'scheduler'],
      [1, 'MainThread'],
      [2, 'renamed-worker'],
    ]);
    expect(m.filter((e) => e.name === 'thread_sort_index').map((e) => e.args['sort_index'])).toEqual([0, 1, 2]);
    for (const e of trace.traceEvents) {
      expect(e.pid).not.toBe(0);
      if ('tid' in e) expect(e.tid).not.toBe(0);
    }
    expect(trace.otherData).toMatchObject({ scenario: 'test', seed: 1, strategy: 'fifo', concsim: '0.0.0-test' });
  });

  it('writes integral-nanosecond timestamps without exponents, even far from 0', () => {
    const far = SMALL.map((r) => ({ ...r, time: r.time + 86_399_999_999 }));
    const text = serializeChromeTrace(toChromeTrace({ records: far }, meta));
    expect(text).not.toMatch(/"(ts|dur)":-?[\d.]+e/i);
    expect(text).toContain('"ts":86399999999.333');
    expect(checkChromeTrace(JSON.parse(text), text)).toEqual([]);
  });

  it('shows GIL contention: computing slices alternate with waits for the GIL', () => {
    const { result, rec: r } = record((l) =>
      simulate(
        function* () {
          const ts = ['cpu-a', 'cpu-b'].map(
            (name) =>
              new Thread({
                name,
                *target() {
                  yield* compute(0.012);
                },
              }),
          );
          for (const t of ts) yield* t.start();
          for (const t of ts) yield* t.join();
        },
        { cores: 2, listeners: [l] },
      ),
    );
    expect(result.verdict.kind).toBe('ok');
    const tl = buildTimeline({ records: r.records, processes: r.processes() });
    for (const name of ['cpu-a', 'cpu-b']) {
      const id = tl.threads.find((t) => t.name === name)?.id as number;
      const mine = tl.slices.filter((s) => s.thread === id);
      // 12 ms of work each, in 5 ms slices, with the GIL going back and forth.
      const computing = mine.filter((s) => s.state === 'computing');
      expect(computing.reduce((sum, s) => sum + Math.floor(s.end / 1000) - Math.floor(s.start / 1000), 0)).toBe(12_000);
      expect(computing.length).toBeGreaterThan(1);
    }
    expect(tl.slices.some((s) => s.state === 'gil-wait')).toBe(true);
    const counters = tl.counters.filter((c) => c.name === 'threads');
    expect(Math.max(...counters.map((c) => c.values['computing'] ?? 0))).toBe(1); // one GIL, one at a time
    const text = serializeChromeTrace(toChromeTrace(tl, meta));
    expect(checkChromeTrace(JSON.parse(text), text)).toEqual([]);
  });

  it('groups threads by simulated process, with the processes named', () => {
    const { result, rec: r } = record((l) =>
      simulate(
        function* () {
          const p = new Process({
            *target() {
              yield* compute(0.01);
            },
          });
          p.start();
          yield* compute(0.01);
          yield* p.join();
        },
        { cores: 2, listeners: [l] },
      ),
    );
    expect(result.verdict.kind).toBe('ok');
    const trace = toChromeTrace({ records: r.records, processes: r.processes() }, meta);
    const names = trace.traceEvents
      .filter((e): e is Extract<ChromeEvent, { ph: 'M' }> => e.ph === 'M' && e.name === 'process_name')
      .map((e) => [e.pid, e.args]);
    expect(names).toEqual([
      [KERNEL_ID, { name: 'concsim kernel' }],
      [1, { name: 'MainProcess' }],
      [2, { name: 'Process-1' }],
    ]);
    const tl = buildTimeline({ records: r.records, processes: r.processes() });
    // The two processes compute in parallel, each on its own core.
    const counters = tl.counters.filter((c) => c.name === 'threads');
    expect(Math.max(...counters.map((c) => c.values['computing'] ?? 0))).toBe(2);
    const text = serializeChromeTrace(trace);
    expect(checkChromeTrace(JSON.parse(text), text)).toEqual([]);
  });

  it("draws a deadlock's blocked threads up to the end of the trace", () => {
    const { result, rec: r } = record((l) =>
      simulate(
        function* () {
          const a = new Lock();
          const b = new Lock();
          const t = new Thread({
            name: 'other',
            *target() {
              yield* b.acquire();
              yield* sleep(0.001);
              yield* a.acquire();
            },
          });
          yield* a.acquire();
          yield* t.start();
          yield* sleep(0.001);
          yield* b.acquire();
        },
        { listeners: [l] },
      ),
    );
    expect(result.verdict.kind).toBe('deadlock');
    const tl = buildTimeline({ records: r.records });
    const last = (id: number) => tl.slices.filter((s) => s.thread === id).at(-1);
    expect(last(1)).toMatchObject({ state: 'blocked', end: tl.end });
    expect(last(2)).toMatchObject({ state: 'blocked', end: tl.end });
    const text = serializeChromeTrace(toChromeTrace(tl, meta));
    expect(checkChromeTrace(JSON.parse(text), text)).toEqual([]);
  });

  it('judges sub-nanosecond timestamps on the printed value, at any magnitude', () => {
    const at = (ts: number) => ({
      otherData: { scenario: 's', seed: 1, strategy: 'fifo', concsim: '0' },
      traceEvents: [
        { ph: 'M', name: 'process_name', pid: 1, args: { name: 'p' } },
        { ph: 'M', name: 'thread_name', pid: 1, tid: 1, args: { name: 't' } },
        { ph: 'M', name: 'thread_sort_index', pid: 1, tid: 1, args: { sort_index: 0 } },
        { ph: 'X', name: 'a', ts, dur: 1, pid: 1, tid: 1 },
      ],
    });
    // 17048039.4 * 1000 is 17048039400.000002 in floating point: still a whole nanosecond.
    expect(checkChromeTrace(at(17048039.4)).join('\n')).not.toMatch(/finer than 1 ns/);
    expect(checkChromeTrace(at(17048039.4005)).join('\n')).toMatch(/ts 17048039.4005 finer than 1 ns/);
  });

  it('reports what is wrong with a malformed trace', () => {
    const bad = {
      otherData: {},
      traceEvents: [
        { ph: 'M', name: 'process_name', pid: 1, args: { name: 'p' } },
        { ph: 'X', name: 'a', ts: 0, dur: 2, pid: 1, tid: 1 },
        { ph: 'X', name: 'b', ts: 1, dur: 2, pid: 1, tid: 1 },
        { ph: 's', name: 'w', id: 1, ts: 0, pid: 1, tid: 1 },
      ],
    };
    const p = checkChromeTrace(bad).join('\n');
    expect(p).toMatch(/otherData.scenario is missing/);
    expect(p).toMatch(/has no thread_name/);
    expect(p).toMatch(/slices overlap on 1:1: 'a' and 'b'/);
    expect(p).toMatch(/flow 1 has only its 's' end/);
  });
});
