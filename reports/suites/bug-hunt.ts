/**
 * `bug-hunt`: for every scenario of the zoo of known bugs (`expectFailure` in
 * BUILTIN_SCENARIOS), how many schedules `concsim check` explores before the first failing
 * one (`checkScenario`'s `foundAt`), under the default portfolio, `random`, `pct` at
 * depths 1, 2 and 3, and `dfs`, over many seeds; the preemptions of each shrunk
 * counterexample beside the minimum a bounded DFS proves; and whether a DFS with
 * preemption bound 2 completes on the bug's fixed twin (`fixed=true`). Each scenario's
 * shortest failing schedule is shown as a timeline.
 */
import { type DEFAULT_COSTS, decodeChoices } from '../../engine/index.ts';
import {
  CHECK_MAX_STEPS,
  type CheckReport,
  type CheckStrategy,
  checkScenario,
  type DfsSummary,
} from '../../runner/check.ts';
import { explore } from '../../runner/explore.ts';
import { formatParams, formatVerdict, verdictType } from '../../runner/format.ts';
import { param, resolveParams } from '../../runner/params.ts';
import { activeProfile } from '../../runner/profile.ts';
import { type RunReport, runScenario } from '../../runner/run.ts';
import type { AnyScenario } from '../../runner/scenario.ts';
import { BUILTIN_SCENARIOS } from '../../scenarios/index.ts';
import type { BarValue, LineChart, ReportBlock, ReportDoc } from '../html/doc.ts';
import { fmt } from '../html/svg.ts';
import { TraceRecorder } from '../trace/collect.ts';
import { buildTimeline, type Timeline } from '../trace/timeline.ts';
import { CONCSIM_VERSION } from '../version.ts';
import { summarize, wilson } from './stats.ts';
import {
  costsSourceOf,
  defineSuite,
  listJoin,
  paramRows,
  profileFields,
  type SuiteRunOptions,
  seedsText,
} from './suite.ts';

/** `checkScenario`'s step budget per run; a replay must use the same one. */
const DEFAULT_DFS_BUDGET = 1000;

export interface HuntStrategy {
  readonly id: string;
  readonly label: string;
  readonly strategy: Exclude<CheckStrategy, 'fifo'>;
  readonly depth?: number;
}

export const HUNT_STRATEGIES: readonly HuntStrategy[] = [
  { id: 'portfolio', label: 'portfolio', strategy: 'portfolio' },
  { id: 'random', label: 'random', strategy: 'random' },
  { id: 'pct-1', label: 'pct d=1', strategy: 'pct', depth: 1 },
  { id: 'pct-2', label: 'pct d=2', strategy: 'pct', depth: 2 },
  { id: 'pct-3', label: 'pct d=3', strategy: 'pct', depth: 3 },
  { id: 'dfs', label: 'dfs', strategy: 'dfs' },
];

/** The largest bound the DFS that proves a bug's fewest preemptions tries. */
const MIN_PREEMPTIONS_BOUND = 3;
/** The preemption bound a fixed twin's DFS must complete. */
const FIXED_BOUND = 2;

export type BugHuntParams = {
  readonly runs: number;
  readonly params: 'defaults' | 'drawn';
  /** Schedules a DFS (the minimum, the fixed twin) may run. */
  readonly dfsBudget?: number;
};

export interface Hunt {
  /** A `HUNT_STRATEGIES` id. */
  readonly strategy: string;
  /** Per seed 0 .. seeds − 1: the 1-based index of the first failing schedule, or null if none failed. */
  readonly foundAt: readonly (number | null)[];
  /** Per seed: how the first failure ended (`deadlock`, `invariant:not-oversold`, …), or null. */
  readonly failures: readonly (string | null)[];
  /** Per seed: the preemptions of the shrunk counterexample, or null. */
  readonly preemptions?: readonly (number | null)[];
}

export interface HuntExample {
  readonly strategy: string;
  /** The hunt's seed (`concsim check --seed`). */
  readonly checkSeed: number;
  /** The failing run's seed, steps, verdict (one line) and replay command. */
  readonly seed: number;
  readonly steps: number;
  readonly verdict: string;
  readonly replay: string;
  readonly timeline: Timeline;
}

export interface BugHuntResults {
  readonly suite: 'bug-hunt';
  readonly version: string;
  readonly command: string;
  readonly seeds: number;
  readonly params: BugHuntParams;
  readonly costs: typeof DEFAULT_COSTS;
  readonly costsSource?: string;
  readonly strategies: readonly HuntStrategy[];
  readonly scenarios: readonly {
    readonly name: string;
    readonly summary: string;
    /** The parameters every run used, or null when they were drawn per run. */
    readonly params: Readonly<Record<string, unknown>> | null;
    readonly hunts: readonly Hunt[];
    readonly example: HuntExample | null;
    /** The fewest preemptions of a failing schedule, proven by DFS bound by bound (null: none within the bound). */
    readonly minPreemptions?: number | null;
    /** DFS of the fixed twin (`fixed=true`) with preemption bound 2, or null without a fixed twin. */
    readonly fixedDfs?: DfsSummary | null;
  }[];
}

/** Runs the hunts: every known-bug scenario × strategy × seed. */
export function runBugHunt(
  o: SuiteRunOptions<BugHuntParams>,
  scenarios: readonly AnyScenario[] = BUILTIN_SCENARIOS.filter((s) => s.expectFailure === true),
): BugHuntResults {
  const total = scenarios.length * HUNT_STRATEGIES.length * o.seeds;
  let done = 0;
  const out: BugHuntResults['scenarios'][number][] = [];
  for (const s of scenarios) {
    const pinned =
      o.params.params === 'defaults' ? (resolveParams(s.name, s.params, {}) as Record<string, unknown>) : null;
    let best: { strategy: string; checkSeed: number; failure: RunReport } | null = null;
    const hunts: Hunt[] = [];
    for (const st of HUNT_STRATEGIES) {
      const foundAt: (number | null)[] = [];
      const failures: (string | null)[] = [];
      const preemptions: (number | null)[] = [];
      let dfs: CheckReport | null = null;
      for (let seed = 0; seed < o.seeds; seed++) {
        // A DFS ignores the check's seed: one exploration stands for every seed.
        const c: CheckReport =
          dfs ??
          checkScenario(s, {
            runs: o.params.runs,
            strategy: st.strategy,
            seed,
            maxSteps: CHECK_MAX_STEPS,
            ...(st.depth === undefined ? {} : { depth: st.depth }),
            ...(pinned === null ? {} : { params: pinned }),
          });
        if (st.strategy === 'dfs') dfs = c;
        foundAt.push(c.foundAt ?? null);
        failures.push(c.failure ? verdictType(c.failure.verdict) : null);
        preemptions.push(c.failure ? c.failure.preemptions : null);
        if (c.failure && (best === null || c.failure.steps < best.failure.steps)) {
          best = { strategy: st.id, checkSeed: seed, failure: c.failure };
        }
        o.onProgress?.(++done, total);
      }
      hunts.push({ strategy: st.id, foundAt, failures, preemptions });
    }
    const budget = o.params.dfsBudget ?? DEFAULT_DFS_BUDGET;
    const min = explore(s, {
      preemptions: MIN_PREEMPTIONS_BOUND,
      maxSchedules: budget,
      maxSteps: CHECK_MAX_STEPS,
      ...(pinned === null ? {} : { params: pinned }),
    });
    const fixedDfs =
      'fixed' in s.params
        ? explore(s, {
            preemptions: FIXED_BOUND,
            maxSchedules: budget,
            maxSteps: CHECK_MAX_STEPS,
            params: { ...pinned, fixed: true },
          })
        : null;
    let example: HuntExample | null = null;
    if (best !== null) {
      const f = best.failure;
      const rec = new TraceRecorder();
      const again = runScenario(s, {
        strategy: 'replay',
        seed: f.seed,
        params: f.params,
        choices: decodeChoices(f.choices),
        maxSteps: CHECK_MAX_STEPS,
        listeners: [rec.listener],
      });
      example = {
        strategy: best.strategy,
        checkSeed: best.checkSeed,
        seed: f.seed,
        steps: again.steps,
        verdict: formatVerdict(again.verdict).split('\n')[0] as string,
        replay: f.replay,
        timeline: buildTimeline({ records: rec.records, threads: again.threads, processes: rec.processes() }),
      };
    }
    out.push({
      name: s.name,
      summary: s.summary,
      params: pinned,
      hunts,
      example,
      minPreemptions: min.failure === undefined ? null : min.failure.preemptions,
      fixedDfs:
        fixedDfs === null
          ? null
          : {
              complete: fixedDfs.complete && fixedDfs.failure === undefined,
              bound: fixedDfs.bound,
              schedules: fixedDfs.schedules,
            },
    });
  }
  return {
    suite: 'bug-hunt',
    version: CONCSIM_VERSION,
    command: o.command,
    seeds: o.seeds,
    params: o.params,
    // Hunts are checks: they run with the check profile (ideal unless chosen), as `concsim check` does.
    ...profileFields(activeProfile()),
    strategies: HUNT_STRATEGIES,
    scenarios: out,
  };
}

// ---- the report (pure) --------------------------------------------------------------------

interface HuntStats {
  readonly label: string;
  readonly n: number;
  readonly found: number;
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly max: number;
}

function huntStats(r: BugHuntResults): HuntStats[][] {
  return r.scenarios.map((s) =>
    r.strategies.map((st) => {
      const h = s.hunts.find((x) => x.strategy === st.id);
      const sm = summarize(h?.foundAt ?? []);
      return {
        label: st.label,
        n: sm.n,
        found: sm.finite,
        min: sm.min,
        p25: sm.p25,
        median: sm.median,
        p75: sm.p75,
        max: sm.max,
      };
    }),
  );
}

/** "2", "2.5", or "> 1,000" for a censored value. */
function sched(v: number, runs: number): string {
  return Number.isFinite(v) ? fmt(v, 1) : `> ${fmt(runs)}`;
}

/** "3–7", "3", "6–> 1,000" or "> 1,000". */
function range(a: number, b: number, runs: number): string {
  if (a === b || (!Number.isFinite(a) && !Number.isFinite(b))) return sched(a, runs);
  return `${sched(a, runs)}–${sched(b, runs)}`;
}

/** "1", "0–2", or "—" when no seed found a failure. */
function preemptionRange(ps: readonly (number | null)[] | undefined): string {
  const vs = (ps ?? []).filter((p): p is number => p !== null);
  if (vs.length === 0) return '—';
  const lo = Math.min(...vs);
  const hi = Math.max(...vs);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

/** Strategies ranked: more seeds found first, then a lower median, then a lower 75th percentile. */
function better(a: HuntStats, b: HuntStats): number {
  return b.found - a.found || a.median - b.median || a.p75 - b.p75;
}

function best(stats: readonly HuntStats[]): HuntStats[] {
  const sorted = [...stats].sort(better);
  const top = sorted[0];
  if (top === undefined || top.found === 0) return [];
  return sorted.filter((s) => better(s, top) === 0);
}

function scenarioSentence(name: string, stats: readonly HuntStats[], runs: number): string {
  const all = stats.filter((s) => s.found === s.n && s.n > 0);
  const none = stats.filter((s) => s.found === 0);
  const some = stats.filter((s) => s.found > 0 && s.found < s.n);
  const parts: string[] = [];
  if (all.length) {
    parts.push(`${listJoin(all.map((s) => `${s.label} (median ${sched(s.median, runs)})`))} found it with every seed`);
  }
  for (const s of some) parts.push(`${s.label} with ${s.found} of ${s.n} seeds (median ${sched(s.median, runs)})`);
  if (none.length) parts.push(`${listJoin(none.map((s) => s.label))} never did within ${fmt(runs)} schedules`);
  return `${name}: ${parts.join('; ')}.`;
}

const TABLE_AT = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000, 1000000];

export function bugHuntReport(r: BugHuntResults): ReportDoc {
  const runs = r.params.runs;
  const stats = huntStats(r);
  const names = r.scenarios.map((s) => s.name);
  const labels = r.strategies.map((s) => s.label);
  const seeds = seedsText(r.seeds);

  // Headline.
  const headline = r.scenarios.map((s, i) => scenarioSentence(s.name, stats[i] as HuntStats[], runs));
  const bests = stats.map(best);
  const wins = new Map<string, number>();
  for (const row of bests) {
    for (const b of row) wins.set(b.label, (wins.get(b.label) ?? 0) + 1);
  }
  const ranked = [...wins].sort((a, b) => b[1] - a[1] || labels.indexOf(a[0]) - labels.indexOf(b[0]));
  if (ranked.length) {
    const top = ranked.filter((w) => w[1] === (ranked[0] as [string, number])[1]).map((w) => w[0]);
    headline.unshift(
      `Fewest schedules to the first failure (most seeds finding it, then lowest median): ${listJoin(top)}, on ${(ranked[0] as [string, number])[1]} of ${names.length} scenarios (ties count for each), over ${seeds} and a budget of ${fmt(runs)} schedules per hunt.`,
    );
  }

  // Chart 1: median schedules to the first failure.
  const medianChart: ReportBlock = {
    kind: 'bar',
    id: 'schedules-to-failure',
    title: 'Schedules explored until the first failure',
    reading: `Lower is better. Fastest per scenario: ${names
      .map((name, i) => {
        const b = bests[i] as HuntStats[];
        return `${name} — ${b.length ? `${listJoin(b.map((s) => s.label))} (median ${sched((b[0] as HuntStats).median, runs)})` : 'none found it'}`;
      })
      .join('; ')}.`,
    xLabel: 'scenario (known bug)',
    yLabel: 'median schedules to failure',
    unit: 'schedules',
    yScale: 'log',
    ceiling: { value: runs, label: `budget: ${fmt(runs)} schedules` },
    categories: names,
    series: r.strategies.map((st, si) => ({
      name: st.label,
      values: stats.map((row): BarValue => {
        const s = row[si] as HuntStats;
        const censored = !Number.isFinite(s.median);
        return {
          value: censored ? runs : s.median,
          lo: Number.isFinite(s.p25) ? s.p25 : runs,
          hi: Number.isFinite(s.p75) ? s.p75 : runs,
          ...(Number.isFinite(s.p75) ? {} : { hiOpen: true }),
          ...(censored ? { censored: true } : {}),
          label: censored
            ? `not found by most seeds (> ${fmt(runs)}; ${s.found} of ${s.n} found it)`
            : `median ${sched(s.median, runs)} schedules (${s.found} of ${s.n} seeds found it)`,
        };
      }),
    })),
    errorBars: `25th–75th percentile over ${seeds}; hatched bars and arrow heads mean "not found within the budget"`,
  };

  // Chart 2: share of seeds that found the bug.
  const misses: string[] = [];
  stats.forEach((row, i) => {
    for (const s of row) if (s.found < s.n) misses.push(`${s.label} on ${names[i]} (${s.found} of ${s.n})`);
  });
  const rateChart: ReportBlock = {
    kind: 'bar',
    id: 'found-rate',
    title: `Seeds that found the bug within ${fmt(runs)} schedules`,
    reading: misses.length
      ? `Higher is better. Every strategy found every bug with every seed, except ${listJoin(misses)}.`
      : 'Higher is better. Every strategy found every bug with every seed.',
    xLabel: 'scenario (known bug)',
    yLabel: 'seeds that found the bug',
    unit: '%',
    yScale: 'linear',
    yMax: 100,
    categories: names,
    series: r.strategies.map((st, si) => ({
      name: st.label,
      values: stats.map((row): BarValue => {
        const s = row[si] as HuntStats;
        const w = wilson(s.found, s.n);
        return {
          value: s.n ? (100 * s.found) / s.n : 0,
          lo: 100 * w.lo,
          hi: 100 * w.hi,
          label: `${s.found} of ${s.n} seeds (${fmt(s.n ? (100 * s.found) / s.n : 0, 0)}%)`,
        };
      }),
    })),
    errorBars: `95% Wilson score interval over ${seeds}`,
  };

  // Per scenario: cumulative share of seeds that had found the bug after x schedules.
  const cdfs: ReportBlock[] = r.scenarios.map((s, i): LineChart => {
    const row = stats[i] as HuntStats[];
    const series = r.strategies.map((st) => {
      const h = s.hunts.find((x) => x.strategy === st.id);
      const vals = (h?.foundAt ?? []).filter((v): v is number => v !== null).sort((a, b) => a - b);
      const n = h?.foundAt.length ?? 0;
      const xs = [...new Set([1, ...vals])].sort((a, b) => a - b);
      return {
        name: st.label,
        points: xs.map((x) => ({ x, y: n ? (100 * vals.filter((v) => v <= x).length) / n : 0 })),
      };
    });
    const reach = row.map((st, si) => {
      const h = s.hunts[si];
      const vals = (h?.foundAt ?? []).filter((v): v is number => v !== null);
      if (st.found === 0) return `${st.label} stays at 0%`;
      const last = Math.max(...vals);
      return st.found === st.n
        ? `${st.label} reaches 100% at ${fmt(last)} schedule${last === 1 ? '' : 's'}`
        : `${st.label} tops out at ${fmt((100 * st.found) / st.n, 0)}%`;
    });
    return {
      kind: 'line',
      id: `cdf-${s.name}`,
      title: `${s.name}: share of seeds that had found the bug after x schedules`,
      reading: `Further left and higher is better: ${listJoin(reach)}.`,
      xLabel: 'schedules explored',
      yLabel: 'seeds that had found the bug',
      xUnit: 'schedules',
      yUnit: '%',
      xScale: 'log',
      xDomain: [1, Math.max(runs, 10)],
      yDomain: [0, 100],
      step: true,
      series,
      tableAt: TABLE_AT.filter((x) => x < runs).concat([runs]),
    };
  });

  const tableRows: string[][] = [];
  stats.forEach((row, i) => {
    for (const s of row) {
      tableRows.push([
        names[i] as string,
        s.label,
        `${s.found} of ${s.n}`,
        sched(s.median, runs),
        range(s.p25, s.p75, runs),
        range(s.min, s.max, runs),
      ]);
    }
  });

  // Preemptions of the shrunk counterexamples beside the proven minimum, and fixed twins.
  const withPreemptions = r.scenarios.some((s) => s.minPreemptions !== undefined);
  const preemptionTable: ReportBlock[] = withPreemptions
    ? [
        {
          kind: 'table',
          caption: `Preemptions: the fewest a failing schedule needs (DFS, bound by bound up to ${MIN_PREEMPTIONS_BOUND}), those of each strategy's shrunk counterexamples over ${seeds}, and the fixed twin's DFS with bound ${FIXED_BOUND}`,
          header: [
            'scenario',
            'fewest (DFS)',
            ...r.strategies.map((st) => `shrunk: ${st.label}`),
            'fixed twin, DFS ≤ 2',
          ],
          rows: r.scenarios.map((s) => [
            s.name,
            s.minPreemptions === null || s.minPreemptions === undefined ? '—' : String(s.minPreemptions),
            ...r.strategies.map((st) => preemptionRange(s.hunts.find((h) => h.strategy === st.id)?.preemptions)),
            s.fixedDfs === null || s.fixedDfs === undefined
              ? '—'
              : s.fixedDfs.complete
                ? `complete, ${fmt(s.fixedDfs.schedules)} schedules`
                : `incomplete after ${fmt(s.fixedDfs.schedules)} schedules`,
          ]),
        },
      ]
    : [];

  const timelines: ReportBlock[] = [];
  for (const s of r.scenarios) {
    const e = s.example;
    if (e === null) continue;
    const label = r.strategies.find((st) => st.id === e.strategy)?.label ?? e.strategy;
    timelines.push({
      kind: 'timeline',
      id: `failure-${s.name}`,
      title: `${s.name}: the shortest failing schedule found (${e.steps} steps)`,
      reading: `${e.verdict} — found by ${label} (hunt seed ${e.checkSeed}, run seed ${e.seed}) and shrunk by the checker.`,
      timeline: e.timeline,
      replay: e.replay,
    });
  }

  const paramsText =
    r.params.params === 'defaults'
      ? "Every run used the scenario's default parameters, so only the schedule varies between runs."
      : 'Each run drew the scenario parameters from their checkable ranges, as `concsim check` does, so a hunt explores parameters and schedules together.';

  return {
    suite: 'bug-hunt',
    title: 'Bug hunt: schedules to the first failure',
    description: `How many schedules ${listJoin(labels)} explore before a known concurrency bug shows, for ${names.length} scenarios over ${seeds}.`,
    command: r.command,
    version: r.version,
    headline,
    params: paramRows(bugHunt, r.params, r.seeds),
    costs: r.costs,
    costsSource: costsSourceOf(r),
    method: [
      `A hunt is one \`concsim check\` exploration (checkScenario): it runs the scenario under the strategy, one schedule after another, until a run fails — a broken invariant, a deadlock, an exception — or ${fmt(runs)} schedules have passed. The number reported is the 1-based index of the first failing schedule (foundAt). Each seed 0..${r.seeds - 1} is a different exploration (the checker's seed), so the spread over seeds shows how much luck a strategy needs.`,
      'portfolio, the default of `concsim check`, gives its runs in turn to random, pct at depths 1–3 (spreading change points over the running maximum of decisions seen) and dfs. dfs explores the schedules of the default parameters depth-first, with every schedule of at most 0 preemptions first, then 1, then 2 (CHESS), pruned by sleep sets; it ignores the seed. A shrunk counterexample is finished by a DFS below its preemption count, so it has the fewest preemptions the bound allows.',
      'random picks uniformly among the runnable threads at every scheduling point. pct (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010) gives threads random distinct priorities, always runs the highest, and lowers the running thread below all others at d − 1 random decision points: a bug of depth d is found with probability at least 1/(n·k^(d−1)) per run. At depth 1 a run is a fixed random priority order, with no preemption.',
      paramsText,
      `Medians and quartiles count a hunt that never failed as "more than ${fmt(runs)}" (a censored value): a hatched bar at the budget line means most seeds never found the bug, and an error bar ending in an arrow head means at least a quarter did not. Found rates carry 95% Wilson score intervals.`,
      'Each timeline is the failing schedule with the fewest steps among all hunts of that scenario, after the checker shrank its recorded choices, replayed with its trace recorded. A run that takes no virtual time is drawn along its scheduling steps, in the order they ran; in one that acts at a few instants, the steps of each instant are spread over a shaded band, so that none is lost in a sliver of time.',
    ],
    sections: [
      {
        title: 'Schedules to the first failure',
        blocks: [medianChart, rateChart],
      },
      {
        title: 'How the chance of finding each bug grows with the budget',
        blocks: cdfs,
      },
      {
        title: 'All numbers',
        blocks: [
          {
            kind: 'table',
            caption: `Schedules to the first failure, over ${seeds}`,
            header: ['scenario', 'strategy', 'seeds that found it', 'median', '25th–75th percentile', 'min–max'],
            rows: tableRows,
            numeric: [3, 4, 5],
          },
          ...preemptionTable,
          {
            kind: 'table',
            caption: 'The scenarios',
            header: ['scenario', 'what goes wrong', 'parameters'],
            rows: r.scenarios.map((s) => [
              s.name,
              s.summary,
              s.params === null ? 'drawn per run' : formatParams(s.params),
            ]),
          },
        ],
      },
      {
        title: 'Timelines of the failures',
        text: [
          'Who ran when in each scenario’s shortest failing schedule: one row per thread, a bar per state (running a step, blocked on a wait queue, sleeping), and an arrow from each waker to the thread it woke.',
        ],
        blocks: timelines,
      },
    ],
    data: r,
  };
}

export const bugHunt = defineSuite<BugHuntParams, BugHuntResults>({
  name: 'bug-hunt',
  title: 'Bug hunt: schedules to the first failure',
  summary: 'for every known-bug scenario, how many schedules random and pct (depths 1–3) need to find the bug',
  params: {
    runs: param.int({
      default: 1000,
      min: 1,
      max: 1_000_000,
      doc: 'schedules each hunt explores at most before giving up (the budget)',
    }),
    params: param.choice(['defaults', 'drawn'] as const, {
      default: 'defaults',
      doc: "scenario parameters: each scenario's defaults (only schedules vary), or drawn per run as concsim check does",
    }),
    dfsBudget: param.int({
      default: DEFAULT_DFS_BUDGET,
      min: 1,
      max: 10_000_000,
      doc: "schedules the DFS proving a bug's fewest preemptions, or exploring its fixed twin, may run",
    }),
  },
  defaultSeeds: 20,
  tour: { seeds: 3, params: { runs: 200, dfsBudget: 500 } },
  run: (o) => runBugHunt(o),
  report: bugHuntReport,
});

export default bugHunt;
