/**
 * Chrome Trace Event JSON (the object form) for one run, as Perfetto UI and chrome://tracing
 * open it. A pure function of the run's trace records, thread names and process names.
 *
 * - One process group per simulated process (pid = the simulated pid) and one more, named
 *   `concsim kernel` (pid/tid `KERNEL_ID`, sorted first), for the scheduler's own track and
 *   the global counters. pid 0 and tid 0 are avoided: Perfetto treats them as the kernel's
 *   swapper. One track per simulated thread (tid = fiber id), named, sorted in creation order.
 * - `X` slices for running / blocked on X / sleeping / computing / waiting for the GIL or a
 *   core, as `timeline.ts` derives them (slices on a track never overlap).
 * - Zero-time steps: timestamps are virtual microseconds, and the steps taken at one instant
 *   are spread over the microsecond that follows it, in the order they ran (see
 *   `timeline.ts`). A step alone at its instant is a 1 µs slice; several share the µs. This
 *   reads best in Perfetto: zoomed out, a burst of steps is one sliver at its true time;
 *   zoomed in, every step is a labelled slice in order, with the wake-up arrows between them.
 *   Instant events would pile up on one pixel with no order, and 1 µs minimum widths would
 *   push later steps off their true time. `Math.floor(ts)` is always the virtual time.
 * - `i` instants for `event.set`, `timer.fire`, notifications, process starts and exits,
 *   exceptions, and broken invariants (global scope, `s: 'g'`).
 * - `C` counters: `run queue` (threads ready to run), `threads` by state (blocked, sleeping,
 *   computing, waiting for CPU), and model counters (queue sizes, semaphore values, pool
 *   workers) in the process that owns the object.
 * - `s`/`f` flow arrows (`bp: 'e'`) from the step that woke a thread (or the kernel's
 *   dispatch, for timer callbacks and process exits) to the woken thread's next step.
 * - Timestamps are at most 3 decimals of µs, never in exponent notation.
 */
import type { StrategyName } from '../../engine/index.ts';
import { buildTimeline, type Timeline, type TimelineInput } from './timeline.ts';

/** pid and tid of the kernel's group and track. */
export const KERNEL_ID = 1_000_000_000;

export interface TraceMeta {
  readonly scenario: string;
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly version: string;
  readonly depth?: number;
  readonly params?: Readonly<Record<string, unknown>>;
  /** How the run ended (`ok`, `deadlock`, …). */
  readonly verdict?: string;
  readonly replay?: string;
}

type Args = Readonly<Record<string, unknown>>;

export type ChromeEvent =
  | { readonly ph: 'M'; readonly name: string; readonly pid: number; readonly tid?: number; readonly args: Args }
  | {
      readonly ph: 'X';
      readonly name: string;
      readonly cat: string;
      readonly ts: number;
      readonly dur: number;
      readonly pid: number;
      readonly tid: number;
      readonly args: Args;
    }
  | {
      readonly ph: 'i';
      readonly name: string;
      readonly cat: string;
      readonly ts: number;
      readonly pid: number;
      readonly tid: number;
      readonly s: 't' | 'p' | 'g';
      readonly args: Args;
    }
  | { readonly ph: 'C'; readonly name: string; readonly ts: number; readonly pid: number; readonly args: Args }
  | {
      readonly ph: 's' | 'f';
      readonly name: string;
      readonly cat: string;
      readonly id: number;
      readonly ts: number;
      readonly pid: number;
      readonly tid: number;
      readonly bp?: 'e';
    };

export interface ChromeTrace {
  readonly traceEvents: readonly ChromeEvent[];
  readonly displayTimeUnit: 'ns';
  readonly otherData: Readonly<Record<string, unknown>>;
}

/** A position in virtual ns as µs with at most 3 decimals (exact: positions are integers). */
function usOf(pos: number): number {
  return pos / 1000;
}

const PHASE_ORDER: Record<string, number> = { C: 0, X: 1, i: 2, s: 3, f: 4 };

/** Converts a run's records (or an already built timeline) to a Chrome trace. */
export function toChromeTrace(input: TimelineInput | Timeline, meta: TraceMeta): ChromeTrace {
  const tl: Timeline = 'groups' in input ? input : buildTimeline(input);
  const pidOf = new Map<number, number>(tl.threads.map((t) => [t.id, t.pid]));
  const where = (thread: number): { pid: number; tid: number } =>
    thread === 0 ? { pid: KERNEL_ID, tid: KERNEL_ID } : { pid: pidOf.get(thread) ?? 1, tid: thread };

  const meta_: ChromeEvent[] = [
    { ph: 'M', name: 'process_name', pid: KERNEL_ID, args: { name: 'concsim kernel' } },
    { ph: 'M', name: 'process_sort_index', pid: KERNEL_ID, args: { sort_index: 0 } },
    { ph: 'M', name: 'thread_name', pid: KERNEL_ID, tid: KERNEL_ID, args: { name: 'scheduler' } },
    { ph: 'M', name: 'thread_sort_index', pid: KERNEL_ID, tid: KERNEL_ID, args: { sort_index: 0 } },
  ];
  tl.processes.forEach((p, i) => {
    meta_.push(
      { ph: 'M', name: 'process_name', pid: p.pid, args: { name: p.name } },
      { ph: 'M', name: 'process_sort_index', pid: p.pid, args: { sort_index: i + 1 } },
    );
  });
  for (const t of tl.threads) {
    meta_.push(
      { ph: 'M', name: 'thread_name', pid: t.pid, tid: t.id, args: { name: t.daemon ? `${t.name} (daemon)` : t.name } },
      { ph: 'M', name: 'thread_sort_index', pid: t.pid, tid: t.id, args: { sort_index: t.id } },
    );
  }

  const timed: { ev: ChromeEvent; pos: number }[] = [];
  for (const s of tl.slices) {
    timed.push({
      pos: s.start,
      ev: {
        ph: 'X',
        name: s.name,
        cat: s.state,
        ts: usOf(s.start),
        dur: usOf(s.end - s.start),
        ...where(s.thread),
        args: s.args,
      },
    });
  }
  for (const i of tl.instants) {
    const main = i.thread === 0 && i.scope === 'p' ? tl.threads.find((t) => t.pid === i.pid) : undefined;
    const w = main === undefined ? where(i.thread) : { pid: main.pid, tid: main.id };
    timed.push({
      pos: i.pos,
      ev: {
        ph: 'i',
        name: i.name,
        cat: i.kind.includes('.') ? (i.kind.split('.')[0] as string) : 'kernel',
        ts: usOf(i.pos),
        ...w,
        s: i.scope,
        args: i.args,
      },
    });
  }
  for (const c of tl.counters) {
    timed.push({
      pos: c.pos,
      ev: { ph: 'C', name: c.name, ts: usOf(c.pos), pid: c.pid === 0 ? KERNEL_ID : c.pid, args: c.values },
    });
  }
  for (const f of tl.flows) {
    const name = f.kind === 'wake' ? `wake${f.obj === null ? '' : ` from ${f.obj}`}` : 'interrupt';
    timed.push(
      { pos: f.fromPos, ev: { ph: 's', name, cat: f.kind, id: f.id, ts: usOf(f.fromPos), ...where(f.from) } },
      { pos: f.toPos, ev: { ph: 'f', name, cat: f.kind, id: f.id, ts: usOf(f.toPos), ...where(f.to), bp: 'e' } },
    );
  }
  // Stable: equal positions keep their phase order, then the order they were derived in.
  timed.sort((a, b) => a.pos - b.pos || (PHASE_ORDER[a.ev.ph] as number) - (PHASE_ORDER[b.ev.ph] as number));

  const other: Record<string, unknown> = {
    scenario: meta.scenario,
    seed: meta.seed,
    strategy: meta.strategy,
    ...(meta.depth === undefined ? {} : { depth: meta.depth }),
    concsim: meta.version,
    ...(meta.params === undefined ? {} : { params: meta.params }),
    ...(meta.verdict === undefined ? {} : { verdict: meta.verdict }),
    ...(meta.replay === undefined ? {} : { replay: meta.replay }),
    virtualTimeUs: tl.endTime,
    timestamps:
      'virtual microseconds from 0; the steps taken at one instant are spread, in order, over the microsecond after it',
  };
  return { traceEvents: [...meta_, ...timed.map((t) => t.ev)], displayTimeUnit: 'ns', otherData: other };
}

/** The trace as JSON text, one event per line (numbers are never in exponent notation). */
export function serializeChromeTrace(trace: ChromeTrace): string {
  const events = trace.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return `{"displayTimeUnit":"ns","otherData":${JSON.stringify(trace.otherData)},"traceEvents":[\n${events}\n]}\n`;
}
