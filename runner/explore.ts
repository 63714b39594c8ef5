/**
 * Systematic exploration (`check --strategy dfs`): depth-first over the tree of schedules,
 * with iterative preemption bounding as in CHESS (Musuvathi & Qadeer, PLDI 2007) — every
 * schedule with at most 0 preemptions, then at most 1, 2, … up to a bound — pruned by
 * sleep sets (Godefroid 1996) over the objects each step touches.
 *
 * The search is stateless: each schedule is one run of the scenario, driven through a
 * prefix of recorded choices (as `replay` reads them) and extended past it by the
 * explorer, which takes the non-preemptive choice whenever the bound or the sleep set does
 * not forbid it. Choices are relative to the running thread, so a node's first option
 * continues it and every other option costs one preemption while it is runnable.
 *
 * What the reduction assumes — which steps commute. A step runs a thread from one
 * scheduling point to the next; the objects it touches are those named by the trace
 * records it emits (a lock, a condition's or queue's wait queue, an event, a thread's
 * tstate lock, a socket, …). A step that computes touches its process's GIL
 * (`gil:<pid>`), and the cores too (`cores`) once they can be contended: when some process
 * has no GIL, or more processes exist than cores (until then each process computes on at
 * most one core, so two processes never wait for each other's core); the segment in which
 * the cores become contended conflicts with every other, so no pruning decision crosses it.
 * A *segment* is the steps from one decision to the next (the chosen thread's step and
 * any steps taken while only one thread was runnable). A thread stays asleep past a
 * segment when its own next step (the first step of the segment it began where it was
 * explored) commutes with every step of that segment: its step is then unchanged, and
 * running it later reaches a state already explored. Two footprints commute when the
 * objects they touch are disjoint, except that a step touching no object at all (a bare
 * `sleep(0)`, pure computation between two scheduling points) conflicts with every step
 * of its own process: it may read or write plain variables shared between that process's
 * threads. Steps of different processes touching no common object commute: processes
 * share no plain memory (fork and spawn copy it, as CPython's do), only kernel objects —
 * pipes, queues, sockets, process handles — which their steps name. Virtual time is not an
 * object: steps between two decisions take no time, so reordering them moves no deadline.
 * So the reduction is sound when variables shared between threads of one process are
 * accessed either under a kernel object that every other step accessing them also
 * touches (a lock, typically), or in steps that touch no object; and when a scenario
 * written in TypeScript does not share a JavaScript variable between processes (a
 * closure captured by a `Process` target and mutated on both sides: in CPython each side
 * would have its own copy). A step that reads shared plain state and also touches an
 * unrelated object (say, it takes a private lock) breaks that assumption; run with
 * `reduce: false` to explore without the reduction.
 *
 * Combining sleep sets with preemption bounding can in principle drop a schedule whose
 * only equivalent within the bound was pruned (Coons et al., OOPSLA 2013); the soundness
 * test (runner/explore.test.ts) compares the outcomes the reduced and the unreduced
 * searches reach on small programs, bound by bound.
 */
import {
  DEFAULT_CORES,
  decodeChoices,
  type Runnables,
  type Strategy,
  type TraceRecord,
  type Verdict,
} from '../engine/index.ts';
import { resolveParams } from './params.ts';
import { type RunOptions, type RunReport, runScenario } from './run.ts';
import type { AnyScenario } from './scenario.ts';

/** Preemption bound `check --strategy dfs` stops at unless told. */
export const DEFAULT_PREEMPTIONS = 2;
/** Schedules a DFS runs at most unless told. */
export const DEFAULT_MAX_SCHEDULES = 100_000;

export interface ExploreOptions {
  /** Largest preemption bound (default 2); bounds 0, 1, … are explored in turn. */
  readonly preemptions?: number;
  /** Stop, incomplete, after this many schedules (default 100,000). */
  readonly maxSchedules?: number;
  /** Prune with sleep sets (default true). */
  readonly reduce?: boolean;
  /** Only the largest bound, not 0, 1, … in turn (the first failure then need not have the fewest preemptions). */
  readonly direct?: boolean;
  /** Which verdicts count as the failure sought (default: any but ok). */
  readonly failsWith?: (v: Verdict) => boolean;
  /** Run options: seed (of the scenario's random stream), parameters, step budget, source path. */
  readonly seed?: number;
  readonly params?: { readonly [key: string]: unknown };
  readonly maxSteps?: number;
  readonly source?: string;
  /** Go on past failures (to collect every outcome, as the soundness test does). */
  readonly all?: boolean;
  /** Called after each schedule with its report (without trace hash). */
  readonly onRun?: (r: RunReport, bound: number) => void;
}

export interface ExploreReport {
  readonly scenario: string;
  /** True when every schedule with ≤ `bound` preemptions was explored (and none failed). */
  readonly complete: boolean;
  /** The bound reached: completed, or the one at which the failure was found. */
  readonly bound: number;
  /** Schedules run, over all bounds (pruned ones included). */
  readonly schedules: number;
  /** Runs cut short because every continuation was equivalent to one already explored. */
  readonly pruned: number;
  /** Schedules run per bound. */
  readonly perBound: readonly number[];
  /** The first failing schedule, replayed in full (its `preemptions` is the fewest when explored bound by bound). */
  readonly failure?: RunReport;
}

/**
 * What a segment touched, or null when it may touch anything: the objects its steps
 * named, the processes whose threads ran in it, and those of them that took a step
 * touching no object (which may touch any plain variable of its process).
 */
type Footprint = {
  readonly objs: ReadonlySet<string>;
  readonly pids: ReadonlySet<number>;
  readonly bare: ReadonlySet<number>;
} | null;

function meets<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function independent(a: Footprint, b: Footprint): boolean {
  if (a === null || b === null) return false;
  return !meets(a.objs, b.objs) && !meets(a.bare, b.pids) && !meets(b.bare, a.pids);
}

/** What the explorer needs to know of a spawned fiber: its process (duck-typed, as the kernel passes its fibers). */
interface SpawnedFiber {
  readonly id: number;
  readonly process?: { readonly pid: number; readonly gil: boolean };
}

/** One decision on the current path. */
interface Node {
  /** Fiber ids in choice order: option 0 is the running thread when it is runnable. */
  readonly options: readonly number[];
  /** Whether option 0 is the running thread (then every other option preempts). */
  readonly runningRunnable: boolean;
  /** Preemptions on the path before this decision. */
  readonly before: number;
  /** Threads whose schedules from here are equivalent to explored ones, with the footprints of their next steps. */
  readonly sleep: Map<number, Footprint>;
  /** Options explored from here, with the footprints of their first steps. */
  readonly done: Map<number, Footprint>;
  chosen: number;
  /** Footprint of the chosen option's segment, once known. */
  footprint: Footprint;
  /** Footprint of the chosen thread's own step, the segment's first, once known. */
  step: Footprint;
  /** Threads that ran in that segment. */
  ran: ReadonlySet<number>;
}

/** Thrown from `pick` to end a run whose every continuation is redundant. */
class Pruned extends Error {}

/** The explorer's scheduler for one run: follows the path's choices, then extends it. */
class DfsScheduler implements Strategy {
  readonly name = 'replay';
  private d = 0;
  /** The open segment: objects touched, processes with a step that touched none, threads that ran. */
  private objs = new Set<string>();
  private stepTouched = true;
  private stepFiber = -1;
  private bare = new Set<number>();
  private ran = new Set<number>();
  /** Steps begun in the open segment, and the footprint of its first (the chosen thread's). */
  private steps = 0;
  private first: Footprint = null;
  /** The open segment made the cores contended: it conflicts with everything. */
  private contendedHere = false;
  private started = false;
  /** Each fiber's process id. */
  private readonly pidOf = new Map<number, number>();
  /** Processes created so far. */
  private readonly processes = new Set<number>();
  /** Whether computing steps contend for the cores (some process without a GIL, or more processes than cores). */
  private contended = false;

  constructor(
    private readonly path: Node[],
    private readonly bound: number,
    private readonly reduce: boolean,
    private readonly cores: number,
  ) {}

  onSpawn(f: SpawnedFiber): void {
    const p = f.process;
    if (p === undefined) {
      this.pidOf.set(f.id, -1);
      this.becomeContended();
      return;
    }
    this.pidOf.set(f.id, p.pid);
    this.processes.add(p.pid);
    if (!p.gil || this.processes.size > this.cores) this.becomeContended();
  }

  private becomeContended(): void {
    if (this.contended) return;
    this.contended = true;
    this.contendedHere = true;
  }

  private pid(fiber: number): number {
    return this.pidOf.get(fiber) ?? -1;
  }

  private endStep(): void {
    if (!this.stepTouched && this.stepFiber >= 0) this.bare.add(this.pid(this.stepFiber));
  }

  readonly listener = (r: TraceRecord): void => {
    if (!this.started) return;
    if (r.kind === 'run') {
      this.endStep();
      if (this.steps++ === 1) this.first = this.snapshot();
      this.stepTouched = false;
      this.stepFiber = r.fiber;
      this.ran.add(r.fiber);
    } else if (r.obj !== null) {
      this.objs.add(r.obj);
      this.stepTouched = true;
    } else if (r.kind.startsWith('cpu.')) {
      // Threads of one process computing contend for its GIL; processes, for the cores once there are too few.
      this.objs.add(`gil:${this.pid(r.fiber)}`);
      if (this.contended) this.objs.add('cores');
      this.stepTouched = true;
    }
  };

  /** What the open segment touched so far, as a footprint. */
  private snapshot(): Footprint {
    if (this.ran.size === 0 || this.contendedHere) return null;
    const pids = new Set<number>();
    for (const f of this.ran) pids.add(this.pid(f));
    return { objs: new Set(this.objs), pids, bare: new Set(this.bare) };
  }

  /** Closes the open segment, as the footprint of decision `d - 1`. */
  close(): void {
    if (!this.started) return;
    const node = this.path[this.d - 1] as Node;
    this.endStep();
    if (this.steps === 1) this.first = this.snapshot();
    node.step = this.steps === 0 ? null : this.first;
    // A segment in which no thread ran (a greenlet picked while its hub was busy only
    // queues for the hub) reorders the hub's queue: it is kept dependent on everything.
    if (this.ran.size === 0 || this.contendedHere) node.footprint = null;
    else {
      const pids = new Set<number>();
      for (const f of this.ran) pids.add(this.pid(f));
      node.footprint = { objs: this.objs, pids, bare: this.bare };
    }
    node.ran = this.ran;
    this.objs = new Set();
    this.ran = new Set();
    this.bare = new Set();
    this.stepTouched = true;
    this.stepFiber = -1;
    this.steps = 0;
    this.first = null;
    this.contendedHere = false;
  }

  pick(r: Runnables, running: number): number {
    this.close();
    this.started = true;
    const d = this.d++;
    let node = this.path[d];
    if (node === undefined) {
      node = this.newNode(r, running, d);
      this.path.push(node);
    }
    const id = node.options[node.chosen] as number;
    for (let i = 0; i < r.length; i++) if ((r.at(i) as { id: number }).id === id) return i;
    throw new Error(`explorer: thread ${id} is not runnable at decision ${d + 1}: the scenario is not deterministic`);
  }

  private newNode(r: Runnables, running: number, d: number): Node {
    const options: number[] = [];
    if (running >= 0) options.push((r.at(running) as { id: number }).id);
    for (let i = 0; i < r.length; i++) if (i !== running) options.push((r.at(i) as { id: number }).id);
    const parent = this.path[d - 1];
    const sleep = new Map<number, Footprint>();
    if (parent !== undefined && this.reduce) {
      const chosen = parent.options[parent.chosen] as number;
      const carry = (t: number, fp: Footprint) => {
        if (t !== chosen && !parent.ran.has(t) && options.includes(t) && independent(fp, parent.footprint)) {
          sleep.set(t, fp);
        }
      };
      for (const [t, fp] of parent.sleep) carry(t, fp);
      for (const [t, fp] of parent.done) carry(t, fp);
    }
    const before = parent === undefined ? 0 : parent.before + cost(parent, parent.chosen);
    const node: Node = {
      options,
      runningRunnable: running >= 0,
      before,
      sleep,
      done: new Map(),
      chosen: -1,
      footprint: null,
      step: null,
      ran: new Set(),
    };
    const first = nextOption(node, this.bound);
    if (first < 0) throw new Pruned();
    node.chosen = first;
    return node;
  }
}

function cost(n: Node, option: number): number {
  return n.runningRunnable && option !== 0 ? 1 : 0;
}

/** The first option of `n` not explored, not asleep and within the bound, or -1. */
function nextOption(n: Node, bound: number): number {
  for (let o = 0; o < n.options.length; o++) {
    const t = n.options[o] as number;
    if (n.done.has(t) || n.sleep.has(t) || n.before + cost(n, o) > bound) continue;
    return o;
  }
  return -1;
}

/** Moves the path to the next schedule: false when every one within the bound was explored. */
function backtrack(path: Node[], bound: number): boolean {
  while (path.length > 0) {
    const n = path[path.length - 1] as Node;
    if (n.chosen >= 0) n.done.set(n.options[n.chosen] as number, n.step);
    const next = nextOption(n, bound);
    if (next >= 0) {
      n.chosen = next;
      n.footprint = null;
      n.step = null;
      n.ran = new Set();
      return true;
    }
    path.pop();
  }
  return false;
}

/** Explores `scenario`'s schedules depth-first, bound by bound, until a failure or the budget. */
export function explore(scenario: AnyScenario, o: ExploreOptions = {}): ExploreReport {
  const it = exploration(scenario, o);
  for (;;) {
    const x = it.next();
    if (x.done) return x.value;
  }
}

/**
 * The exploration one schedule at a time: yields after each schedule the report so far
 * (incomplete, its bound the last one completed), returns the final report. A portfolio interleaves it with other strategies.
 */
export function* exploration(
  scenario: AnyScenario,
  o: ExploreOptions = {},
): Generator<ExploreReport, ExploreReport, void> {
  const maxBound = o.preemptions ?? DEFAULT_PREEMPTIONS;
  const budget = o.maxSchedules ?? DEFAULT_MAX_SCHEDULES;
  const reduce = o.reduce ?? true;
  const fails = o.failsWith ?? ((v: Verdict) => v.kind !== 'ok');
  const base: RunOptions = {
    hash: false,
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.params === undefined ? {} : { params: o.params }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
    ...(o.source === undefined ? {} : { source: o.source }),
  };
  const params = resolveParams(scenario.name, scenario.params, o.params) as Record<string, unknown>;
  const lim = (typeof scenario.limits === 'function' ? scenario.limits(params) : scenario.limits) ?? {};
  const cores = lim.cores ?? DEFAULT_CORES;
  let schedules = 0;
  let pruned = 0;
  const perBound: number[] = [];
  const report = (complete: boolean, bound: number, failure?: RunReport): ExploreReport => ({
    scenario: scenario.name,
    complete,
    bound,
    schedules,
    pruned,
    perBound,
    ...(failure === undefined ? {} : { failure }),
  });
  for (let bound = o.direct ? maxBound : 0; bound <= maxBound; bound++) {
    const path: Node[] = [];
    let n = 0;
    do {
      if (schedules >= budget) {
        perBound.push(n);
        return report(false, bound - 1);
      }
      schedules++;
      n++;
      const s = new DfsScheduler(path, bound, reduce, cores);
      let r: RunReport;
      try {
        r = runScenario(scenario, { ...base, scheduler: s, listeners: [s.listener] });
      } catch (e) {
        if (!(e instanceof Pruned)) throw e;
        pruned++;
        yield report(false, bound - 1);
        continue;
      }
      s.close();
      o.onRun?.(r, bound);
      if (fails(r.verdict) && !o.all) {
        perBound.push(n);
        return report(false, bound, replayFailure(scenario, base, r));
      }
      yield report(false, bound - 1);
    } while (backtrack(path, bound));
    perBound.push(n);
  }
  return report(true, maxBound);
}

/** The failing schedule replayed with the `replay` strategy, trace hash and all. */
function replayFailure(scenario: AnyScenario, base: RunOptions, r: RunReport): RunReport {
  const { hash: _, ...rest } = base;
  return runScenario(scenario, { ...rest, strategy: 'replay', choices: decodeChoices(r.choices) });
}

/** The outcome of a run, for comparing searches: verdict kind (and monitor) and result. */
export function outcomeOf(r: { verdict: Verdict; result: unknown }): string {
  const v = r.verdict;
  return `${v.kind}${v.kind === 'invariant' ? `:${v.monitor}` : ''} ${JSON.stringify(r.result) ?? ''}`;
}
