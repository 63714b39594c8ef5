/**
 * One run of a scenario: resolve its parameters, choose the strategy and budgets, run
 * `main` through `simulate` (models/simulate.ts, the one place a run is made) with its
 * invariants' monitors attached, judge the invariants, and report everything a user needs
 * to understand or repeat the run — including the command that replays it.
 */

import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Blocking } from '../engine/index.ts';
import {
  type CostModel,
  DEFAULT_MAX_STEPS,
  encodeChoices,
  type Kernel,
  kernel,
  makeStrategy,
  type Rng,
  type Schedulable,
  type Strategy,
  type StrategyName,
  type TraceListener,
  TraceTail,
  toChoice,
  toSeconds,
  toTicks,
  type Verdict,
} from '../engine/index.ts';
import { simulate } from '../models/simulate.ts';
import { resolveParams } from './params.ts';
import { activeCores, activeProfile, IDEAL_PROFILE } from './profile.ts';
import {
  type AnyScenario,
  type Invariant,
  type Monitor,
  type Scenario,
  type ScenarioContext,
  scenarioFile,
} from './scenario.ts';

/** Options of `run(scenario, options)`: seed, strategy, parameters, budgets, trace listeners. */
export interface RunOptions {
  readonly seed?: number;
  readonly strategy?: StrategyName;
  /** pct depth (default 3). */
  readonly depth?: number;
  /**
   * pct: decisions over which change points are spread (default: those of a random run of
   * the same parameters with seed 0, made once per scenario and parameters).
   */
  readonly pctSteps?: number;
  /** For `replay`: the recorded choices. */
  readonly choices?: readonly number[];
  /**
   * A strategy object used instead of `strategy` (the systematic explorer's); the report
   * names it `replay`, since its recorded choices replay the run.
   */
  readonly scheduler?: Strategy;
  /** For `replay`: reject a choice out of range (`ChoiceRangeError`) instead of taking it modulo. */
  readonly strict?: boolean;
  /** Called at each scheduling decision, before the chosen thread runs (`replay --explain`). */
  readonly onDecision?: (d: Decision) => void;
  /** Parameters (validated; missing ones take their defaults). */
  readonly params?: { readonly [key: string]: unknown };
  readonly maxSteps?: number;
  /** Virtual seconds. */
  readonly maxTime?: number;
  /** Extra trace subscribers (a log, an exporter). */
  readonly listeners?: readonly TraceListener[];
  /** Scenario file path, when not built in (for the replay command). */
  readonly source?: string;
  /** Compute the trace hash (default true); a check's exploration skips it, as only the verdict counts there. */
  readonly hash?: boolean;
  /** What things cost (default: the active profile, runner/profile.ts). */
  readonly costs?: CostModel;
  /** The `--costs` name of `costs`, for the replay command (default: the active profile's when no costs are given). */
  readonly costsName?: string;
  /** CPU cores (default: the active core count, else the scenario's `limits.cores`, else 2). */
  readonly cores?: number;
}

/** One scheduling decision, as `replay --explain` shows it. */
export interface Decision {
  /** 0-based index among the run's decisions. */
  readonly index: number;
  /** The recorded choice (relative to the running thread). */
  readonly choice: number;
  /** Threads runnable at the decision. */
  readonly runnable: number;
  /** The thread chosen, and the one that was running when it could have gone on (else null). */
  readonly chosen: string;
  readonly running: string | null;
  /** Whether the choice switched away from a running thread that could have gone on. */
  readonly preempted: boolean;
}

/** One invariant's outcome in a run: its name, whether it held, and what broke it. */
export interface InvariantResult {
  readonly name: string;
  readonly ok: boolean;
  /** False when the run ended before the invariant could be judged. */
  readonly checked: boolean;
  readonly message?: string;
}

/**
 * What `run` returns: the verdict, virtual time, steps, the trace hash, the choices made and the
 * `replay` command, the invariants and the scenario's result.
 */
export interface RunReport<R = unknown> {
  readonly scenario: string;
  readonly params: Record<string, unknown>;
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly depth?: number;
  readonly verdict: Verdict;
  /** Virtual seconds at the end of the run. */
  readonly virtualTime: number;
  readonly steps: number;
  readonly contextSwitches: number;
  /** Decisions that switched away from a running thread that could have gone on. */
  readonly preemptions: number;
  readonly traceHash: string;
  /** Thread names by fiber id (`threads[id - 1]`), to read trace records. */
  readonly threads: readonly string[];
  /** The recorded schedule, in `--choices` form. */
  readonly choices: string;
  readonly invariants: readonly InvariantResult[];
  /** What `main` returned; undefined when the run ended before it returned. */
  readonly result: R | undefined;
  /** The command that repeats this run exactly. */
  readonly replay: string;
}

/** What watches every run of this thread (the CLI's watchdog): a call at each start, a trace listener. */
export interface RunWatch {
  readonly start?: () => void;
  readonly listener?: TraceListener;
}
let watch: RunWatch = {};

/**
 * Watches every run this thread makes from now on — a PCT estimate's probe, a check's
 * shrinking included — as `w` says: the CLI's watchdog, which must hear from a scenario
 * wherever it runs, and see where one that never yields stopped.
 */
export function watchEveryRun(w: RunWatch): void {
  watch = w;
}

/** A finished run, before its report is built. */
interface Execution<R> {
  readonly k: Kernel;
  readonly params: Record<string, unknown>;
  readonly seed: number;
  readonly strategy: StrategyName;
  readonly verdict: Verdict;
  readonly invariants: InvariantResult[];
  readonly result: R | undefined;
  readonly traceHash: string;
}

// biome-ignore lint/suspicious/noExplicitAny: any parameter type
function execute<R>(scenario: Scenario<any, R>, o: RunOptions): Execution<R> {
  // A scenario with a `cores` parameter takes the core count there, unless the run gives it.
  const coresWanted = o.cores ?? activeCores();
  const coresParam = 'cores' in scenario.params;
  const given = coresParam && coresWanted !== undefined ? { cores: coresWanted, ...o.params } : o.params;
  const params = resolveParams(scenario.name, scenario.params, given) as Record<string, unknown>;
  const seed = o.seed ?? 0;
  const strategyName = o.scheduler === undefined ? (o.strategy ?? 'random') : 'replay';
  let pctSteps = o.pctSteps;
  if (strategyName === 'pct' && pctSteps === undefined) pctSteps = estimateDecisions(scenario, params, o);
  let strategy =
    o.scheduler ??
    makeStrategy({
      strategy: strategyName,
      seed,
      ...(o.depth === undefined ? {} : { depth: o.depth }),
      ...(pctSteps === undefined ? {} : { pctSteps }),
      ...(o.choices === undefined ? {} : { choices: o.choices }),
      ...(o.strict === undefined ? {} : { strict: o.strict }),
    });
  if (o.onDecision !== undefined) strategy = explaining(strategy, o.onDecision);
  const lim = (typeof scenario.limits === 'function' ? scenario.limits(params) : scenario.limits) ?? {};
  const maxTime = o.maxTime ?? lim.maxTime;
  const cores = coresParam ? lim.cores : (coresWanted ?? lim.cores);
  const invariants = scenario.invariants ?? [];
  const watching = new Watching(invariants, params);
  const sim = simulate(scenarioMain(scenario, params), {
    scheduler: strategy,
    seed,
    costs: o.costs ?? activeProfile().costs,
    ...(cores === undefined ? {} : { cores }),
    maxSteps: o.maxSteps ?? lim.maxSteps ?? DEFAULT_MAX_STEPS,
    ...(maxTime === undefined ? {} : { maxTime: toTicks(maxTime) }),
    hash: o.hash !== false,
    attach: watching.attach,
    ...(o.listeners === undefined ? {} : { listeners: o.listeners }),
  });
  const k = sim.kernel;
  let verdict = sim.verdict;
  const result = sim.result;
  const { monitors, tail } = watching;

  const results: InvariantResult[] = [];
  for (const inv of invariants) {
    let message: string | null | undefined;
    let broken = false;
    if (verdict.kind === 'invariant' && verdict.monitor === inv.name) {
      broken = true;
      message = verdict.message;
    } else if (verdict.kind === 'ok') {
      // An ok run means main returned, so result holds its value.
      const m = monitors.find((x) => x.name === inv.name)?.m;
      message = m?.end?.() ?? (inv.check ? inv.check(result as R, params) : undefined);
      if (message) {
        verdict = {
          kind: 'invariant',
          monitor: inv.name,
          message,
          step: k.steps,
          time: k.now,
          traceTail: tail === null ? [] : tail.records(),
        };
      }
    }
    const checked = broken || verdict.kind === 'ok' || (verdict.kind === 'invariant' && verdict.step === k.steps);
    results.push({ name: inv.name, ok: !message, checked, ...(message ? { message } : {}) });
  }
  return { k, params, seed, strategy: strategyName, verdict, invariants: results, result, traceHash: sim.traceHash };
}

/** `inner`, reporting each decision it makes to `on`. */
function explaining(inner: Strategy, on: (d: Decision) => void): Strategy {
  let index = 0;
  const name = (f: Schedulable | undefined) => (f === undefined ? '?' : (f.name ?? `fiber-${f.id}`));
  return {
    name: inner.name,
    onSpawn: (f) => inner.onSpawn(f),
    pick(r, running) {
      const i = inner.pick(r, running);
      on({
        index: index++,
        choice: toChoice(i, running),
        runnable: r.length,
        chosen: name(r.at(i)),
        running: running < 0 ? null : name(r.at(running)),
        preempted: running >= 0 && i !== running,
      });
      return i;
    },
  };
}

/** Per scenario, then per parameters and limits: PCT's estimate of a run's decisions. */
const decisionEstimates = new WeakMap<AnyScenario, Map<string, number>>();

/**
 * The decisions PCT spreads its change points over: those of a random run of seed 0 with
 * the same parameters, up to its last non-zero choice. One probe per scenario and
 * parameters, not per seed, so that a check spends its time on the runs it explores
 * (a probe per run halved them), and `run --strategy pct --seed N` still makes exactly
 * the schedule that a check explored for seed N.
 */
function estimateDecisions(scenario: AnyScenario, params: Record<string, unknown>, o: RunOptions): number {
  let byParams = decisionEstimates.get(scenario);
  if (byParams === undefined) {
    byParams = new Map();
    decisionEstimates.set(scenario, byParams);
  }
  const key = `${JSON.stringify(params)} ${o.maxSteps ?? ''} ${o.maxTime ?? ''}`;
  let n = byParams.get(key);
  if (n === undefined) {
    const probe = execute(scenario, { ...o, params, seed: 0, strategy: 'random', listeners: [], hash: false });
    n = Math.max(1, significantChoices(probe.k.choices));
    // A pure function of its key, so forgetting changes nothing but time: bounded memory
    // for a long campaign over widely drawn parameters.
    if (byParams.size >= 10_000) byParams.clear();
    byParams.set(key, n);
  }
  return n;
}

/** Past its end a replayed schedule picks index 0, so trailing zeros carry nothing. */
function significantChoices(choices: readonly number[]): number {
  let n = choices.length;
  while (n > 0 && choices[n - 1] === 0) n--;
  return n;
}

/**
 * Runs a scenario once, deterministically from its seed and strategy, and reports how it ended;
 * exported as `run`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any parameter type
export function runScenario<R>(scenario: Scenario<any, R>, o: RunOptions = {}): RunReport<R> {
  const x = execute(scenario, o);
  const { k, params, seed } = x;
  const choices = encodeChoices(k.choices.slice(0, significantChoices(k.choices)));
  return {
    scenario: scenario.name,
    params,
    seed,
    strategy: x.strategy,
    ...(x.strategy === 'pct' ? { depth: o.depth ?? 3 } : {}),
    verdict: x.verdict,
    virtualTime: toSeconds(k.now),
    steps: k.steps,
    contextSwitches: k.contextSwitches,
    preemptions: k.preemptions,
    traceHash: x.traceHash,
    threads: k.fiberNames(),
    choices,
    invariants: x.invariants,
    result: x.result,
    replay: replayCommand(
      o.source ?? replayTarget(scenario),
      seed,
      params,
      scenario,
      choices,
      profileFlags(scenario, o),
    ),
  };
}

/**
 * A run's verdict alone, with no trace hash and no report: what a check's exploration
 * needs (a failure is then rerun in full with `runScenario`).
 */
export function runVerdict(scenario: AnyScenario, o: RunOptions = {}): Verdict {
  return execute(scenario, { ...o, hash: false }).verdict;
}

/** A run's verdict with the size of its schedule: what a portfolio's adaptive pct needs. */
export function runSummary(
  scenario: AnyScenario,
  o: RunOptions = {},
): { verdict: Verdict; decisions: number; preemptions: number } {
  const { k, verdict } = execute(scenario, { ...o, hash: false });
  return { verdict, decisions: k.decisions, preemptions: k.preemptions };
}

/*
 * The helpers below build the run's closures and its main generator outside
 * `runScenario`, so that none of them captures the kernel in a context shared with the
 * others: V8 then keeps a finished run's objects alive through young-generation
 * collections until a full one (a check loop of short runs spent 40% of its time in GC).
 */

/**
 * What a run subscribes beside its trace hash, in this order: the watchdog's listener, a
 * trace tail for the monitors' reports (none without monitors), then the invariants'
 * monitors. A class whose `attach` the run calls with its kernel, so that no closure of
 * `execute` captures the kernel.
 */
class Watching<P, R> {
  readonly monitors: { name: string; m: Monitor }[] = [];
  tail: TraceTail | null = null;
  constructor(
    private readonly invariants: readonly Invariant<P, R>[],
    private readonly params: P,
  ) {}

  readonly attach = (k: Kernel): void => {
    watch.start?.();
    if (watch.listener !== undefined) k.subscribe(watch.listener);
    const monitors = this.monitors;
    for (const inv of this.invariants)
      if (inv.monitor) monitors.push({ name: inv.name, m: inv.monitor(this.params, k.fiberName.bind(k)) });
    if (monitors.length === 0) return;
    const tail = new TraceTail(20);
    this.tail = tail;
    k.subscribe(tail.listener);
    k.subscribe((r) => {
      for (const { name, m } of monitors) {
        const msg = m.onRecord?.(r);
        if (msg) k.violate(name, msg, tail.records());
      }
    });
  };
}

/** `main`'s context: a class, so that the scenario stream is seeded only if `rng` is read. */
class RunContext implements ScenarioContext {
  constructor(readonly kernel: Kernel) {}
  get rng(): Rng {
    return this.kernel.rng;
  }
  /** Reads the running kernel rather than `this`, so that `const { log } = ctx` works too. */
  log(message: string): void {
    kernel('ctx.log()').emit('scenario.log', null, { message });
  }
}

/** The scenario's `main` with its parameters, as `simulate` runs it. */
function scenarioMain<P, R>(scenario: Scenario<P, R>, params: P): (k: Kernel) => Blocking<R> {
  return (k) => scenario.main(params, new RunContext(k));
}

/** concsim's built-in scenarios, which the CLI finds by name. */
const BUILTIN_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

/**
 * What a replay command names: the file that defined the scenario (relative to the
 * working directory when inside it), as the CLI loads it; a built-in's name.
 */
export function replayTarget(scenario: AnyScenario): string {
  const file = scenarioFile(scenario);
  if (file === undefined || file.startsWith(BUILTIN_DIR)) return scenario.name;
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : `./${rel.split(sep).join('/')}`;
}

/** `--param key=value` for each parameter that differs from its default. */
function paramArgs(scenario: AnyScenario, params: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, spec] of Object.entries(scenario.params as Record<string, { default: unknown }>)) {
    const v = params[key];
    if (v !== spec.default) out.push(`--param ${quote(`${key}=${v === null ? 'none' : String(v)}`)}`);
  }
  return out;
}

/** `concsim replay <scenario> --seed N [--param k=v ...] --choices ...`, with only non-default params. */
export function replayCommand(
  target: string,
  seed: number,
  params: Record<string, unknown>,
  scenario: AnyScenario,
  choices: string,
  flags: readonly string[] = [],
): string {
  return [
    'concsim replay',
    quote(target),
    `--seed ${seed}`,
    ...flags,
    ...paramArgs(scenario, params),
    ...(scenario.replayArgs ?? []),
    `--choices ${quote(choices)}`,
  ].join(' ');
}

/** `concsim run <scenario> --seed N --strategy S ...`: the command that repeats a run (one that hung has no choices). */
export function runCommandLine(
  target: string,
  scenario: AnyScenario,
  r: { seed: number; strategy: string; depth?: number; params: Record<string, unknown>; maxSteps?: number },
  flags: readonly string[] = [],
): string {
  return [
    'concsim run',
    quote(target),
    `--seed ${r.seed}`,
    `--strategy ${r.strategy}`,
    ...flags,
    ...(r.depth === undefined ? [] : [`--depth ${r.depth}`]),
    ...paramArgs(scenario, r.params),
    ...(scenario.replayArgs ?? []),
    ...(r.maxSteps === undefined ? [] : [`--max-steps ${r.maxSteps}`]),
  ].join(' ');
}

/** `--costs`/`--cores` as a replay needs them: when the run's differ from replay's defaults. */
export function profileFlags(scenario: AnyScenario, o: RunOptions): string[] {
  const name = o.costsName ?? (o.costs === undefined ? activeProfile().name : undefined);
  const cores = o.cores ?? activeCores();
  return [
    ...(name === undefined || name === IDEAL_PROFILE.name ? [] : [`--costs ${quote(name)}`]),
    // A `cores` parameter carries it already.
    ...(cores === undefined || 'cores' in scenario.params ? [] : [`--cores ${cores}`]),
  ];
}

/** `s` quoted for a POSIX shell (as is when it needs no quoting). */
export function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
