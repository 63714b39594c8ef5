/**
 * A run's timeline: who ran when, derived from the kernel's trace records alone. Both the
 * Chrome trace exporter (`chrome.ts`) and the Gantt chart of the HTML reports draw it.
 *
 * ## Positions: virtual nanoseconds, so that zero-time steps stay visible and ordered
 *
 * Virtual time is a whole number of microsecond ticks, and most steps take no time at all:
 * a whole interleaving often happens at one instant. A timeline that put every step of an
 * instant at the same point would show nothing of the order that decides a race. So every
 * record gets a *position* in virtual nanoseconds: `tick * 1000 + offset`, where the offset
 * (0..999) spreads the *steps* taken at that instant evenly over the microsecond that follows
 * it — a microsecond no other virtual time can fall in, since ticks are whole. A step is one
 * *group* of records: the records from one `run` up to the next `run` or the next instant
 * (records an instant opens with, before any `run` — timeouts coming due, CPU slices ending,
 * kernel callbacks — form a kernel group). With n groups at tick t, group i spans
 * `[t·1000 + ⌊i·1000/n⌋, t·1000 + ⌊(i+1)·1000/n⌋)`. So `Math.floor(pos / 1000)` is always the
 * true virtual time, a lone step at an instant is drawn 1 µs wide, and an instant with more
 * than 1,000 steps gives some of them zero width (their order is kept).
 *
 * ## Slices per thread (never overlapping, in the order of the records)
 *
 * - `running`: a step, over its group's span;
 * - `blocked` (on a wait queue): from the end of the step that blocked to the start of the
 *   thread's next step — the wake-up or timeout that ended it is inside that gap (a wake-up
 *   also draws a flow arrow from the waker's step);
 * - `sleeping`: from the end of the step that slept to the thread's next step;
 * - `computing`: from `cpu.run` to `cpu.switch` / `cpu.done` (consecutive slices merged);
 * - `gil-wait` / `core-wait`: from `cpu.wait` (or a forced GIL switch) to the next `cpu.run`.
 *
 * A thread that is ready but not picked yet has no slice (the `run queue` counter counts
 * it). Slices still open when the trace ends (a deadlock's blocked threads) end there.
 */
import type { TraceKind, TraceRecord } from '../../engine/index.ts';

export type ThreadSliceState = 'running' | 'blocked' | 'sleeping' | 'computing' | 'gil-wait' | 'core-wait';

export type SliceArgs = Record<string, string | number | boolean | null>;

export interface TimelineThread {
  /** Fiber id. */
  readonly id: number;
  readonly name: string;
  readonly pid: number;
  readonly daemon: boolean;
}

export interface TimelineProcess {
  readonly pid: number;
  readonly name: string;
}

export interface TimelineSlice {
  /** Fiber id, or 0 for the kernel's own track. */
  readonly thread: number;
  readonly state: ThreadSliceState | 'kernel';
  readonly name: string;
  /** Position (virtual ns) where it starts and ends; `start <= end`. */
  readonly start: number;
  readonly end: number;
  readonly args: SliceArgs;
}

export interface TimelineInstant {
  /** Fiber id, or 0 for the kernel. */
  readonly thread: number;
  readonly pid: number;
  readonly pos: number;
  /** The trace record's kind (`event.set`, `violation`, …). */
  readonly kind: string;
  readonly name: string;
  /** Chrome scope: thread, process or global. */
  readonly scope: 't' | 'p' | 'g';
  readonly args: SliceArgs;
}

/** A wake-up (or an interrupt): from the step of the fiber that caused it to the woken fiber's next step. */
export interface TimelineFlow {
  readonly id: number;
  readonly kind: 'wake' | 'interrupt';
  /** Fiber id of the waker, or 0 for the kernel (a timer callback, a process exit). */
  readonly from: number;
  readonly fromPos: number;
  readonly to: number;
  readonly toPos: number;
  /** The wait queue it was woken from. */
  readonly obj: string | null;
}

export interface TimelineCounter {
  readonly name: string;
  /** Process the counter belongs to, or 0 for the kernel's global counters. */
  readonly pid: number;
  readonly pos: number;
  readonly values: Readonly<Record<string, number>>;
}

export interface TimelineGroup {
  /** Virtual time in ticks. */
  readonly time: number;
  readonly start: number;
  readonly end: number;
  /** Fiber that ran in this step, or 0 for a kernel group. */
  readonly runner: number;
}

export interface Timeline {
  readonly threads: readonly TimelineThread[];
  readonly processes: readonly TimelineProcess[];
  readonly slices: readonly TimelineSlice[];
  readonly instants: readonly TimelineInstant[];
  readonly flows: readonly TimelineFlow[];
  readonly counters: readonly TimelineCounter[];
  readonly groups: readonly TimelineGroup[];
  /** Position where the timeline ends (the end of the last group). */
  readonly end: number;
  /** Virtual time of the last record, in ticks. */
  readonly endTime: number;
}

export interface TimelineInput {
  readonly records: readonly TraceRecord[];
  /** Thread names by fiber id (`threads[id - 1]`), as `RunReport.threads`; spawn records' names otherwise. */
  readonly threads?: readonly string[];
  /** Process names by pid; otherwise from `process.start` records, and pid 1 is `MainProcess`. */
  readonly processes?: readonly TimelineProcess[];
}

/** Model records drawn as instants (the rest are listed in the args of the step that emitted them). */
const INSTANT_KINDS: ReadonlySet<string> = new Set<TraceKind>([
  'event.set',
  'event.clear',
  'timer.fire',
  'timer.cancel',
  'condition.notify',
  'barrier.trip',
  'barrier.break',
  'future.result',
  'future.exception',
  'future.cancel',
  'future.callback-error',
  'executor.broken',
  'executor.shutdown',
  'thread.excepthook',
  'process.start',
  'process.exit',
  'process.terminate',
  'process.kill',
  'error',
  'violation',
]);

/** Model counters: record kind → [counter name prefix, data field]. */
const MODEL_COUNTERS: ReadonlyMap<string, readonly [string, string]> = new Map<TraceKind, readonly [string, string]>([
  ['queue.put', ['queue', 'size']],
  ['queue.get', ['queue', 'size']],
  ['semaphore.acquire', ['semaphore', 'value']],
  ['semaphore.release', ['semaphore', 'value']],
  ['executor.worker', ['pool workers', 'workers']],
  ['executor.idle', ['pool idle workers', 'idle']],
]);

/** At most this many model records are listed in one step's args. */
const MAX_STEP_EVENTS = 24;

interface Open {
  readonly state: ThreadSliceState;
  readonly name: string;
  readonly start: number;
  readonly args: SliceArgs;
}

interface Pending {
  readonly state: ThreadSliceState | 'done';
  readonly name: string;
  readonly args: SliceArgs;
}

interface Arrival {
  readonly kind: 'wake' | 'interrupt';
  readonly from: number;
  readonly fromPos: number;
  readonly obj: string | null;
}

interface Track {
  readonly info: TimelineThread;
  open: Open | null;
  pending: Pending | null;
  readyFrom: number | null;
  done: boolean;
  arrivals: Arrival[];
  events: string[];
  blockTime: number;
  blockTimeout: number | null;
  sleepUntil: number | null;
}

/** Groups of records (see the module comment) and their positions. */
function groupRecords(records: readonly TraceRecord[]): { groupOf: Int32Array; groups: TimelineGroup[] } {
  const groupOf = new Int32Array(records.length);
  const raw: { time: number; runner: number }[] = [];
  let time = -1;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as TraceRecord;
    if (r.time !== time || r.kind === 'run' || raw.length === 0) {
      raw.push({ time: r.time, runner: r.kind === 'run' ? r.fiber : 0 });
      time = r.time;
    }
    groupOf[i] = raw.length - 1;
  }
  const groups: TimelineGroup[] = [];
  for (let a = 0; a < raw.length; ) {
    const t = (raw[a] as { time: number }).time;
    let b = a;
    while (b < raw.length && (raw[b] as { time: number }).time === t) b++;
    const n = b - a;
    for (let i = 0; i < n; i++) {
      groups.push({
        time: t,
        start: t * 1000 + Math.floor((i * 1000) / n),
        end: t * 1000 + Math.floor(((i + 1) * 1000) / n),
        runner: (raw[a + i] as { runner: number }).runner,
      });
    }
    a = b;
  }
  return { groupOf, groups };
}

const mid = (g: TimelineGroup) => g.start + Math.floor((g.end - g.start) / 2);

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/** Builds the timeline of one run from its trace records (a pure function). */
export function buildTimeline(input: TimelineInput): Timeline {
  const records = input.records;
  const { groupOf, groups } = groupRecords(records);
  const tracks = new Map<number, Track>();
  const order: Track[] = [];
  const slices: TimelineSlice[] = [];
  const instants: TimelineInstant[] = [];
  const flows: TimelineFlow[] = [];
  const ready: { pos: number; d: number }[] = [];
  const modelCounters: TimelineCounter[] = [];
  const processNames = new Map<number, string>([[1, 'MainProcess']]);
  for (const p of input.processes ?? []) processNames.set(p.pid, p.name);
  const givenProcess = new Set((input.processes ?? []).map((p) => p.pid));
  const started = new Set<number>();

  const track = (id: number, spawn?: TraceRecord): Track => {
    let t = tracks.get(id);
    if (t === undefined) {
      const d = spawn?.data ?? null;
      const info: TimelineThread = {
        id,
        name: input.threads?.[id - 1] ?? (d !== null && typeof d['name'] === 'string' ? d['name'] : `fiber-${id}`),
        pid: d !== null && typeof d['pid'] === 'number' ? d['pid'] : 1,
        daemon: d !== null && d['daemon'] === true,
      };
      t = {
        info,
        open: null,
        pending: null,
        readyFrom: null,
        done: false,
        arrivals: [],
        events: [],
        blockTime: 0,
        blockTimeout: null,
        sleepUntil: null,
      };
      tracks.set(id, t);
      order.push(t);
    }
    return t;
  };
  const pidOf = (fiber: number) => (fiber === 0 ? 0 : track(fiber).info.pid);

  const close = (t: Track, pos: number) => {
    const o = t.open;
    if (o === null) return;
    slices.push({ thread: t.info.id, state: o.state, name: o.name, start: o.start, end: pos, args: o.args });
    t.open = null;
  };
  const openState = (t: Track, state: ThreadSliceState, name: string, pos: number, args: SliceArgs) => {
    close(t, pos);
    t.open = { state, name, start: pos, args };
  };
  const setReady = (t: Track, pos: number) => {
    if (t.readyFrom === null && !t.done) {
      t.readyFrom = pos;
      ready.push({ pos, d: 1 });
    }
  };
  const endReady = (t: Track, pos: number) => {
    if (t.readyFrom !== null) {
      ready.push({ pos: Math.max(pos, t.readyFrom), d: -1 });
      t.readyFrom = null;
    }
  };
  const finish = (t: Track, pos: number) => {
    close(t, pos);
    endReady(t, pos);
    t.done = true;
    t.pending = null;
  };

  // Kernel slices: one per group that is a kernel group or where the kernel acted.
  const kernelGroups = new Map<number, number>(); // group index → records attributed to the kernel
  const kernelMark = (g: number) => kernelGroups.set(g, (kernelGroups.get(g) ?? 0) + 1);

  const instant = (r: TraceRecord, g: TimelineGroup, thread: number, scope: 't' | 'p' | 'g', args: SliceArgs) => {
    instants.push({
      thread,
      pid: thread === 0 && typeof r.data?.['pid'] === 'number' ? (r.data['pid'] as number) : pidOf(thread),
      pos: mid(g),
      kind: r.kind,
      name: `${r.kind}${r.obj === null ? '' : ` ${r.obj}`}`,
      scope,
      args,
    });
  };

  const endGroup = (gi: number) => {
    const g = groups[gi] as TimelineGroup;
    if (g.runner === 0) return;
    const t = track(g.runner);
    const o = t.open;
    if (o !== null && o.state === 'running') {
      const args: SliceArgs = { ...o.args };
      if (t.events.length > 0) args['events'] = t.events.join('; ');
      t.open = { ...o, args };
      close(t, g.end);
    }
    t.events = [];
    const p = t.pending;
    t.pending = null;
    if (t.done) return;
    if (p === null) setReady(t, g.end);
    else if (p.state === 'done') finish(t, g.end);
    else t.open = { state: p.state, name: p.name, start: g.end, args: p.args };
  };

  let cur = -1;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as TraceRecord;
    const gi = groupOf[i] as number;
    if (gi !== cur) {
      if (cur >= 0) endGroup(cur);
      cur = gi;
      if ((groups[gi] as TimelineGroup).runner === 0) kernelMark(gi);
    }
    const g = groups[gi] as TimelineGroup;
    const data = r.data;
    const own = r.fiber !== 0 && r.fiber === g.runner;

    if (r.kind === 'spawn') {
      const t = track(r.fiber, r);
      setReady(t, g.start);
      continue;
    }
    if (r.kind === 'violation') {
      instant(r, g, r.fiber, 'g', { monitor: str(data?.['monitor']), message: str(data?.['message']) });
      if (r.fiber === 0) kernelMark(gi);
      continue;
    }
    if (r.kind === 'process.start' && r.obj !== null && typeof data?.['pid'] === 'number') {
      started.add(data['pid'] as number);
      if (!givenProcess.has(data['pid'] as number)) processNames.set(data['pid'] as number, r.obj);
    }
    if (r.fiber === 0) {
      kernelMark(gi);
      if (INSTANT_KINDS.has(r.kind)) {
        const scope = r.kind.startsWith('process.') && typeof data?.['pid'] === 'number' ? 'p' : 't';
        instant(r, g, 0, scope, { ...(data ?? {}) });
      }
      continue;
    }
    const t = track(r.fiber);
    switch (r.kind) {
      case 'run': {
        if (t.open?.state === 'sleeping' && t.sleepUntil !== null) {
          setReady(t, Math.min(g.start, Math.max(t.open.start, t.sleepUntil * 1000)));
        }
        close(t, g.start);
        endReady(t, g.start);
        t.open = { state: 'running', name: 'running', start: g.start, args: { step: r.step } };
        t.pending = null;
        t.events = [];
        for (const a of t.arrivals) {
          flows.push({
            id: flows.length + 1,
            kind: a.kind,
            from: a.from,
            fromPos: a.fromPos,
            to: t.info.id,
            toPos: mid(g),
            obj: a.obj,
          });
        }
        t.arrivals = [];
        continue;
      }
      case 'wake':
      case 'interrupt': {
        const by = typeof data?.['by'] === 'number' ? (data['by'] as number) : 0;
        // A waker that is not running this step (a killed fiber's exit hook) is the kernel's doing.
        const from = by !== 0 && by === g.runner ? by : 0;
        if (from === 0) kernelMark(gi);
        t.arrivals.push({ kind: r.kind, from, fromPos: mid(g), obj: r.obj });
        if (r.kind === 'interrupt') instant(r, g, r.fiber, 't', { by, error: str(data?.['error']) });
        if (!own) setReady(t, g.start);
        continue;
      }
      case 'timeout': {
        const expiry = t.blockTimeout === null ? g.start : (t.blockTime + t.blockTimeout) * 1000;
        setReady(t, Math.min(g.start, Math.max(t.open?.start ?? 0, expiry)));
        continue;
      }
      case 'finish': {
        if (own) t.pending = { state: 'done', name: 'done', args: {} };
        else finish(t, g.start);
        continue;
      }
      case 'error': {
        instant(r, g, r.fiber, 't', { error: str(data?.['error']) });
        continue;
      }
      case 'block': {
        const timeout = typeof data?.['timeout'] === 'number' ? (data['timeout'] as number) : null;
        t.blockTime = r.time;
        t.blockTimeout = timeout;
        const p: Pending = {
          state: 'blocked',
          name: `blocked on ${r.obj ?? '?'}`,
          args: { queue: r.obj, ...(timeout === null ? {} : { timeout_us: timeout }) },
        };
        if (own) t.pending = p;
        else openState(t, 'blocked', p.name, g.start, p.args);
        continue;
      }
      case 'sleep': {
        const until = typeof data?.['until'] === 'number' ? (data['until'] as number) : null;
        if (until !== null && until <= r.time) {
          // sleep(0): a scheduling point, not a sleep — the thread is ready at once.
          if (own) t.events.push('sleep(0)');
          else setReady(t, g.start);
          continue;
        }
        t.sleepUntil = until;
        const args: SliceArgs = until === null ? {} : { until_us: until };
        if (own) t.pending = { state: 'sleeping', name: 'sleeping', args };
        else openState(t, 'sleeping', 'sleeping', g.start, args);
        continue;
      }
      case 'cpu.run': {
        const args: SliceArgs = typeof data?.['until'] === 'number' ? { until_us: data['until'] as number } : {};
        if (own) t.pending = { state: 'computing', name: 'computing', args };
        else if (t.open?.state !== 'computing') openState(t, 'computing', 'computing', g.start, args);
        continue;
      }
      case 'cpu.wait':
      case 'cpu.switch': {
        const core = r.kind === 'cpu.wait' && data?.['core'] === true;
        const state: ThreadSliceState = core ? 'core-wait' : 'gil-wait';
        const name = core ? 'waiting for a core' : 'waiting for the GIL';
        const args: SliceArgs =
          r.kind === 'cpu.switch'
            ? { forced_switch: true, left_us: (data?.['left'] as number) ?? null }
            : typeof data?.['holder'] === 'number'
              ? { holder: data['holder'] as number }
              : {};
        if (own) t.pending = { state, name, args };
        else openState(t, state, name, g.start, args);
        continue;
      }
      case 'cpu.done': {
        if (own) t.pending = null;
        else {
          close(t, g.start);
          setReady(t, g.start);
        }
        continue;
      }
      default:
        break;
    }
    // A model record: listed in its step's args; some are instants; some feed counters.
    if (own && t.events.length < MAX_STEP_EVENTS) {
      t.events.push(`${r.kind}${r.obj === null ? '' : ` ${r.obj}`}`);
      if (t.events.length === MAX_STEP_EVENTS) t.events.push('…');
    }
    if (INSTANT_KINDS.has(r.kind)) instant(r, g, r.fiber, 't', { ...(data ?? {}) });
    const mc = MODEL_COUNTERS.get(r.kind);
    if (mc !== undefined && typeof data?.[mc[1]] === 'number') {
      modelCounters.push({
        name: `${mc[0]} ${r.obj ?? ''}`.trim(),
        pid: t.info.pid,
        pos: g.start,
        values: { [mc[1]]: data[mc[1]] as number },
      });
    }
  }
  if (cur >= 0) endGroup(cur);
  const last = groups[groups.length - 1];
  const end = last === undefined ? 0 : last.end;
  for (const t of order) {
    // A sleeper whose time came is ready from then on; everything else open ends with the trace.
    if (t.open?.state === 'sleeping' && t.sleepUntil !== null && t.sleepUntil * 1000 < end) {
      setReady(t, Math.max(t.open.start, t.sleepUntil * 1000));
    }
    close(t, end);
    endReady(t, end);
  }

  const kernelSlices: TimelineSlice[] = [];
  for (const [gi, n] of [...kernelGroups].sort((a, b) => a[0] - b[0])) {
    const g = groups[gi] as TimelineGroup;
    kernelSlices.push({
      thread: 0,
      state: 'kernel',
      name: g.runner === 0 ? 'dispatch' : 'kernel',
      start: g.start,
      end: g.end,
      args: { time_us: g.time, records: n },
    });
  }

  const threads = order.map((t) => t.info).sort((a, b) => a.id - b.id);
  const pids = new Set<number>([...threads.map((t) => t.pid), ...givenProcess, ...started]);
  for (const i of instants) if (i.pid !== 0) pids.add(i.pid);
  const processes = [...pids]
    .sort((a, b) => a - b)
    .map((pid) => ({ pid, name: processNames.get(pid) ?? `Process-${pid}` }));

  return {
    threads,
    processes,
    slices: [...kernelSlices, ...slices].sort((a, b) => a.thread - b.thread || a.start - b.start || a.end - b.end),
    instants,
    // In id order already: ids are given in push order.
    flows,
    counters: [...stateCounters(slices, ready), ...collapse(modelCounters)],
    groups,
    end,
    endTime: records.length === 0 ? 0 : (records[records.length - 1] as TraceRecord).time,
  };
}

/** `run queue` (ready threads) and `threads` by state (blocked, sleeping, computing, cpu-wait). */
function stateCounters(
  slices: readonly TimelineSlice[],
  ready: readonly { pos: number; d: number }[],
): TimelineCounter[] {
  const series = ['blocked', 'sleeping', 'computing', 'cpu-wait'] as const;
  const deltas: { pos: number; key: string; d: number }[] = [];
  for (const s of slices) {
    if (s.state === 'running' || s.state === 'kernel' || s.end === s.start) continue;
    const key = s.state === 'gil-wait' || s.state === 'core-wait' ? 'cpu-wait' : s.state;
    deltas.push({ pos: s.start, key, d: 1 }, { pos: s.end, key, d: -1 });
  }
  for (const r of ready) deltas.push({ pos: r.pos, key: 'ready', d: r.d });
  deltas.sort((a, b) => a.pos - b.pos);
  const value: Record<string, number> = { ready: 0, blocked: 0, sleeping: 0, computing: 0, 'cpu-wait': 0 };
  const out: TimelineCounter[] = [];
  let lastQueue = -1;
  let lastStates = '';
  for (let i = 0; i < deltas.length; ) {
    const pos = (deltas[i] as { pos: number }).pos;
    while (i < deltas.length && (deltas[i] as { pos: number }).pos === pos) {
      const d = deltas[i] as { key: string; d: number };
      value[d.key] = (value[d.key] ?? 0) + d.d;
      i++;
    }
    const q = value['ready'] as number;
    if (q !== lastQueue) {
      out.push({ name: 'run queue', pid: 0, pos, values: { ready: q } });
      lastQueue = q;
    }
    const states = Object.fromEntries(series.map((k) => [k, value[k] as number]));
    const key = JSON.stringify(states);
    if (key !== lastStates) {
      out.push({ name: 'threads', pid: 0, pos, values: states });
      lastStates = key;
    }
  }
  return out;
}

/** Keeps the last value of each counter at each position. */
function collapse(cs: readonly TimelineCounter[]): TimelineCounter[] {
  const out: TimelineCounter[] = [];
  for (const c of cs) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.name === c.name && prev.pid === c.pid && prev.pos === c.pos) out.pop();
    out.push(c);
  }
  return out;
}
