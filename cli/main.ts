/**
 * The `concsim` command line: list, run, check, replay, and the tour (`npm start`).
 * stdout carries results (exactly one JSON document under --json); stderr carries the
 * replay hint, progress and errors. Exit codes: 0 ok, 1 a run failed or a property was
 * violated, 2 a usage error, reported in one line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, CommanderError, Option } from 'commander';
import { decodeChoices, type StrategyName } from '../engine/index.ts';
import { checkPassed, type JunitCheck, junitXml } from '../reports/junit.ts';
import { findSuite, SUITES } from '../reports/suites/index.ts';
import { suiteCommand } from '../reports/suites/suite.ts';
import { serializeChromeTrace, toChromeTrace } from '../reports/trace/chrome.ts';
import { TraceRecorder } from '../reports/trace/collect.ts';
import { CONCSIM_VERSION } from '../reports/version.ts';
import {
  checkWritableFile,
  ensureDir,
  OutputError,
  writeFileAtomic,
  writeIndex,
  writeReport,
} from '../reports/write.ts';
import { type CampaignReport, mergeShards, runCampaign, type Shard } from '../runner/campaign.ts';
import { type CheckReport, checkScenario } from '../runner/check.ts';
import { formatCheck, formatRun, logPrinter, table } from '../runner/format.ts';
import { LoadError } from '../runner/load.ts';
import { ParamError, parseParamArgs, resolveParams } from '../runner/params.ts';
import {
  activeCores,
  chosenProfile,
  loadProfile,
  ProfileError,
  parseCores,
  setActiveProfile,
} from '../runner/profile.ts';
import { quote, type RunReport, runScenario } from '../runner/run.ts';
import type { AnyScenario } from '../runner/scenario.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { type CalibrateFlags, calibrateCommand } from './calibrate.ts';
import { loadScenario } from './load.ts';
import { progressBar as progress, showProgress } from './progress.ts';
import { runTour } from './tour.ts';
import { parsePositiveInt, parseSeed, parseStrategy, UsageFailure } from './usage.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

const collect = (v: string, prev: string[]) => [...prev, v];

function paramsOf(s: AnyScenario, args: readonly string[]): Record<string, unknown> {
  return parseParamArgs(s.name, s.params, args) as Record<string, unknown>;
}

function showRun(r: RunReport, o: { json?: boolean }): number {
  if (o.json) out(JSON.stringify(r));
  else out(formatRun(r));
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
}

async function runCommand(target: string, o: RunFlags, replay: boolean): Promise<number> {
  const { scenario, source } = await loadScenario(target);
  const params = paramsOf(scenario, o.param);
  let choices: number[] | undefined;
  if (replay) {
    try {
      choices = decodeChoices(o.choices ?? '');
    } catch (e) {
      throw new UsageFailure((e as Error).message);
    }
  }
  if (o.trace !== undefined) checkWritableFile(o.trace, 'the trace');
  const log = o.log ? logPrinter(out) : null;
  const rec = o.trace === undefined ? null : new TraceRecorder();
  const listeners = [...(log === null ? [] : [log.listener]), ...(rec === null ? [] : [rec.listener])];
  const r = runScenario(scenario, {
    seed: o.seed,
    strategy: replay ? 'replay' : (o.strategy ?? 'random'),
    params,
    ...(o.depth === undefined ? {} : { depth: o.depth }),
    ...(choices === undefined ? {} : { choices }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
    ...(source === undefined ? {} : { source }),
    ...(listeners.length === 0 ? {} : { listeners }),
  });
  if (rec !== null && o.trace !== undefined) {
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
    err(
      `trace: ${trace.traceEvents.length} events written to ${o.trace} (open it in ui.perfetto.dev or chrome://tracing)`,
    );
  }
  return showRun(r, o);
}

interface CheckFlags {
  all?: boolean;
  runs: number;
  strategy: 'pct' | 'random' | 'fifo';
  depth?: number;
  seed?: number;
  param: string[];
  maxSteps?: number;
  json?: boolean;
  junit?: string;
  workers?: number | true;
  shard?: Shard;
}

function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : 0;
  const count = m ? Number(m[2]) : 0;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageFailure(`invalid --shard '${text}': expected i/n with 1 <= i <= n, e.g. 2/4`);
  }
  return { index, count };
}

function readShardReport(file: string): CampaignReport {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageFailure(`cannot read shard report '${file}': ${(e as Error).message.split('\n')[0]}`);
  }
  const r = data as Partial<CampaignReport>;
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean' || typeof r.explored !== 'number') {
    throw new UsageFailure(`'${file}' is not the --json report of a sharded check (concsim check --shard i/n --json)`);
  }
  return r as CampaignReport;
}

/** `concsim check <target> --runs N --strategy S --seed X ...`: the command that repeats a check. */
function checkCommandLine(
  target: string,
  o: Pick<CheckFlags, 'runs' | 'strategy' | 'depth' | 'maxSteps' | 'param'>,
  seed: number,
): string {
  return [
    'concsim check',
    quote(target),
    `--runs ${o.runs}`,
    `--strategy ${o.strategy}`,
    ...(o.depth === undefined ? [] : [`--depth ${o.depth}`]),
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
  // An unseeded check explores afresh each time; the seed it used is printed to repeat it.
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 32);
  const bar = showProgress(o.json);
  const options = {
    runs: o.runs,
    strategy: o.strategy,
    seed,
    ...(o.depth === undefined ? {} : { depth: o.depth }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
  };

  if (!o.all) {
    const { scenario, source, ref } = await loadScenario(target as string);
    const params = paramsOf(scenario, o.param);
    const onProgress = progress(bar);
    const t0 = performance.now();
    const checkOptions = {
      ...options,
      params,
      ...(source === undefined ? {} : { source }),
      ...(onProgress === undefined ? {} : { onProgress }),
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
      const j: JunitCheck = {
        scenario,
        check: c,
        mode: 'plain',
        command: checkCommandLine(target as string, o, seed),
        seconds: (performance.now() - t0) / 1000,
      };
      writeFileAtomic(o.junit, junitXml([j]), 'the JUnit report');
    }
    if (o.json) out(JSON.stringify(c));
    else out(formatCheck(c));
    if (!c.ok) err(`replay: ${c.failure?.replay}`);
    if (o.junit !== undefined) err(`junit: ${o.junit}`);
    return c.ok ? 0 : 1;
  }

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
          check: j.check,
        })),
      }),
    );
  } else {
    out(`check --all: strategy ${o.strategy}, seed ${seed}, up to ${o.runs} runs per scenario`);
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

const costsOpt = () =>
  new Option(
    '--costs <name|file>',
    'cost profile: ideal, calibrated, or a JSON file from concsim calibrate (default: $CONCSIM_COSTS, else ideal for run/check/replay and calibrated for reports)',
  );
const coresOpt = () => new Option('--cores <n>', 'simulated CPU cores (default: $CONCSIM_CORES, else the scenario’s)');

/** Applies `--costs`/`--cores` for this command and any worker it starts; a bad one is a usage error. */
/** A profile file's absolute path (for worker threads in another directory); a built-in name as is. */
function resolveFile(nameOrFile: string): string {
  return existsSync(nameOrFile) ? resolve(nameOrFile) : nameOrFile;
}

function useProfile(o: { costs?: string; cores?: string }): void {
  if (o.costs === undefined && o.cores === undefined) return;
  const cores = o.cores === undefined ? activeCores() : parseCores(o.cores, '--cores');
  const profile = o.costs === undefined ? chosenProfile() : loadProfile(o.costs);
  setActiveProfile(profile, cores);
  if (profile !== null) process.env['CONCSIM_COSTS'] = resolveFile(profile.name);
  if (o.cores !== undefined) process.env['CONCSIM_CORES'] = String(cores);
}

function program(): Command {
  const p = new Command('concsim')
    .description('A deterministic simulator of Python concurrency in virtual time.')
    .version(CONCSIM_VERSION)
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });

  const seedOpt = () => new Option('--seed <n>', 'seed of the run (integer 0..2^32-1)').argParser(parseSeed);
  // --costs and --cores hold for the whole command (runner/profile.ts); the environment
  // carries them to check's worker threads.
  p.hook('preAction', (_p, action) => useProfile(action.opts()));
  const paramOpt = () =>
    new Option('--param <key=value>', 'set a scenario parameter (repeatable)').argParser(collect).default([]);

  p.command('list')
    .description('list the built-in scenarios with their parameters and invariants')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      if (o.json) {
        out(
          JSON.stringify(
            BUILTIN_SCENARIOS.map((s) => ({
              name: s.name,
              summary: s.summary,
              expectFailure: s.expectFailure === true,
              params: Object.fromEntries(
                Object.entries(s.params as Record<string, { default: unknown; doc: string; describe(): string }>).map(
                  ([k, v]) => [k, { default: v.default, accepted: v.describe(), doc: v.doc }],
                ),
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
        for (const [k, v] of Object.entries(
          s.params as Record<string, { default: unknown; doc: string; describe(): string }>,
        )) {
          out(`    --param ${k}=${v.default === null ? 'none' : String(v.default)}    ${v.doc} (${v.describe()})`);
        }
        for (const i of s.invariants ?? []) out(`    invariant ${i.name}: ${i.statement}`);
        out('');
      }
    });

  p.command('run')
    .description('run a scenario once')
    .argument('<scenario>', 'a built-in scenario name or a path to a .ts file')
    .addOption(seedOpt().default(0))
    .addOption(
      new Option('--strategy <name>', 'scheduling strategy: fifo, random or pct')
        .argParser(parseStrategy(['fifo', 'random', 'pct'] as const))
        .default('random'),
    )
    .addOption(
      new Option('--depth <d>', 'pct: bug depth (priority-change points + 1)').argParser(
        parsePositiveInt('--depth', 100),
      ),
    )
    .addOption(paramOpt())
    .addOption(new Option('--max-steps <n>', 'step budget').argParser(parsePositiveInt('--max-steps', 1e12)))
    .option('--log', 'print a readable trace of the run')
    .option('--json', 'print one JSON object')
    .option('--trace <file>', 'write the run as Chrome Trace Event JSON (Perfetto UI, chrome://tracing)')
    .addOption(costsOpt())
    .addOption(coresOpt())
    .action(async (target: string, o: RunFlags) => {
      process.exitCode = await runCommand(target, o, false);
    });

  p.command('replay')
    .description('rerun one recorded schedule exactly')
    .argument('<scenario>', 'a built-in scenario name or a path to a .ts file')
    .addOption(seedOpt().makeOptionMandatory())
    .addOption(new Option('--choices <list>', 'the recorded choices (e.g. 0*12,1,0)').makeOptionMandatory())
    .addOption(paramOpt())
    .addOption(new Option('--max-steps <n>', 'step budget').argParser(parsePositiveInt('--max-steps', 1e12)))
    .option('--log', 'print a readable trace of the run')
    .option('--json', 'print one JSON object')
    .option('--trace <file>', 'write the run as Chrome Trace Event JSON (Perfetto UI, chrome://tracing)')
    .addOption(costsOpt())
    .addOption(coresOpt())
    .action(async (target: string, o: RunFlags) => {
      process.exitCode = await runCommand(target, o, true);
    });

  p.command('check')
    .description('explore many schedules and parameters; shrink and print the first failure')
    .argument('[scenario]', 'a built-in scenario name or a path to a .ts file (or --all)')
    .option('--all', 'check every built-in scenario; a known bug (expectFailure) passes when the check finds it')
    .addOption(new Option('--runs <n>', 'runs to explore').argParser(parsePositiveInt('--runs', 1e9)).default(1000))
    .addOption(
      new Option('--strategy <name>', 'scheduling strategy: random, pct or fifo')
        .argParser(parseStrategy(['pct', 'random', 'fifo'] as const))
        .default('pct'),
    )
    .addOption(new Option('--depth <d>', 'pct: bug depth').argParser(parsePositiveInt('--depth', 100)))
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
    .action(async (target: string | undefined, o: CheckFlags) => {
      process.exitCode = await checkCommand(target, o);
    });

  p.command('merge')
    .description(
      "combine the --json reports of a sharded check: the failure with the lowest run index is the campaign's",
    )
    .argument('<files...>', "the shards' JSON reports")
    .option('--json', 'print one JSON object')
    .action((files: string[], o: { json?: boolean }) => {
      const reports = files.map((f) => readShardReport(f));
      const m = mergeShards(reports);
      if (o.json) out(JSON.stringify(m));
      else out(formatCheck(m));
      if (!m.ok) err(`replay: ${m.failure?.replay}`);
      process.exitCode = m.ok ? 0 : 1;
    });

  p.command('report')
    .description(
      `run a suite of scenario variants over several seeds and write an HTML report and its Markdown twin (suites: ${SUITES.map((x) => x.name).join(', ')})`,
    )
    .argument('<suite>', SUITES.map((x) => `${x.name}: ${x.summary}`).join('; '))
    .option('--out <dir>', 'directory for <suite>.html, <suite>.md and index.html', 'reports/out')
    .addOption(new Option('--param <key=value>', 'set a suite parameter (repeatable)').argParser(collect).default([]))
    .addOption(
      new Option('--seeds <n>', "seeds per variant (default: the suite's)").argParser(
        parsePositiveInt('--seeds', 100_000),
      ),
    )
    .addOption(costsOpt())
    .addOption(coresOpt())
    .action((name: string, o: { out: string; param: string[]; seeds?: number }) => {
      const suite = findSuite(name);
      if (suite === undefined) {
        throw new UsageFailure(`unknown suite '${name}': available are ${SUITES.map((x) => x.name).join(', ')}`);
      }
      const given = parseParamArgs(`suite ${suite.name}`, suite.params, o.param);
      const params = resolveParams(`suite ${suite.name}`, suite.params, given) as Record<string, unknown>;
      const seeds = o.seeds ?? suite.defaultSeeds;
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
    });

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
    .action((o: CalibrateFlags) => {
      process.exitCode = calibrateCommand(o, out, err);
    });

  p.command('tour')
    .description(
      'run every built-in scenario once, print a summary table, and build every report suite at a small size with an index (npm start)',
    )
    .option('--out <dir>', 'directory for the reports and index.html', 'reports/out')
    .option('--json', 'print JSON')
    .addOption(costsOpt())
    .addOption(coresOpt())
    .action((o: { json?: boolean; out: string }) => {
      const bar = showProgress(o.json);
      process.exitCode = runTour({ ...o, progress: (label) => progress(bar, label) }, out);
    });

  return p;
}

async function main(argv: readonly string[]): Promise<void> {
  const p = program();
  if (argv.length === 0) {
    p.outputHelp();
    return;
  }
  try {
    await p.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        process.exitCode = 0;
        return;
      }
      const cause = e.cause instanceof UsageFailure ? e.cause.message : e.message.replace(/^error: /, '');
      const sub = p.commands.find((c) => c.name() === argv[0]);
      err(`concsim: ${cause} (see concsim ${sub ? `${sub.name()} ` : ''}--help)`);
      process.exitCode = 2;
      return;
    }
    if (
      e instanceof UsageFailure ||
      e instanceof ParamError ||
      e instanceof LoadError ||
      e instanceof OutputError ||
      e instanceof ProfileError
    ) {
      err(`concsim: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    err(`concsim: internal error: ${m.split('\n')[0]} (please report it, with the command that caused it)`);
    process.exitCode = 70;
  }
}

await main(process.argv.slice(2));
