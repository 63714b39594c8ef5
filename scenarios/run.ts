/**
 * One run of a scenario: resolve its parameters, build a kernel with the chosen strategy,
 * attach its invariants' monitors, run `main` as the main thread, and report everything a
 * user needs to understand or repeat the run — including the command that replays it.
 */
import {
  DEFAULT_MAX_STEPS,
  encodeChoices,
  Kernel,
  makeStrategy,
  type StrategyName,
  TraceHasher,
  type TraceListener,
  TraceTail,
  toSeconds,
  toTicks,
  type Verdict,
} from '../engine/index.ts';
import { Thread } from '../models/threading/thread.ts';
import { resolveParams } from './params.ts';
import type { AnyScenario, Monitor, Scenario } from './scenario.ts';

export interface RunOptions {
  readonly seed?: number;
  readonly strategy?: StrategyName;
  /** pct depth (default 3). */
  readonly depth?: number;
  /** pct: decisions over which change points are spread (default: estimated by a random run). */
  readonly pctSteps?: number;
  /** For `replay`: the recorded choices. */
  readonly choices?: readonly number[];
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
}

export interface InvariantResult {
  readonly name: string;
  readonly ok: boolean;
  /** False when the run ended before the invariant could be judged. */
  readonly checked: boolean;
  readonly message?: string;
}

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

// biome-ignore lint/suspicious/noExplicitAny: any parameter type
export function runScenario<R>(scenario: Scenario<any, R>, o: RunOptions = {}): RunReport<R> {
  const params = resolveParams(scenario.name, scenario.params, o.params) as Record<string, unknown>;
  const seed = o.seed ?? 0;
  const strategyName = o.strategy ?? 'random';
  let pctSteps = o.pctSteps;
  if (strategyName === 'pct' && pctSteps === undefined) {
    // PCT spreads its change points over the expected number of decisions.
    const probe = runScenario(scenario, { ...o, strategy: 'random', listeners: [] });
    pctSteps = Math.max(1, probe.choices === '' ? 1 : decisionCount(probe.choices));
  }
  const strategy = makeStrategy({
    strategy: strategyName,
    seed,
    ...(o.depth === undefined ? {} : { depth: o.depth }),
    ...(pctSteps === undefined ? {} : { pctSteps }),
    ...(o.choices === undefined ? {} : { choices: o.choices }),
  });
  const lim = (typeof scenario.limits === 'function' ? scenario.limits(params) : scenario.limits) ?? {};
  const maxTime = o.maxTime ?? lim.maxTime;
  const k = new Kernel({
    strategy,
    seed,
    ...(lim.cores === undefined ? {} : { cores: lim.cores }),
    maxSteps: o.maxSteps ?? lim.maxSteps ?? DEFAULT_MAX_STEPS,
    ...(maxTime === undefined ? {} : { maxTime: toTicks(maxTime) }),
  });
  const hasher = o.hash === false ? null : new TraceHasher();
  if (hasher !== null) k.subscribe(hasher.listener);
  const invariants = scenario.invariants ?? [];
  const monitors: { name: string; m: Monitor }[] = [];
  for (const inv of invariants)
    if (inv.monitor) monitors.push({ name: inv.name, m: inv.monitor(params, (id) => k.fiberName(id)) });
  const tail = new TraceTail(20);
  if (monitors.length > 0) {
    k.subscribe(tail.listener);
    k.subscribe((r) => {
      for (const { name, m } of monitors) {
        const msg = m.onRecord?.(r);
        if (msg) k.violate(name, msg, tail.records());
      }
    });
  }
  for (const l of o.listeners ?? []) k.subscribe(l);

  let result: R | undefined;
  const ctx = { rng: k.rng, kernel: k, log: (message: string) => k.emit('scenario.log', null, { message }) };
  k.within(() =>
    Thread.main(
      (function* () {
        result = yield* scenario.main(params, ctx);
      })(),
    ),
  );
  let verdict = k.run();

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
          traceTail: tail.records(),
        };
      }
    }
    const checked = broken || verdict.kind === 'ok' || (verdict.kind === 'invariant' && verdict.step === k.steps);
    results.push({ name: inv.name, ok: !message, checked, ...(message ? { message } : {}) });
  }

  // Past its end a replayed schedule picks index 0, so trailing zeros carry nothing.
  let n = k.choices.length;
  while (n > 0 && k.choices[n - 1] === 0) n--;
  const choices = encodeChoices(k.choices.slice(0, n));
  return {
    scenario: scenario.name,
    params,
    seed,
    strategy: strategyName,
    ...(strategyName === 'pct' ? { depth: o.depth ?? 3 } : {}),
    verdict,
    virtualTime: toSeconds(k.now),
    steps: k.steps,
    contextSwitches: k.contextSwitches,
    traceHash: hasher === null ? '' : hasher.digest(),
    threads: k.allFibers().map((f) => f.name),
    choices,
    invariants: results,
    result,
    replay: replayCommand(o.source ?? scenario.name, seed, params, scenario, choices),
  };
}

function decisionCount(encoded: string): number {
  let n = 0;
  for (const part of encoded.split(',')) {
    const star = part.indexOf('*');
    n += star < 0 ? 1 : Number(part.slice(star + 1));
  }
  return n;
}

/** `concsim replay <scenario> --seed N [--param k=v ...] --choices ...`, with only non-default params. */
export function replayCommand(
  target: string,
  seed: number,
  params: Record<string, unknown>,
  scenario: AnyScenario,
  choices: string,
): string {
  const parts = ['concsim replay', quote(target), `--seed ${seed}`];
  for (const [key, spec] of Object.entries(scenario.params as Record<string, { default: unknown }>)) {
    const v = params[key];
    if (v !== spec.default) parts.push(`--param ${quote(`${key}=${v === null ? 'none' : String(v)}`)}`);
  }
  parts.push(`--choices ${quote(choices)}`);
  return parts.join(' ');
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
