/**
 * `npm run bench`: concsim's benchmark suite, each figure side by side with the yardstick
 * (a bare JavaScript discrete-event kernel, ../shared/yardstick) measured in the same
 * invocation, since absolute rates drift by ±30% between calls on these machines.
 *
 *   npm run bench                      every benchmark, as a table
 *   npm run bench -- churn broadcast   a subset (also: --only churn,broadcast)
 *   npm run bench -- --json            one JSON line per benchmark, then one summary line
 *                                      { node, cores, figures: { <name>: { value, unit } } }
 *   --reps N (3)  --warmup N (2)  --quick (skip the 10^6-thread sizes of memory and scale)
 *   --yardstick DIR (default ../shared/yardstick, or $CONCSIM_YARDSTICK)
 *
 * Each concsim measurement runs in a fresh Node process (reports/bench/child.ts), as each
 * yardstick benchmark does; a figure is the median of `reps` runs after `warmup` runs.
 * Where the yardstick has the same benchmark, the two alternate process by process
 * (concsim, yardstick, concsim, ...), each process warming up then measuring once, so
 * that a busy machine weighs on both alike.
 * These are benchmarks, not tests: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ChildSpec, WorkloadSpec, WorkloadsAnswer } from './child.ts';
import type { MemoryMode, MemoryResult } from './memory.ts';
import { PY_LOOPS, python3Seconds } from './python.ts';
import { formatValue, median, pad } from './stats.ts';
import type { Measure } from './workloads.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

// ---- options ---------------------------------------------------------------------------

interface Options {
  readonly names: readonly string[];
  readonly json: boolean;
  readonly reps: number;
  readonly warmup: number;
  /** Skip the 10^6-thread sizes (they take most of the suite's time and about 1 GiB). */
  readonly quick: boolean;
  readonly yardstick: string | null;
}

function usage(message?: string): never {
  if (message !== undefined) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    `usage: npm run bench -- [${BENCHES.map((b) => b.name).join('|')} ...] [--only a,b] [--json] ` +
      '[--reps N] [--warmup N] [--quick] [--yardstick DIR]\n',
  );
  for (const b of BENCHES) process.stderr.write(`  ${pad(b.name, 12)} ${b.summary}\n`);
  process.exit(message === undefined ? 0 : 2);
}

function parseOptions(argv: readonly string[]): Options {
  const names: string[] = [];
  let json = false;
  let reps = 3;
  // Two warm-up runs: each measured run is a process's third, as the yardstick's own
  // figures are; a second run still pays for collecting the first one's dead threads
  // (at 10^4 threads that doubled its cost).
  let warmup = 2;
  let quick = false;
  let yardstick: string | null = process.env['CONCSIM_YARDSTICK'] ?? path.resolve(root, '../shared/yardstick');
  const int = (v: string | undefined, what: string, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) usage(`${what} needs an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') json = true;
    else if (a === '--quick') quick = true;
    else if (a === '--reps') reps = int(argv[++i], '--reps', 1);
    else if (a === '--warmup') warmup = int(argv[++i], '--warmup', 0);
    else if (a === '--only') names.push(...(argv[++i] ?? '').split(',').filter((s) => s !== ''));
    else if (a === '--yardstick') yardstick = argv[++i] ?? usage('--yardstick needs a directory');
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else names.push(a);
  }
  for (const n of names) if (!BENCHES.some((b) => b.name === n)) usage(`unknown benchmark ${n}`);
  if (yardstick !== null && !existsSync(path.join(yardstick, 'js_bench.mjs'))) yardstick = null;
  return { names, json, reps, warmup, quick, yardstick };
}

// ---- running measurements -----------------------------------------------------------------

/** Wall-clock limit on one measuring process, so that a pathological case cannot hang the suite. */
const CHILD_TIMEOUT_SECONDS = 240;

function runNode(args: readonly string[], what: string): string {
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CHILD_TIMEOUT_SECONDS * 1000,
  });
  if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`${what} took over ${CHILD_TIMEOUT_SECONDS} s and was stopped`);
  }
  if (r.status !== 0) {
    throw new Error(`${what} failed (${r.signal ?? `exit ${r.status}`}):\n${r.stderr.trim()}`);
  }
  const lines = r.stdout.trim().split('\n');
  return lines[lines.length - 1] as string;
}

function child<T>(spec: ChildSpec, flags: readonly string[] = []): T {
  const args = [
    ...flags,
    '--conditions=concsim-source',
    '--import',
    'tsx',
    path.join(here, 'child.ts'),
    JSON.stringify(spec),
  ];
  return JSON.parse(runNode(args, `concsim ${JSON.stringify(spec)}`)) as T;
}

/** A warm-up run slower than this is reported alone, without repetitions. */
const SLOW_SECONDS = 4;
/** Wall-clock seconds after which a broadcast run stops setting the Event. */
const BROADCAST_CAP_SECONDS = 5;

interface RunOptions {
  readonly flags?: readonly string[];
  readonly warmup?: number;
  readonly reps?: number;
}

interface Ctx {
  readonly o: Options;
  /** Notes gathered while a benchmark runs (the harness prints them). */
  readonly notes: string[];
  /** Runs workloads round-robin in one fresh process; the measured runs of each. */
  workloads(w: readonly WorkloadSpec[], ro?: RunOptions): Measure[][];
  /**
   * A workload and its yardstick equivalent (`js_bench.mjs bench ...extra`), measured in
   * alternation: `reps` rounds of one fresh concsim process (warm-up, then one measured
   * run) followed by one yardstick process (likewise), so that both see the same load on
   * a busy machine (`ro.reps` rounds if given). A concsim run too slow to repeat makes a
   * single round.
   */
  paired(
    w: WorkloadSpec,
    bench: string,
    extra?: readonly string[],
    ro?: RunOptions,
  ): { runs: Measure[]; yardstick: number };
  /** A yardstick mem_bench figure: the medians over `reps` fresh processes. */
  yardstickMemory(mode: string, n: number, reps?: number): { heap: number; rss: number };
  concsimMemory(mode: MemoryMode, n: number, reps?: number): { heap: number; rss: number; peak: number };
}

function makeCtx(o: Options): Ctx {
  const memFlags = (n: number) => ['--expose-gc', ...(n > 200_000 ? ['--max-old-space-size=12288'] : [])];
  const notes: string[] = [];

  const runWorkloads = (w: readonly WorkloadSpec[], ro: RunOptions): WorkloadsAnswer => {
    const spec: ChildSpec = {
      kind: 'workloads',
      workloads: w,
      warmup: ro.warmup ?? o.warmup,
      reps: ro.reps ?? o.reps,
      slowSeconds: SLOW_SECONDS,
    };
    const a = child<WorkloadsAnswer>(spec, ro.flags ?? []);
    if (a.cold) {
      const what = w.map((x) => `${x.name} ${JSON.stringify(x.params)}`).join(', ');
      notes.push(`${what}: one cold run reported (the warm-up took over ${SLOW_SECONDS} s)`);
    }
    return a;
  };

  return {
    o,
    notes,
    workloads(w, ro = {}) {
      return runWorkloads(w, ro).runs;
    },
    paired(w, bench, extra = [], ro = {}) {
      const runs: Measure[] = [];
      const rates: number[] = [];
      for (let r = 0; r < (ro.reps ?? o.reps); r++) {
        const a = runWorkloads([w], { ...ro, reps: 1 });
        runs.push(...(a.runs[0] ?? []));
        if (o.yardstick !== null) {
          const args = [path.join(o.yardstick, 'js_bench.mjs'), bench, '--reps', String(o.warmup + 1), ...extra];
          const y = JSON.parse(runNode(args, `yardstick ${bench}`)) as { rates: number[] };
          rates.push(...y.rates.slice(o.warmup));
        }
        if (a.cold) break;
      }
      return { runs, yardstick: median(rates) };
    },
    yardstickMemory(mode, n, reps = o.reps) {
      if (o.yardstick === null) return { heap: Number.NaN, rss: Number.NaN };
      const heap: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < reps; i++) {
        const args = [...memFlags(n), path.join(o.yardstick, 'mem_bench.mjs'), mode, String(n)];
        const r = JSON.parse(runNode(args, `yardstick mem_bench ${mode}`)) as {
          heap_bytes_per_proc: number;
          rss_bytes_per_proc: number;
        };
        heap.push(r.heap_bytes_per_proc);
        rss.push(r.rss_bytes_per_proc);
      }
      return { heap: median(heap), rss: median(rss) };
    },
    concsimMemory(mode, n, reps = o.reps) {
      const rs: MemoryResult[] = [];
      for (let i = 0; i < reps; i++) rs.push(child<MemoryResult>({ kind: 'memory', mode, n }, memFlags(n)));
      return {
        heap: median(rs.map((r) => r.heapBytesPerThread)),
        rss: median(rs.map((r) => r.rssBytesPerThread)),
        peak: median(rs.map((r) => r.rssPeakMiB)),
      };
    },
  };
}

// ---- figures ----------------------------------------------------------------------------------

interface Figure {
  /** Dotted name: the benchmark's headline figure has the benchmark's name. */
  readonly name: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly yardstick?: number;
  /** concsim ÷ yardstick (for `scale`: ratio of the two slowdowns). */
  readonly ratio?: number;
  readonly target?: string;
  readonly holds?: boolean;
}

interface BenchOutput {
  readonly figures: Figure[];
  readonly notes: string[];
}

interface Bench {
  readonly name: string;
  readonly summary: string;
  run(ctx: Ctx): BenchOutput;
}

const rate = (runs: readonly Measure[], pick: (m: Measure) => number): number =>
  median(runs.map((m) => pick(m) / m.seconds));

function vsYardstick(
  name: string,
  label: string,
  value: number,
  unit: string,
  yardstick: number,
  minRatio: number,
): Figure {
  const ratio = value / yardstick;
  return {
    name,
    label,
    value,
    unit,
    yardstick,
    ratio,
    target: `≥ ${minRatio}× yardstick`,
    ...(Number.isFinite(ratio) ? { holds: ratio >= minRatio } : {}),
  };
}

function atLeast(name: string, label: string, value: number, unit: string, min: number, minText: string): Figure {
  return { name, label, value, unit, target: `≥ ${minText}`, holds: value >= min };
}

const MILLION = 1_000_000;

/**
 * Runs the built CLI (`npm run build` first, so that it is the compiled one): wall seconds,
 * CPU seconds (which a busy machine inflates less) and peak RSS.
 */
function cli(args: readonly string[]): { seconds: number; cpu: number; rssMiB: number } {
  // The peak RSS and CPU time of the whole process (the watchdog's worker included), printed at exit.
  const peak =
    "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();" +
    "process.stderr.write('usage '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+'\\n')})";
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', peak, path.join(root, 'cli/bin.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: CHILD_TIMEOUT_SECONDS * 1000,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`concsim ${args.join(' ')} failed (${r.signal ?? `exit ${r.status}`})`);
  const [, kib, us] = /usage (\d+) (\d+)/.exec(r.stderr) ?? [];
  return { seconds, cpu: Number(us) / 1e6, rssMiB: Number(kib) / 1024 };
}

function build(): void {
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

const BENCHES: readonly Bench[] = [
  {
    name: 'startup',
    summary: "`concsim list` start-up, median of 10, beside `node -e ''` (the compiled CLI)",
    run() {
      build();
      const times = (args: readonly string[]) => {
        const t: number[] = [];
        for (let i = 0; i < 10; i++) {
          const t0 = performance.now();
          spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
          t.push((performance.now() - t0) / 1000);
        }
        return median(t);
      };
      const node = times(['-e', '']);
      const list = times([path.join(root, 'cli/bin.js'), 'list']);
      return {
        figures: [
          {
            name: 'startup',
            label: 'concsim list, wall time',
            value: list,
            unit: 's',
            target: '≤ 0.5 s',
            holds: list <= 0.5,
          },
          { name: 'startup.node', label: "node -e '', wall time", value: node, unit: 's' },
        ],
        notes: [],
      };
    },
  },
  {
    name: 'spawn',
    summary:
      'a scenario starting 10^5, 2×10^5 and 10^6 threads through `concsim run`, all at once and 1,000 at a time ' +
      '(--quick: not 10^6)',
    run(ctx) {
      build();
      const sizes = ctx.o.quick ? [1e5, 2e5] : [1e5, 2e5, 1e6];
      const scenario = path.join(here, 'many-threads.ts');
      const figures: Figure[] = [];
      // All at once: every thread is live at the peak (what a live thread costs, the
      // scenario's own closure and generator included). In batches of 1,000, each joined
      // and let go before the next: what a finished thread leaves behind. The issue's
      // target (10^6 threads in under 60 s and 1 GiB) is read on the batched run.
      const notes: string[] = [];
      for (const batch of [0, 1000]) {
        const rss = new Map<number, number>();
        for (const n of sizes) {
          const r = cli(['run', scenario, '--param', `n=${n}`, '--param', `batch=${batch}`]);
          rss.set(n, r.rssMiB);
          const size = n === 2e5 ? '2e5' : `1e${Math.log10(n)}`;
          const name = batch === 0 ? `spawn.${size}` : `spawn.batched.${size}`;
          const what = batch === 0 ? `${size} threads at once` : `${size} threads, ${batch} at a time`;
          const big = n === 1e6 && batch > 0;
          figures.push(
            {
              name,
              label: `${what}, wall time`,
              value: r.seconds,
              unit: 's',
              ...(big ? { target: '< 60 s', holds: r.seconds < 60 } : {}),
            },
            { name: `${name}.cpu`, label: `${what}, CPU time`, value: r.cpu, unit: 's' },
            {
              name: `${name}.rss`,
              label: `${what}, peak RSS`,
              value: r.rssMiB,
              unit: 'MiB',
              ...(big ? { target: '< 1024 MiB', holds: r.rssMiB < 1024 } : {}),
            },
          );
        }
        const last = sizes[sizes.length - 1] as number;
        const grown = (rss.get(last) as number) - (rss.get(1e5) as number);
        const perThread = ((grown * 1048576) / (last - 1e5)).toFixed(0);
        notes.push(
          `spawn, ${batch === 0 ? 'all at once' : `${batch} at a time`}: peak RSS grows by ${perThread} B a thread ` +
            `from 1e5 to ${last === 2e5 ? '2e5' : '1e6'} threads`,
        );
      }
      return { figures, notes };
    },
  },
  {
    name: 'ping-pong',
    summary: 'two threads hand a token back and forth through two Events (random strategy)',
    run(ctx) {
      const rounds = 100_000;
      const [runs = []] = ctx.workloads([{ name: 'ping-pong', params: { rounds } }]);
      const m = runs[0] as Measure;
      return {
        figures: [
          { name: 'ping-pong', label: 'context switches', value: rate(runs, (x) => x.contextSwitches), unit: '/s' },
          atLeast(
            'ping-pong.decisions',
            'scheduling decisions',
            rate(runs, (x) => x.choices),
            '/s',
            MILLION,
            '1 M/s',
          ),
          { name: 'ping-pong.steps', label: 'scheduling points', value: rate(runs, (x) => x.steps), unit: '/s' },
          { name: 'ping-pong.handoffs', label: 'hand-offs', value: rate(runs, (x) => x.units), unit: '/s' },
        ],
        notes: [
          `${2 * rounds} hand-offs: ${(m.steps / m.units).toFixed(2)} steps, ` +
            `${(m.contextSwitches / m.units).toFixed(2)} context switches and ` +
            `${(m.choices / m.units).toFixed(2)} decisions per hand-off`,
        ],
      };
    },
  },
  {
    name: 'contention',
    summary: '1,000 threads take one Lock 100 times each, half the time holding it over a sleep (random)',
    run(ctx) {
      const [runs = []] = ctx.workloads([{ name: 'contention', params: { threads: 1000, acquisitions: 100 } }]);
      const m = runs[0] as Measure;
      return {
        figures: [
          atLeast(
            'contention',
            'scheduling decisions',
            rate(runs, (x) => x.choices),
            '/s',
            MILLION,
            '1 M/s',
          ),
          { name: 'contention.steps', label: 'scheduling points', value: rate(runs, (x) => x.steps), unit: '/s' },
          { name: 'contention.acquisitions', label: 'acquisitions', value: rate(runs, (x) => x.units), unit: '/s' },
        ],
        notes: [
          `${m.units} acquisitions: ${(m.steps / m.units).toFixed(2)} steps and ` +
            `${(m.choices / m.units).toFixed(2)} decisions per acquisition`,
        ],
      };
    },
  },
  {
    name: 'churn',
    summary: '1,000 threads loop sleep(U(0, 10)) until 1,000,000 sleeps',
    run(ctx) {
      const { runs, yardstick: y } = ctx.paired({ name: 'churn', params: { threads: 1000, total: MILLION } }, 'churn');
      const m = runs[0] as Measure;
      return {
        figures: [
          vsYardstick(
            'churn',
            'timeouts',
            rate(runs, (x) => x.units),
            '/s',
            y,
            0.5,
          ),
        ],
        notes: [`churn: ${(m.steps / m.units).toFixed(3)} steps per timeout`],
      };
    },
  },
  {
    name: 'broadcast',
    summary: '10,000 threads wait on one Event, set and cleared 100 times',
    run(ctx) {
      const params = { waiters: 10_000, rounds: 100, capSeconds: BROADCAST_CAP_SECONDS };
      const { runs, yardstick: y } = ctx.paired({ name: 'broadcast', params }, 'broadcast');
      const m = runs[0] as Measure;
      const notes = [
        `broadcast: ${(m.steps / m.units).toFixed(2)} steps and ${(m.choices / m.units).toFixed(2)} ` +
          'decisions per wake-up (the yardstick: 1 step)',
      ];
      const rounds = runs.map((x) => x.rounds ?? 100);
      if (rounds.some((r) => r < 100)) {
        notes.push(
          `broadcast: capped at ${BROADCAST_CAP_SECONDS} s a run, so ${rounds.join(', ')} of 100 rounds ` +
            'were run (every round does the same work)',
        );
      }
      return {
        figures: [
          vsYardstick(
            'broadcast',
            'wake-ups',
            rate(runs, (x) => x.units),
            '/s',
            y,
            0.5,
          ),
        ],
        notes,
      };
    },
  },
  {
    name: 'schedules',
    summary: 'the check loop on a two-thread read-modify-write race, about 10 scheduling points a run',
    run(ctx) {
      const runs = 20_000;
      // Alternating, so that both strategies see the same drift.
      const [pct = [], random = [], dfs = []] = ctx.workloads([
        { name: 'schedules', params: { runs, strategy: 'pct' } },
        { name: 'schedules', params: { runs, strategy: 'random' } },
        { name: 'schedules', params: { runs, strategy: 'dfs' } },
      ]);
      const m = pct[0] as Measure;
      return {
        figures: [
          atLeast(
            'schedules',
            'schedules, pct',
            rate(pct, (x) => x.units),
            '/s',
            50_000,
            '50 k/s',
          ),
          {
            name: 'schedules.random',
            label: 'schedules, random strategy',
            value: rate(random, (x) => x.units),
            unit: '/s',
          },
          {
            name: 'schedules.dfs',
            label: 'schedules, dfs (systematic, sleep sets)',
            value: rate(dfs, (x) => x.units),
            unit: '/s',
          },
        ],
        notes: [
          `schedules: ${runs} per check, ${(m.steps / m.units).toFixed(1)} steps a run, inputs drawn by fast-check`,
          `schedules.dfs: ${runs} schedules of the race with 3 increments each, every schedule of ≤ 3 preemptions explored depth-first (again from the start when done), ${(((dfs[0] as Measure | undefined)?.steps ?? 0) / ((dfs[0] as Measure | undefined)?.units ?? 1)).toFixed(1)} steps a run`,
        ],
      };
    },
  },
  {
    name: 'campaign',
    summary: 'the schedules check as a campaign (check --workers): 1 worker vs 2, start-up included',
    run(ctx) {
      const runs = 100_000;
      const [one = [], two = []] = ctx.workloads([
        { name: 'campaign', params: { runs, workers: 1 } },
        { name: 'campaign', params: { runs, workers: 2 } },
      ]);
      const r1 = rate(one, (x) => x.units);
      const r2 = rate(two, (x) => x.units);
      return {
        figures: [
          { name: 'campaign.1', label: 'schedules, --workers 1', value: r1, unit: '/s' },
          { name: 'campaign.2', label: 'schedules, --workers 2 (main + worker)', value: r2, unit: '/s' },
          { name: 'campaign.speedup', label: 'speed-up of --workers 2 over 1', value: r2 / r1, unit: '×' },
        ],
        notes: [`campaign: ${runs} schedules of the race with pct, each worker count alternately in one process`],
      };
    },
  },
  {
    name: 'seed-pool',
    summary: 'the process-pool-squares scenario (11 tasks, 3 workers), one run per seed, and its .py twin',
    run(ctx) {
      const seeds = 20_000;
      const PY_SEEDS = 2_000;
      const { runs, yardstick: y } = ctx.paired({ name: 'seed-pool', params: { seeds } }, 'ex-pool');
      const [threads = [], python = []] = ctx.workloads([
        { name: 'seed-pool', params: { seeds, executor: 'thread' } },
        { name: 'py-seed-pool', params: { seeds: PY_SEEDS } },
      ]);
      const m = runs[0] as Measure;
      const t = threads[0] as Measure;
      const py = python[0] as Measure;
      const tsRate = rate(runs, (x) => x.units);
      const pyRate = rate(python, (x) => x.units);
      return {
        figures: [
          vsYardstick(
            'seed-pool',
            'runs, ProcessPoolExecutor',
            rate(runs, (x) => x.units),
            '/s',
            y,
            0.5,
          ),
          {
            name: 'seed-pool.threads',
            label: 'runs, ThreadPoolExecutor',
            value: rate(threads, (x) => x.units),
            unit: '/s',
            yardstick: y,
            ratio: rate(threads, (x) => x.units) / y,
          },
          vsYardstick('seed-pool.python', 'runs, the .py twin (yardstick: the .ts)', pyRate, '/s', tsRate, 0.3),
        ],
        notes: [
          `seed-pool: ${seeds} seeds a measurement; ${(m.steps / m.units).toFixed(0)} steps a run with ` +
            `processes, ${(t.steps / t.units).toFixed(0)} with threads (the yardstick's Resource: 33 events)`,
          `seed-pool.python: scenarios/pools/process-pool-squares.py, ${PY_SEEDS} seeds a measurement, ` +
            `${(py.steps / py.units).toFixed(0)} steps a run; its yardstick is the .ts scenario's rate above`,
        ],
      };
    },
  },
  {
    name: 'memory',
    summary: 'bytes per suspended thread at 100,000 and 1,000,000 threads (--quick: 100,000)',
    run(ctx) {
      const figures: Figure[] = [];
      const sizes = ctx.o.quick ? [100_000] : [100_000, 1_000_000];
      const notes: string[] = [];
      let y100k = { heap: Number.NaN, rss: Number.NaN };
      for (const n of sizes) {
        const suffix = n === 100_000 ? '' : '.1m';
        const nText = n === 100_000 ? '100k' : '1M';
        const c = ctx.concsimMemory('thread', n);
        const y = ctx.yardstickMemory('gen-timeout', n);
        if (n === 100_000) y100k = y;
        figures.push({
          name: `memory${suffix}`,
          label: `heap per sleeping Thread, ${nText}`,
          value: c.heap,
          unit: 'B',
          yardstick: y.heap,
          ratio: c.heap / y.heap,
          target: '≤ 600 B (at 1M)',
          holds: c.heap <= 600,
        });
        figures.push({
          name: `memory${suffix}.rss`,
          label: `RSS per sleeping Thread, ${nText}`,
          value: c.rss,
          unit: 'B',
          yardstick: y.rss,
          ratio: c.rss / y.rss,
        });
        notes.push(`memory at ${nText} threads: peak RSS ${c.peak.toFixed(0)} MiB`);
      }
      // The secondary modes are measured once each: memory varies little between runs.
      const ce = ctx.concsimMemory('thread-event', 100_000, 1);
      const ye = ctx.yardstickMemory('gen-event', 100_000, 1);
      figures.push({
        name: 'memory.event',
        label: 'heap per Thread in Event.wait, 100k',
        value: ce.heap,
        unit: 'B',
        yardstick: ye.heap,
        ratio: ce.heap / ye.heap,
      });
      const cd = ctx.concsimMemory('thread-done', 100_000, 1);
      figures.push({
        name: 'memory.done',
        label: 'heap per ended Thread let go of, 100k',
        value: cd.heap,
        unit: 'B',
        target: '≤ 100 B',
        holds: cd.heap <= 100,
      });
      const cf = ctx.concsimMemory('fiber', 100_000, 1);
      figures.push({
        name: 'memory.fiber',
        label: 'heap per bare kernel fiber, 100k',
        value: cf.heap,
        unit: 'B',
        yardstick: y100k.heap,
        ratio: cf.heap / y100k.heap,
      });
      return { figures, notes };
    },
  },
  {
    name: 'scale',
    summary: 'per-timeout cost of churn at 10^3, 10^4, 10^5, 10^6 live threads (--quick: not 10^6)',
    run(ctx) {
      const sizes = ctx.o.quick ? [1e3, 1e4, 1e5] : [1e3, 1e4, 1e5, 1e6];
      const figures: Figure[] = [];
      const cost = new Map<number, { c: number; y: number }>();
      const notes: string[] = [];
      for (const n of sizes) {
        const flags = n >= 1e6 ? ['--max-old-space-size=12288'] : [];
        let c = Number.NaN;
        let y = Number.NaN;
        try {
          const w = { name: 'churn', params: { threads: n, total: MILLION } };
          // Five rounds, not three: the figure is a ratio of ratios, which compounds the noise.
          const r = ctx.paired(w, 'churn', ['--procs', String(n)], { flags, reps: Math.max(ctx.o.reps, 5) });
          c = 1e9 * median(r.runs.map((m) => m.seconds / m.units));
          y = 1e9 / r.yardstick;
        } catch (e) {
          if (n < 1e6) throw e;
          notes.push(`scale at 10^6 threads: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        }
        cost.set(n, { c, y });
        figures.push({
          name: `scale.1e${Math.log10(n)}`,
          label: `ns per timeout, 10^${Math.log10(n)} threads`,
          value: c,
          unit: 'ns',
          yardstick: y,
          ratio: c / y,
        });
      }
      const lo = cost.get(1e3) as { c: number; y: number };
      const hi = cost.get(1e5) as { c: number; y: number };
      const slowdown = hi.c / lo.c;
      const ySlowdown = hi.y / lo.y;
      const ratio = slowdown / ySlowdown;
      figures.unshift({
        name: 'scale',
        label: 'slowdown 10^3 → 10^5 threads',
        value: slowdown,
        unit: '×',
        yardstick: ySlowdown,
        ratio,
        target: '≤ 1.25× yardstick’s',
        ...(Number.isFinite(ratio) ? { holds: ratio <= 1.25 } : {}),
      });
      return { figures, notes };
    },
  },
  {
    name: 'tracing',
    summary: 'churn with no trace subscriber vs one trivial subscriber (and vs the trace hash)',
    run(ctx) {
      // Each variant in its own fresh process (a process that has run traced code runs
      // untraced code differently), alternating so that they see the same drift.
      const params = { threads: 1000, total: MILLION };
      const plain: Measure[] = [];
      const traced: Measure[] = [];
      const hashed: Measure[] = [];
      for (let r = 0; r < ctx.o.reps; r++) {
        for (const [name, into] of [
          ['churn', plain],
          ['churn-traced', traced],
          ['churn-hashed', hashed],
        ] as const) {
          const [runs = []] = ctx.workloads([{ name, params }], { reps: 1 });
          into.push(...runs);
        }
      }
      // CPU time: the two variants are compared with each other, not with the yardstick,
      // and CPU time is less disturbed by other processes on a busy machine.
      const cpu = (runs: readonly Measure[]) => median(runs.map((m) => m.cpuSeconds));
      const overhead = 100 * (cpu(traced) / cpu(plain) - 1);
      const hashOverhead = 100 * (cpu(hashed) / cpu(plain) - 1);
      return {
        figures: [
          {
            name: 'tracing',
            label: 'overhead of one trivial subscriber',
            value: overhead,
            unit: '%',
            target: '< 30 %',
            holds: overhead < 30,
          },
          { name: 'tracing.hash', label: 'overhead of the trace hash', value: hashOverhead, unit: '%' },
        ],
        notes: ['tracing: overheads from CPU time, each variant in its own processes, alternating'],
      };
    },
  },
  {
    name: 'pool-burst',
    summary: '100,000 jobs at t = 0 on a Semaphore(3), Exp(1) holds',
    run(ctx) {
      const { runs, yardstick: y } = ctx.paired({ name: 'pool-burst', params: { jobs: 100_000 } }, 'pool-burst');
      const m = runs[0] as Measure;
      return {
        figures: [
          vsYardstick(
            'pool-burst',
            'jobs',
            rate(runs, (x) => x.units),
            '/s',
            y,
            0.33,
          ),
        ],
        notes: [`pool-burst: ${(m.steps / m.units).toFixed(2)} steps per job`],
      };
    },
  },
  {
    name: 'python',
    summary:
      'the Python front end: a pystone-like and an arithmetic loop against the local python3, and check of a .py race',
    run(ctx) {
      const loops = Object.keys(PY_LOOPS);
      const measured = ctx.workloads([
        ...loops.map((program) => ({ name: 'py-loop', params: { program } })),
        { name: 'py-schedules', params: { runs: 5_000 } },
      ]);
      const figures = loops.map((program, i) => {
        const { source, loops: n } = PY_LOOPS[program] as { source: string; loops: number };
        const cpython = median(
          Array.from({ length: ctx.o.reps }, () => n / python3Seconds(source.replace('run(LOOPS)', `run(${n})`))),
        );
        return vsYardstick(
          `python.${program}`,
          `${program} iterations (yardstick: python3)`,
          rate(measured[i] ?? [], (x) => x.units),
          '/s',
          cpython,
          0.1,
        );
      });
      const schedRuns = measured[loops.length] ?? [];
      const sched = rate(schedRuns, (x) => x.units);
      const perCpu = median(schedRuns.map((m) => m.units / m.cpuSeconds));
      figures.push(atLeast('python.schedules', 'schedules of a .py race, check', sched, '/s', 20_000, '20 k/s'));
      return {
        figures,
        notes: [
          'python: the loops run as `python3 -c exec(...)` times them, start-up excluded',
          `python.schedules: ${formatValue(perCpu, '/s')} per CPU-second of the process (wall-clock rates fall with the machine's load)`,
        ],
      };
    },
  },
];

// ---- output ---------------------------------------------------------------------------------------

/** Column widths: figure, what it measures, concsim, yardstick, ratio, target. */
const COLS = [24, 38, 12, 12, 7, 0] as const;
const RIGHT = [false, false, true, true, true, false];

function row(cells: readonly string[]): string {
  return cells
    .map((c, i) => pad(c, COLS[i] ?? 0, RIGHT[i]))
    .join('  ')
    .trimEnd();
}

function figureRow(f: Figure): string {
  const ratio = f.ratio === undefined || !Number.isFinite(f.ratio) ? '' : `${f.ratio.toFixed(2)}×`;
  const yard = f.yardstick === undefined ? '' : formatValue(f.yardstick, f.unit);
  const target = f.target === undefined ? '' : `${f.target}${f.holds === undefined ? '' : f.holds ? '  ✓' : '  ✗'}`;
  return row([f.name, f.label, formatValue(f.value, f.unit), yard, ratio, target]);
}

function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

function main(): void {
  const o = parseOptions(process.argv.slice(2));
  const ctx = makeCtx(o);
  const selected = o.names.length === 0 ? BENCHES : BENCHES.filter((b) => o.names.includes(b.name));
  const cores = os.availableParallelism();
  const node = process.version;
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  if (!o.json) {
    console.log(
      `concsim benchmarks: node ${node}, ${cores} cores (${cpu}), ${os.platform()} ${os.arch()}, ` +
        `load average ${loadavg()}`,
    );
    console.log(
      `each figure: median of ${o.reps} measured run(s), each after ${o.warmup} warm-up run(s) in its process; ` +
        `yardstick: ${o.yardstick ?? 'not found (figures alone)'}`,
    );
    console.log('');
    console.log(row(['figure', 'measures', 'concsim', 'yardstick', 'ratio', 'target']));
    console.log(row(COLS.map((w) => '-'.repeat(w === 0 ? 20 : w))));
  }
  const all: Figure[] = [];
  const notes: string[] = [];
  const t0 = Date.now();
  for (const b of selected) {
    process.stderr.write(`bench: ${b.name}…\n`);
    const start = Date.now();
    ctx.notes.length = 0;
    let out: BenchOutput;
    try {
      out = b.run(ctx);
      out = { figures: out.figures, notes: [...new Set([...out.notes, ...ctx.notes])] };
    } catch (e) {
      out = { figures: [], notes: [...ctx.notes, `${b.name}: FAILED: ${e instanceof Error ? e.message : String(e)}`] };
    }
    const seconds = (Date.now() - start) / 1000;
    all.push(...out.figures);
    notes.push(...out.notes);
    if (o.json) {
      const figures = Object.fromEntries(out.figures.map(({ name, label: _l, ...rest }) => [name, rest]));
      console.log(JSON.stringify({ bench: b.name, node, cores, seconds, figures, notes: out.notes }));
    } else {
      for (const f of out.figures) console.log(figureRow(f));
    }
  }
  const total = (Date.now() - t0) / 1000;
  if (o.json) {
    const figures = Object.fromEntries(all.map((f) => [f.name, { value: f.value, unit: f.unit }]));
    console.log(JSON.stringify({ node, cores, figures }));
  } else {
    console.log('');
    for (const n of notes) console.log(`- ${n}`);
    console.log(`- ratio: concsim ÷ yardstick (rates: higher is better; bytes, ns and slowdowns: lower is better)`);
    console.log(`- total ${total.toFixed(0)} s; load average at the end ${loadavg()}`);
  }
}

main();
