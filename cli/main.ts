/**
 * The `concsim` command line: list, run, check, replay, merge, report and the tour
 * (`npm start`). stdout carries results (exactly one JSON document under --json); stderr
 * carries the replay hint, progress and errors. Exit codes: 0 ok, 1 a run failed or a
 * property was violated (a hang included), 2 a usage error, reported in one line — and
 * nothing else, whatever the input. `run`, `replay` and `check` run in a worker thread
 * under a wall-clock watchdog (watchdog.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { Command, CommanderError, Option } from 'commander';
import { ChoiceRangeError, decodeChoices, type StrategyName } from '../engine/index.ts';
import { CalibrateError } from '../reports/calibrate/calibrate.ts';
import type { JunitCheck } from '../reports/junit.ts';
import type { AnySuite } from '../reports/suites/suite.ts';
import { CONCSIM_VERSION } from '../reports/version.ts';
import { checkWritableFile, OutputError, writeFileAtomic } from '../reports/write.ts';
import { type CampaignReport, mergeShards, runCampaign, type Shard } from '../runner/campaign.ts';
import {
  CHECK_MAX_STEPS,
  CHECK_STRATEGIES,
  type CheckReport,
  type CheckStrategy,
  checkInputs,
  checkScenario,
  DEFAULT_RUNS,
  SAMPLING_STRATEGIES,
} from '../runner/check.ts';
import { formatCheck, formatDecision, formatRun, logPrinter, table, userVerdict } from '../runner/format.ts';
import { LoadError, looksLikePath } from '../runner/load.ts';
import { ParamError, parseParamArgs, resolveParams } from '../runner/params.ts';
import {
  activeCores,
  chosenProfile,
  loadProfile,
  ProfileError,
  parseCores,
  setActiveProfile,
} from '../runner/profile.ts';
import type { Preempt } from '../runner/python.ts';
import { jsonSafe } from '../runner/repr.ts';
import {
  type Decision,
  profileFlags,
  quote,
  type RunReport,
  runCommandLine,
  runScenario,
  watchEveryRun,
} from '../runner/run.ts';
import type { AnyScenario } from '../runner/scenario.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { checkOptionValues } from './argv.ts';
import { type CalibrateFlags, calibrateCommand } from './calibrate.ts';
import { ensureLoaders, loadScenario } from './load.ts';
import { checkCampaign, readShardReport } from './merge.ts';
import { progressBar as progress, showProgress } from './progress.ts';
import { parsePreempt, pythonOutputOf } from './python-output.ts';
import { parseNatural, parsePositiveInt, parseSeed, parseStrategy, parseTimeout, UsageFailure } from './usage.ts';
import {
  DEFAULT_TIMEOUT,
  type HangContext,
  hangReport,
  Progress,
  supervise,
  type WorkerJob,
  writeNow,
} from './watchdog.ts';

/** Where a command writes: stdout and stderr, or a test's buffers (`main(argv, io)`). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}
const processIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};

export interface MainOptions {
  /** Run `run`, `replay` and `check` in a worker under the watchdog (default true). */
  readonly watchdog?: boolean;
}

/** The invocation being executed: where it writes, and how it runs. */
interface Session {
  readonly argv: readonly string[];
  readonly io: Io;
  readonly verbose: boolean;
  readonly watchdog: boolean;
  /** In a watchdog's worker: the progress buffer the main thread watches. */
  readonly progress: Progress | null;
  /** In a watchdog's worker: the check run to rerun traced, to locate a hang. */
  readonly probe?: number;
}
let session: Session = { argv: [], io: processIo, verbose: false, watchdog: false, progress: null };
const out = (s: string) => session.io.out(s);
const err = (s: string) => session.io.err(s);

/** The worker thread's entry (watchdog-entry.js), beside this module. */
const WORKER_ENTRY = new URL('./watchdog-entry.js', import.meta.url);

const collect = (v: string, prev: string[]) => [...prev, v];

function paramsOf(s: AnyScenario, args: readonly string[]): Record<string, unknown> {
  return parseParamArgs(s.name, s.params, args) as Record<string, unknown>;
}

/** A run report as JSON data: the scenario's result, whatever it is, made printable; the user's stack frames. */
function runJson(r: RunReport): Record<string, unknown> {
  return { ...r, verdict: userVerdict(r.verdict, session.verbose), result: jsonSafe(r.result) };
}

function checkJson(c: CheckReport): Record<string, unknown> {
  return c.failure === undefined ? { ...c } : { ...c, failure: runJson(c.failure) };
}

function showRun(r: RunReport, o: { json?: boolean }, decisions?: readonly Decision[], scenario?: AnyScenario): number {
  // A .py run prints the program's output as python3 would; the run's summary is a diagnostic.
  const py = pythonOutputOf(scenario);
  if (o.json) {
    const j = py === undefined || r.result !== undefined ? runJson(r) : { ...runJson(r), result: py };
    out(JSON.stringify(decisions === undefined ? j : { ...j, decisions }));
  } else if (py !== undefined) {
    if (py.stdout !== '') out(py.stdout.endsWith('\n') ? py.stdout.slice(0, -1) : py.stdout);
    if (py.stderr !== '') err(py.stderr.endsWith('\n') ? py.stderr.slice(0, -1) : py.stderr);
    // The traceback is in the program's stderr and the verdict: the invariant's line names it.
    const invariants = r.invariants.map((i) => (i.message ? { ...i, message: i.message.split('\n')[0] as string } : i));
    err(formatRun({ ...r, invariants, result: undefined }, session.verbose));
  } else out(formatRun(r, session.verbose));
  if (r.verdict.kind !== 'ok') err(`replay: ${r.replay}`);
  return r.verdict.kind === 'ok' ? 0 : 1;
}

interface RunFlags {
  seed: number;
  strategy?: StrategyName;
  depth?: number;
  param: string[];
  log?: boolean;
  json?: boolean;
  maxSteps?: number;
  choices?: string;
  trace?: string;
  explain?: boolean;
  timeout: number;
  preempt?: Preempt;
}

/** Largest schedule `--choices` may spell out (its `v*n` repeats included). */
const MAX_CHOICES = 100_000_000;

function parseChoices(text: string): number[] {
  const total = [...text.matchAll(/\*\s*(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  if (total > MAX_CHOICES) {
    throw new UsageFailure(`--choices spells out ${total} choices: at most ${MAX_CHOICES} are accepted`);
  }
  try {
    return decodeChoices(text);
  } catch (e) {
    throw new UsageFailure((e as Error).message);
  }
}

async function runCommand(target: string, o: RunFlags, replay: boolean): Promise<number> {
  if (session.watchdog && o.timeout > 0) return supervised(o.timeout, o.json === true);
  // A .py file runs as `python3 prog.py` runs it unless a strategy is named: the non-preemptive
  // schedule (every choice 0, the running thread goes on until it blocks or its switch interval
  // ends), with preemption at blocking calls only, as runPython does. `check` keeps exploring.
  const asPython = !replay && o.strategy === undefined && target.endsWith('.py');
  const { scenario, source } = await loadScenario(target, o.preempt ?? (asPython ? 'blocking' : undefined));
  const params = paramsOf(scenario, o.param);
  const choices = replay ? parseChoices(o.choices ?? '') : asPython ? [] : undefined;
  if (o.trace !== undefined) checkWritableFile(o.trace, 'the trace');
  // Under --json, and for a .py run (whose stdout is the program's), the log goes to stderr.
  const log = o.log ? logPrinter(o.json || pythonOutputOf(scenario) !== undefined ? err : out) : null;
  const rec = o.trace === undefined ? null : new (await import('../reports/trace/collect.ts')).TraceRecorder();
  if (session.progress !== null) watchEveryRun({ listener: session.progress.listener() });
  const listeners = [...(log === null ? [] : [log.listener]), ...(rec === null ? [] : [rec.listener])];
  // Under --log each decision is annotated in place, before the chosen thread's `run` line.
  const decisions: Decision[] = [];
  const onDecision = o.log
    ? (d: Decision) =>
        (o.json || pythonOutputOf(scenario) !== undefined ? err : out)(`${''.padStart(12)}  ${formatDecision(d)}`)
    : (d: Decision) => decisions.push(d);
  const strategy = replay || asPython ? 'replay' : (o.strategy ?? 'random');
  announce(target, scenario, {
    seed: o.seed,
    strategy,
    params: resolveParams(scenario.name, scenario.params, params) as Record<string, unknown>,
    ...(o.depth === undefined ? {} : { depth: o.depth }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
  });
  let r: RunReport;
  try {
    r = runScenario(scenario, {
      seed: o.seed,
      strategy,
      params,
      ...(o.depth === undefined ? {} : { depth: o.depth }),
      ...(choices === undefined ? {} : { choices, strict: replay }),
      ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
      ...(source === undefined ? {} : { source }),
      ...(listeners.length === 0 ? {} : { listeners }),
      ...(o.log || o.explain ? { onDecision } : {}),
    });
  } catch (e) {
    if (e instanceof ChoiceRangeError) throw new UsageFailure(`--choices: ${e.message}`);
    throw e;
  }
  if (o.explain && !o.log && !o.json) for (const d of decisions) out(formatDecision(d));
  if (rec !== null && o.trace !== undefined) {
    const { serializeChromeTrace, toChromeTrace } = await import('../reports/trace/chrome.ts');
    const trace = toChromeTrace(
      { records: rec.records, threads: r.threads, processes: rec.processes() },
      {
        scenario: r.scenario,
        seed: r.seed,
        strategy: r.strategy,
        version: CONCSIM_VERSION,
        params: r.params,
        verdict: r.verdict.kind,
        replay: r.replay,
        ...(r.depth === undefined ? {} : { depth: r.depth }),
      },
    );
    writeFileAtomic(o.trace, serializeChromeTrace(trace), 'the trace');
    err(`trace: ${trace.traceEvents.length} events written to ${o.trace} (open it in Perfetto UI, ui.perfetto.dev)`);
  }
  return showRun(r, o, o.explain && !o.log ? decisions : undefined, scenario);
}

/** In a watchdog's worker: tells the main thread what is about to run, for a hang's report. */
function announce(
  target: string,
  scenario: AnyScenario,
  r: { seed: number; strategy: string; depth?: number; params: Record<string, unknown>; maxSteps?: number },
): void {
  if (session.progress === null || parentPort === null) return;
  const report: HangContext = {
    scenario: scenario.name,
    params: jsonSafe(r.params) as Record<string, unknown>,
    seed: r.seed,
    strategy: r.strategy,
    command:
      r.strategy === 'replay'
        ? `concsim ${session.argv.map(quote).join(' ')}`
        : runCommandLine(target, scenario, r, profileFlags(scenario, {})),
  };
  parentPort.postMessage({ kind: 'run', report });
}

/**
 * Runs this invocation in a worker under the watchdog; on a hang, reports it as a verdict
 * (for a check, after a probe reran the run that hung, to name its thread and step).
 */
async function supervised(timeout: number, json: boolean): Promise<number> {
  const argv = session.verbose ? [...session.argv, '--verbose'] : session.argv;
  const first = await supervise(WORKER_ENTRY, { argv }, timeout);
  if (first.kind === 'exit') return first.code;
  const isCheck = session.argv[0] === 'check';
  let hang = first;
  if (isCheck && first.where.run !== undefined) {
    const probe = await supervise(WORKER_ENTRY, { argv, probe: first.where.run }, timeout);
    if (probe.kind === 'hang') hang = { ...probe, where: { ...probe.where, run: first.where.run } };
  }
  const report = hangReport(hang, timeout, { check: isCheck, json });
  for (const line of report.stdout) out(line);
  for (const line of report.stderr) err(line);
  return 1;
}

interface CheckFlags {
  all?: boolean;
  runs?: number;
  strategy: CheckStrategy;
  depth?: number;
  pctSteps?: number;
  preemptions?: number;
  seed?: number;
  param: string[];
  maxSteps?: number;
  json?: boolean;
  junit?: string;
  workers?: number | true;
  shard?: Shard;
  timeout: number;
  preempt?: Preempt;
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : 0;
  const count = m ? Number(m[2]) : 0;
  if (!m || count < 1 || index < 1 || index > count || count > 100_000) {
    throw new UsageFailure(`invalid --shard '${text}': expected i/n with 1 <= i <= n <= 100000, e.g. 2/4`);
  }
  return { index, count };
}

/** `concsim check <target> --runs N --strategy S --seed X ...`: the command that repeats a check. */
function checkCommandLine(
  target: string,
  o: Pick<CheckFlags, 'runs' | 'strategy' | 'depth' | 'pctSteps' | 'preemptions' | 'maxSteps' | 'param'>,
  seed: number,
): string {
  return [
    'concsim check',
    quote(target),
    ...(o.runs === undefined ? [] : [`--runs ${o.runs}`]),
    `--strategy ${o.strategy}`,
    ...(o.depth === undefined ? [] : [`--depth ${o.depth}`]),
    ...(o.pctSteps === undefined ? [] : [`--pct-steps ${o.pctSteps}`]),
    ...(o.preemptions === undefined ? [] : [`--preemptions ${o.preemptions}`]),
    `--seed ${seed}`,
    ...o.param.map((x) => `--param ${quote(x)}`),
    ...(o.maxSteps === undefined ? [] : [`--max-steps ${o.maxSteps}`]),
  ].join(' ');
}

async function checkCommand(target: string | undefined, o: CheckFlags): Promise<number> {
  if (o.all && target !== undefined) {
    throw new UsageFailure(`give a scenario or --all, not both (got '${target}' and --all)`);
  }
  if (!o.all && target === undefined) {
    throw new UsageFailure('missing the scenario to check: give a built-in name or a path to a .ts file, or --all');
  }
  if (o.all && o.param.length > 0) {
    throw new UsageFailure('--param cannot be used with --all: each scenario has its own parameters');
  }
  if (o.junit !== undefined) checkWritableFile(o.junit, 'the JUnit report');
  // An unseeded check explores afresh each time; the seed it used is printed to repeat it,
  // and is fixed here, before a watchdog's worker runs it, so that its probe repeats it too.
  if (o.seed === undefined) {
    const seed = Math.floor(Math.random() * 2 ** 32);
    session = { ...session, argv: [...session.argv, '--seed', String(seed)] };
    o.seed = seed;
  }
  const seed = o.seed;
  if (!o.all && session.watchdog && o.timeout > 0) return supervised(o.timeout, o.json === true);
  const bar = showProgress(o.json);
  if (o.shard !== undefined && !SAMPLING_STRATEGIES.includes(o.strategy)) {
    throw new UsageFailure(
      `--shard needs runs independent of each other: use --strategy ${SAMPLING_STRATEGIES.join(', ')} (${o.strategy} explores in sequence)`,
    );
  }
  const options = {
    ...(o.runs === undefined ? {} : { runs: o.runs }),
    strategy: o.strategy,
    seed,
    ...(o.depth === undefined ? {} : { depth: o.depth }),
    ...(o.pctSteps === undefined ? {} : { pctSteps: o.pctSteps }),
    ...(o.preemptions === undefined ? {} : { preemptions: o.preemptions }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
  };

  if (!o.all) {
    const { scenario, source, ref } = await loadScenario(target as string, o.preempt);
    const params = paramsOf(scenario, o.param);
    if (session.probe !== undefined) {
      // Only a sampling strategy's run i can be rerun alone; the portfolio's and dfs's depend on the runs before.
      const { strategy } = options;
      if (strategy === 'portfolio' || strategy === 'dfs') return 0;
      return probeRun(target as string, scenario, { ...options, strategy, params }, o);
    }
    const onProgress = progress(bar);
    const watch = session.progress;
    // Every run beats (shrinking may take long); explored runs also say which they are, for a probe.
    if (watch !== null) watchEveryRun({ start: () => watch.beat() });
    const t0 = performance.now();
    const checkOptions = {
      ...options,
      params,
      ...(source === undefined ? {} : { source }),
      ...(onProgress === undefined ? {} : { onProgress }),
      ...(watch === null ? {} : { onRun: (i: number) => watch.run(i) }),
    };
    const campaign = o.workers !== undefined || o.shard !== undefined;
    const c: CheckReport = campaign
      ? await runCampaign(scenario, {
          ...checkOptions,
          ref,
          ...(o.workers === undefined ? { workers: 1 } : o.workers === true ? {} : { workers: o.workers }),
          ...(o.shard === undefined ? {} : { shard: o.shard }),
        })
      : checkScenario(scenario, checkOptions);
    onProgress?.end();
    if (o.junit !== undefined) {
      const { junitXml } = await import('../reports/junit.ts');
      const j: JunitCheck = {
        scenario,
        check: c,
        mode: 'plain',
        command: checkCommandLine(target as string, o, seed),
        seconds: (performance.now() - t0) / 1000,
      };
      writeFileAtomic(o.junit, junitXml([j]), 'the JUnit report');
    }
    if (o.json) out(JSON.stringify(checkJson(c)));
    else out(formatCheck(c, session.verbose));
    if (!c.ok) err(`replay: ${c.failure?.replay}`);
    if (o.junit !== undefined) err(`junit: ${o.junit}`);
    return c.ok ? 0 : 1;
  }

  const { checkPassed, junitXml } = await import('../reports/junit.ts');
  const checks: JunitCheck[] = [];
  for (const scenario of BUILTIN_SCENARIOS) {
    const onProgress = progress(bar, scenario.name.padEnd(24));
    const t0 = performance.now();
    const c = checkScenario(scenario, { ...options, ...(onProgress === undefined ? {} : { onProgress }) });
    onProgress?.end();
    checks.push({
      scenario,
      check: c,
      mode: scenario.expectFailure ? 'expect-bug' : 'plain',
      command: checkCommandLine(scenario.name, { ...o, param: [] }, seed),
      seconds: (performance.now() - t0) / 1000,
    });
  }
  if (o.junit !== undefined) writeFileAtomic(o.junit, junitXml(checks), 'the JUnit report');
  const failed = checks.filter((j) => !checkPassed(j));
  if (o.json) {
    out(
      JSON.stringify({
        seed,
        strategy: o.strategy,
        runs: o.runs,
        ok: failed.length === 0,
        checks: checks.map((j) => ({
          scenario: j.scenario.name,
          expectFailure: j.scenario.expectFailure === true,
          pass: checkPassed(j),
          check: checkJson(j.check),
        })),
      }),
    );
  } else {
    out(`check --all: strategy ${o.strategy}, seed ${seed}, up to ${o.runs ?? DEFAULT_RUNS} runs per scenario`);
    out(
      table(
        ['scenario', 'expected', 'result', 'runs', 'wall time', ''],
        checks.map((j) => [
          j.scenario.name,
          j.mode === 'expect-bug' ? 'bug found' : 'ok',
          j.check.ok ? 'ok' : `failed: ${j.check.failure?.verdict.kind}`,
          String(j.check.runs),
          `${(j.seconds * 1000).toFixed(0)} ms`,
          checkPassed(j) ? 'pass' : 'FAIL',
        ]),
      ),
    );
    out(
      failed.length === 0
        ? `\nall ${checks.length} scenarios behaved as expected`
        : `\n${failed.length} of ${checks.length} scenarios did not`,
    );
  }
  for (const j of failed) {
    err(
      j.check.failure
        ? `${j.scenario.name}: replay: ${j.check.failure.replay}`
        : `${j.scenario.name}: bug not found; repeat: ${j.command}`,
    );
  }
  if (o.junit !== undefined) err(`junit: ${o.junit}`);
  return failed.length === 0 ? 0 : 1;
}

/** A watchdog's probe: reruns explored run `session.probe` of this check alone, traced, to locate a hang. */
function probeRun(
  target: string,
  scenario: AnyScenario,
  options: Parameters<typeof checkInputs>[1] & { strategy: 'pct' | 'random' | 'fifo' },
  o: CheckFlags,
): number {
  const input = checkInputs(scenario, options)[session.probe as number];
  if (input === undefined) return 0;
  const maxSteps = o.maxSteps ?? CHECK_MAX_STEPS;
  const run = { seed: input.seed, strategy: options.strategy, params: input.params, maxSteps };
  announce(target, scenario, { ...run, ...(o.depth === undefined ? {} : { depth: o.depth }) });
  if (session.progress !== null) watchEveryRun({ listener: session.progress.listener() });
  runScenario(scenario, { ...run, ...(o.depth === undefined ? {} : { depth: o.depth }), hash: false });
  return 0;
}

type ParamDocs = Record<string, { default: unknown; doc: string; describe(): string }>;

function listCommand(o: { json?: boolean }): void {
  if (o.json) {
    out(
      JSON.stringify(
        BUILTIN_SCENARIOS.map((s) => ({
          name: s.name,
          summary: s.summary,
          expectFailure: s.expectFailure === true,
          params: Object.fromEntries(
            Object.entries(s.params as ParamDocs).map(([k, v]) => [
              k,
              { default: v.default, accepted: v.describe(), doc: v.doc },
            ]),
          ),
          invariants: (s.invariants ?? []).map((i) => ({ name: i.name, statement: i.statement })),
        })),
      ),
    );
    return;
  }
  for (const s of BUILTIN_SCENARIOS) {
    out(`${s.name}${s.expectFailure ? '  [known bug: check must find it]' : ''}`);
    out(`    ${s.summary}`);
    for (const [k, v] of Object.entries(s.params as ParamDocs)) {
      out(`    --param ${k}=${v.default === null ? 'none' : String(v.default)}    ${v.doc} (${v.describe()})`);
    }
    for (const i of s.invariants ?? []) out(`    invariant ${i.name}: ${i.statement}`);
    out('');
  }
}

function mergeCommand(files: string[], o: { json?: boolean }): number {
  const reports = files.map((f) => readShardReport(f));
  checkCampaign(files, reports);
  const m: CampaignReport = mergeShards(reports);
  if (o.json) out(JSON.stringify(checkJson(m)));
  else out(formatCheck(m, session.verbose));
  if (!m.ok) err(`replay: ${m.failure?.replay}`);
  return m.ok ? 0 : 1;
}

async function reportCommand(
  suites: readonly AnySuite[],
  name: string,
  o: { out: string; param: string[]; seeds?: number },
): Promise<void> {
  const suite = suites.find((x) => x.name === name);
  if (suite === undefined) {
    throw new UsageFailure(`unknown suite '${name}': available are ${suites.map((x) => x.name).join(', ')}`);
  }
  const given = parseParamArgs(`suite ${suite.name}`, suite.params, o.param);
  const params = resolveParams(`suite ${suite.name}`, suite.params, given) as Record<string, unknown>;
  const seeds = o.seeds ?? suite.defaultSeeds;
  const { ensureDir, writeIndex, writeReport } = await import('../reports/write.ts');
  const { suiteCommand } = await import('../reports/suites/suite.ts');
  ensureDir(o.out);
  const t0 = performance.now();
  const onProgress = progress(showProgress(false));
  const command = suiteCommand(suite, params, seeds);
  const results = suite.run({ params, seeds, command, ...(onProgress === undefined ? {} : { onProgress }) });
  const doc = suite.report(results);
  const files = writeReport(o.out, doc);
  const index = writeIndex(o.out, CONCSIM_VERSION);
  out(`${doc.title}`);
  for (const h of doc.headline) out(`  - ${h}`);
  out(`wrote ${files.html}, ${files.markdown} and ${index}`);
  err(`report ${suite.name}: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const costsOpt = () =>
  new Option(
    '--costs <name|file>',
    'cost profile: ideal, calibrated, or a JSON file from concsim calibrate (default: $CONCSIM_COSTS, else ideal for run/check/replay and calibrated for reports)',
  );
const coresOpt = () => new Option('--cores <n>', 'simulated CPU cores (default: $CONCSIM_CORES, else the scenario’s)');

/** A profile file's absolute path (for worker threads in another directory); a built-in name as is. */
function resolveFile(nameOrFile: string): string {
  return existsSync(nameOrFile) ? resolve(nameOrFile) : nameOrFile;
}

/** Applies `--costs`/`--cores` for this command and any worker it starts; a bad one is a usage error. */
function useProfile(o: { costs?: string; cores?: string }): void {
  if (o.costs === undefined && o.cores === undefined) return;
  const cores = o.cores === undefined ? activeCores() : parseCores(o.cores, '--cores');
  const profile = o.costs === undefined ? chosenProfile() : loadProfile(o.costs);
  setActiveProfile(profile, cores);
  if (profile !== null) process.env['CONCSIM_COSTS'] = resolveFile(profile.name);
  if (o.cores !== undefined) process.env['CONCSIM_CORES'] = String(cores);
}

/** The command tree; `suites` are loaded only for `report` (their modules take a while to load). */
function program(suites: readonly AnySuite[] | null, exit: (code: number) => void): Command {
  const p = new Command('concsim')
    .description('A deterministic simulator of Python concurrency in virtual time.')
    .version(CONCSIM_VERSION)
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()), outputError: () => {} });

  const seedOpt = () => new Option('--seed <n>', 'seed of the run (integer 0..2^32-1)').argParser(parseSeed);
  const preemptOpt = () =>
    new Option(
      '--preempt <mode>',
      'a .py file: where threads may be preempted, at every eval-breaker check (breaker, the default) or at blocking calls only (blocking)',
    ).argParser(parsePreempt);
  // --costs and --cores hold for the whole command (runner/profile.ts); the environment
  // carries them to check's worker threads.
  p.hook('preAction', (_p, action) => useProfile(action.opts()));
  const paramOpt = () =>
    new Option('--param <key=value>', 'set a scenario parameter (repeatable)').argParser(collect).default([]);
  const timeoutOpt = () =>
    new Option(
      '--timeout <seconds>',
      'wall-clock seconds a scenario may go without reaching a scheduling point (check: a run may take) before it is ended as a hang; 0: never',
    )
      .argParser(parseTimeout)
      .default(DEFAULT_TIMEOUT);

  p.command('list')
    .description('list the built-in scenarios with their parameters and invariants')
    .option('--json', 'print JSON')
    .action(listCommand);

  p.command('run')
    .description('run a scenario once')
    .argument('<scenario>', 'a built-in scenario name or a path to a .ts file')
    .addOption(seedOpt().default(0))
    .addOption(
      new Option(
        '--strategy <name>',
        'scheduling strategy: fifo, random or pct (default: random; a .py file: the non-preemptive schedule python3 follows)',
      ).argParser(parseStrategy(['fifo', 'random', 'pct'] as const)),
    )
    .addOption(
      new Option('--depth <d>', 'pct: bug depth (priority-change points + 1)').argParser(
        parsePositiveInt('--depth', 100),
      ),
    )
    .addOption(paramOpt())
    .addOption(new Option('--max-steps <n>', 'step budget').argParser(parsePositiveInt('--max-steps', 1e12)))
    .option('--log', 'print a readable trace of the run (to stderr under --json)')
    .option('--json', 'print one JSON object')
    .option('--trace <file>', 'write the run as Chrome Trace Event JSON, to open in Perfetto UI (ui.perfetto.dev)')
    .addOption(costsOpt())
    .addOption(coresOpt())
    .addOption(timeoutOpt())
    .addOption(preemptOpt())
    .action(async (target: string, o: RunFlags) => exit(await runCommand(target, o, false)));

  p.command('replay')
    .description('rerun one recorded schedule exactly')
    .argument('<scenario>', 'a built-in scenario name or a path to a .ts file')
    .addOption(seedOpt().makeOptionMandatory())
    .addOption(new Option('--choices <list>', 'the recorded choices (e.g. 0*12,1,0)').makeOptionMandatory())
    .addOption(paramOpt())
    .addOption(new Option('--max-steps <n>', 'step budget').argParser(parsePositiveInt('--max-steps', 1e12)))
    .option('--log', 'print a readable trace of the run, each decision annotated (to stderr under --json)')
    .option('--explain', 'list each decision: the choice, the thread chosen, and whether it preempted')
    .option('--json', 'print one JSON object')
    .option('--trace <file>', 'write the run as Chrome Trace Event JSON, to open in Perfetto UI (ui.perfetto.dev)')
    .addOption(costsOpt())
    .addOption(coresOpt())
    .addOption(timeoutOpt())
    .addOption(preemptOpt())
    .action(async (target: string, o: RunFlags) => exit(await runCommand(target, o, true)));

  p.command('check')
    .description('explore many schedules and parameters; shrink and print the first failure')
    .argument('[scenario]', 'a built-in scenario name or a path to a .ts file (or --all)')
    .option('--all', 'check every built-in scenario; a known bug (expectFailure) passes when the check finds it')
    .addOption(
      new Option('--runs <n>', 'runs to explore (default 1000; dfs: the schedule budget, default 100000)').argParser(
        parsePositiveInt('--runs', 1e9),
      ),
    )
    .addOption(
      new Option(
        '--strategy <name>',
        'portfolio (random, pct at depths 1-3 and dfs, interleaved), random, pct, fifo, or dfs (systematic)',
      )
        .argParser(parseStrategy(CHECK_STRATEGIES))
        .default('portfolio'),
    )
    .addOption(new Option('--depth <d>', 'pct: bug depth').argParser(parsePositiveInt('--depth', 100)))
    .addOption(
      new Option('--pct-steps <n>', 'pct: decisions to spread the change points over (default: estimated)').argParser(
        parsePositiveInt('--pct-steps', 1e9),
      ),
    )
    .addOption(
      new Option('--preemptions <k>', 'dfs: explore every schedule with up to k preemptions (default 2)').argParser(
        parseNatural('--preemptions', 100),
      ),
    )
    .addOption(seedOpt())
    .addOption(paramOpt())
    .addOption(new Option('--max-steps <n>', 'step budget per run').argParser(parsePositiveInt('--max-steps', 1e12)))
    .option('--json', 'print one JSON object')
    .option(
      '--junit <file>',
      'also write JUnit XML: one test case per scenario and invariant, the replay command in each failure',
    )
    .addOption(
      new Option(
        '--workers [n]',
        'spread the runs over n threads, the main one and n-1 workers (default: one per core); same result as one',
      ).argParser(parsePositiveInt('--workers', 256)),
    )
    .addOption(
      new Option(
        '--shard <i/n>',
        'explore only the i-th of n slices of the runs (merge the JSON reports with `concsim merge`)',
      ).argParser(parseShard),
    )
    .addOption(costsOpt())
    .addOption(coresOpt())
    .addOption(timeoutOpt())
    .addOption(preemptOpt())
    .action(async (target: string | undefined, o: CheckFlags) => exit(await checkCommand(target, o)));

  p.command('merge')
    .description(
      "combine the --json reports of every shard of a check (same scenario, seed, strategy and runs, each slice once): the failure with the lowest run index is the campaign's",
    )
    .argument('<files...>', "the shards' JSON reports")
    .option('--json', 'print one JSON object')
    .action((files: string[], o: { json?: boolean }) => exit(mergeCommand(files, o)));

  p.command('report')
    .description(
      `run a suite of scenario variants over several seeds and write an HTML report and its Markdown twin${suites === null ? ' (`concsim report --help` lists the suites)' : ` (suites: ${suites.map((x) => x.name).join(', ')})`}`,
    )
    .argument('<suite>', suites === null ? 'a suite' : suites.map((x) => `${x.name}: ${x.summary}`).join('; '))
    .option('--out <dir>', 'directory for <suite>.html, <suite>.md and index.html', 'reports/out')
    .addOption(new Option('--param <key=value>', 'set a suite parameter (repeatable)').argParser(collect).default([]))
    .addOption(
      new Option('--seeds <n>', "seeds per variant (default: the suite's)").argParser(
        parsePositiveInt('--seeds', 100_000),
      ),
    )
    .addOption(costsOpt())
    .addOption(coresOpt())
    .action((name: string, o: { out: string; param: string[]; seeds?: number }) =>
      reportCommand(suites ?? [], name, o),
    );

  p.command('calibrate')
    .description('measure the cost model on this machine with the local CPython and write a profile for --costs')
    .option('--python <path>', 'the CPython to measure', 'python3')
    .option(
      '--gevent-python <path>',
      'the CPython for the gevent benchmark (default: --python; skipped without gevent)',
    )
    .addOption(
      new Option('--repeats <n>', 'runs of each benchmark').argParser(parsePositiveInt('--repeats', 1000)).default(5),
    )
    .option('--scale <x>', 'multiplies the iteration counts (0.1 for a quick try)', '1')
    .option('--only <names>', 'comma-separated benchmarks to run (default: all)')
    .option('--out <file>', 'where to write the profile', 'concsim-costs.json')
    .action((o: CalibrateFlags) => exit(calibrateCommand(o, out, err)));

  p.command('tour')
    .description(
      'run every built-in scenario once, print a summary table, and build every report suite at a small size with an index (npm start)',
    )
    .option('--out <dir>', 'directory for the reports and index.html', 'reports/out')
    .option('--json', 'print JSON')
    .addOption(costsOpt())
    .addOption(coresOpt())
    .action(async (o: { json?: boolean; out: string }) => {
      const { runTour } = await import('./tour.ts');
      const bar = showProgress(o.json);
      exit(runTour({ ...o, progress: (label) => progress(bar, label) }, out));
    });

  return p;
}

/** The errors a user can cause, reported in one line with exit code 2. */
function usageMessage(e: unknown): string | null {
  if (
    e instanceof UsageFailure ||
    e instanceof ParamError ||
    e instanceof LoadError ||
    e instanceof OutputError ||
    e instanceof ProfileError ||
    e instanceof CalibrateError
  ) {
    return e.message;
  }
  return null;
}

/**
 * Runs the command line `argv` (without `node concsim`); resolves to the exit code: 0, 1
 * or 2. `--verbose`, anywhere, adds concsim's own stack frames to exceptions and errors.
 */
export async function main(argv: readonly string[], io: Io = processIo, o: MainOptions = {}): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  return execute({ argv: args, io, verbose, watchdog: o.watchdog ?? true, progress: null });
}

/** In a watchdog's worker: the same command, writing straight to the file descriptors. */
export async function workerMain(job: WorkerJob): Promise<number> {
  const verbose = job.argv.includes('--verbose');
  const progress = new Progress(job.progress);
  // The watchdog's clock starts here, so loading tsx for a user's file is not counted as the scenario's time.
  if (job.argv.slice(1).some((a) => !a.startsWith('-') && looksLikePath(a))) await ensureLoaders();
  progress.beat();
  return execute({
    argv: job.argv.filter((a) => a !== '--verbose'),
    io: { out: (s) => writeNow(1, `${s}\n`), err: (s) => writeNow(2, `${s}\n`) },
    verbose,
    watchdog: false,
    progress,
    ...(job.probe === undefined ? {} : { probe: job.probe }),
  });
}

async function execute(s: Session): Promise<number> {
  // `--costs`/`--cores` hold for one command: a test's next `main()` starts from the environment's again.
  const env = { costs: process.env['CONCSIM_COSTS'], cores: process.env['CONCSIM_CORES'] };
  setActiveProfile(null);
  try {
    return await executeCommand(s);
  } finally {
    setActiveProfile(null);
    restoreEnv('CONCSIM_COSTS', env.costs);
    restoreEnv('CONCSIM_CORES', env.cores);
  }
}

function restoreEnv(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

async function executeCommand(s: Session): Promise<number> {
  session = s;
  const argv = s.argv;
  let code = 0;
  try {
    const suites = argv[0] === 'report' ? (await import('../reports/suites/index.ts')).SUITES : null;
    const p = program(suites, (c) => {
      code = c;
    });
    if (argv.length === 0) {
      p.outputHelp();
      return 0;
    }
    const sub = p.commands.find((c) => c.name() === argv[0]);
    try {
      if (sub !== undefined) checkOptionValues(sub, argv.slice(1));
      await p.parseAsync(argv, { from: 'user' });
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
          return 0;
        }
        const cause = e.cause instanceof UsageFailure ? e.cause.message : e.message.replace(/^error: /, '');
        err(`concsim: ${oneLine(cause)} (see concsim ${sub ? `${sub.name()} ` : ''}--help)`);
        return 2;
      }
      throw e;
    }
    return code;
  } catch (e) {
    // A .py syntax error is printed in CPython's own form, on several lines.
    if ((e as { syntax?: boolean }).syntax === true) {
      err((e as Error).message.replace(/\n$/, ''));
      return 2;
    }
    const usage = usageMessage(e);
    if (usage !== null) {
      err(`concsim: ${oneLine(usage)}`);
      return 2;
    }
    // The scenario's worker died under it: a run failure, told in one line.
    const code = (e as { code?: string }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      err('concsim: the scenario ran out of memory (its worker reached the JavaScript heap limit)');
      return 1;
    }
    if (code === 'ERR_CONCSIM_WORKER_EXIT') {
      err(`concsim: ${(e as Error).message}`);
      return 1;
    }
    const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    err(`concsim: internal error: ${oneLine(m)} (please report it, with the command that caused it)`);
    if (session.verbose && e instanceof Error && e.stack) err(e.stack);
    return 2;
  }
}

function oneLine(s: string): string {
  return s.split('\n')[0] as string;
}
