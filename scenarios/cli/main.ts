/**
 * The `concsim` command line: list, run, check, replay, and the tour (`npm start`).
 * stdout carries results (exactly one JSON document under --json); stderr carries the
 * replay hint, progress and errors. Exit codes: 0 ok, 1 a run failed or a property was
 * violated, 2 a usage error, reported in one line.
 */
import { performance } from 'node:perf_hooks';
import { Command, CommanderError, Option } from 'commander';
import { decodeChoices, type StrategyName } from '../../engine/index.ts';
import { findSuite, SUITES } from '../../reports/suites/index.ts';
import { suiteCommand } from '../../reports/suites/suite.ts';
import { serializeChromeTrace, toChromeTrace } from '../../reports/trace/chrome.ts';
import { TraceRecorder } from '../../reports/trace/collect.ts';
import { CONCSIM_VERSION } from '../../reports/version.ts';
import {
  checkWritableFile,
  ensureDir,
  OutputError,
  writeFileAtomic,
  writeIndex,
  writeReport,
} from '../../reports/write.ts';
import { type CheckReport, checkScenario } from '../check.ts';
import { formatCheck, formatRun, logPrinter } from '../format.ts';
import { ParamError, parseParamArgs, resolveParams } from '../params.ts';
import { BUILTIN_SCENARIOS } from '../registry.ts';
import { type RunReport, runScenario } from '../run.ts';
import type { AnyScenario } from '../scenario.ts';
import { loadScenario } from './load.ts';
import { runTour } from './tour.ts';
import { parsePositiveInt, parseSeed, parseStrategy, UsageFailure } from './usage.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

const collect = (v: string, prev: string[]) => [...prev, v];

function paramsOf(s: AnyScenario, args: readonly string[]): Record<string, unknown> {
  return parseParamArgs(s.name, s.params, args) as Record<string, unknown>;
}

function reportJson(r: RunReport): Record<string, unknown> {
  return { ...r };
}

function showRun(r: RunReport, o: { json?: boolean }): number {
  if (o.json) out(JSON.stringify(reportJson(r)));
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

function progress(enabled: boolean): ((done: number, total: number) => void) | undefined {
  if (!enabled) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const fill = Math.round((width * done) / total);
    process.stderr.write(
      `\r[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${done}/${total}${done === total ? '\n' : ''}`,
    );
  };
}

function showProgress(json: boolean | undefined): boolean {
  return !json && process.stderr.isTTY === true && !process.env['CI'];
}

function program(): Command {
  const p = new Command('concsim')
    .description('A deterministic simulator of Python concurrency in virtual time.')
    .version(CONCSIM_VERSION)
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });

  const seedOpt = () => new Option('--seed <n>', 'seed of the run (integer 0..2^32-1)').argParser(parseSeed);
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
    .action(async (target: string, o: RunFlags) => {
      process.exitCode = await runCommand(target, o, true);
    });

  p.command('check')
    .description('explore many schedules and parameters; shrink and print the first failure')
    .argument('<scenario>', 'a built-in scenario name or a path to a .ts file')
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
    .action(
      async (
        target: string,
        o: {
          runs: number;
          strategy: 'pct' | 'random' | 'fifo';
          depth?: number;
          seed?: number;
          param: string[];
          maxSteps?: number;
          json?: boolean;
        },
      ) => {
        const { scenario, source } = await loadScenario(target);
        const params = paramsOf(scenario, o.param);
        // An unseeded check explores afresh each time; the seed it used is printed to repeat it.
        const seed = o.seed ?? Math.floor(Math.random() * 2 ** 32);
        const onProgress = progress(showProgress(o.json));
        const c: CheckReport = checkScenario(scenario, {
          runs: o.runs,
          strategy: o.strategy,
          seed,
          params,
          ...(o.depth === undefined ? {} : { depth: o.depth }),
          ...(o.maxSteps === undefined ? {} : { maxSteps: o.maxSteps }),
          ...(source === undefined ? {} : { source }),
          ...(onProgress === undefined ? {} : { onProgress }),
        });
        if (o.json) out(JSON.stringify(c));
        else out(formatCheck(c));
        if (!c.ok) err(`replay: ${c.failure?.replay}`);
        process.exitCode = c.ok ? 0 : 1;
      },
    );

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

  p.command('tour')
    .description('run every built-in scenario once and print a summary table (npm start)')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      process.exitCode = runTour(o, out);
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
    if (e instanceof UsageFailure || e instanceof ParamError || e instanceof OutputError) {
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
