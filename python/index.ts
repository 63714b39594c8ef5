/**
 * The Python front end: `compilePython` parses a program with @lezer/python and compiles
 * it to a JavaScript generator function; `runPython` runs it as the main thread of a
 * simulation (models/simulate.ts), so its threads are kernel fibers and its locks, queues
 * and sleeps are the models'.
 *
 * Exit codes follow `python3`: 0; 1 after an uncaught exception in the main thread (its
 * traceback on stderr); `sys.exit(n)`. An uncaught exception in another thread is printed
 * by `threading.excepthook` and the program goes on (exit code unchanged), but the
 * verdict reports it. A deadlock — which CPython would sit in forever — gives the
 * `deadlock` verdict and exit code 1.
 */
import type { Blocking } from '../engine/index.ts';
import { kernel, makeRng, PYTHON_CHECK_NS, type Rng, type Verdict } from '../engine/index.ts';
import { type SimulateOptions, simulate } from '../models/simulate.ts';
import { Compiler, type ConstantType, UnsupportedError } from './compiler.ts';
import { importModule, type RunContext } from './modules/registry.ts';
import './modules/all.ts';
import { interpreterStatePerFiber } from './modules/interp-state.ts';
import { Lines, PythonSyntaxError, parse } from './parse.ts';
import { B, io } from './runtime/builtins.ts';
import { R, where } from './runtime/call.ts';
import { runCtx } from './runtime/context.ts';
import { formatException, type ModuleCode, resetWarnings, setCurrentModule, toPy } from './runtime/exceptions.ts';
import { str } from './runtime/format.ts';
import { PyExc, PyFloat, PyModule } from './runtime/objects.ts';
import { resetIds } from './runtime/ops.ts';
import { BREAKER, currentGlobals, RT } from './runtime/rt.ts';
import { isSubtype, SystemExit } from './runtime/types.ts';

export { type ConstantType, PythonSyntaxError, UnsupportedError };

/** An uncaught exception as a run reports it: the class name, `str(exc)`, and the traceback CPython prints. */
export interface PythonError {
  thread: string;
  name: string;
  message: string;
  stack: string;
}

export interface PythonEnv {
  stdout(text: string): void;
  stderr(text: string): void;
  params?: Record<string, unknown>;
  argv?: readonly string[];
  /** Seed of the run's `random` module (default 0). */
  seed?: number;
  /** The run's stream for the `random` module, made when first used (instead of `seed`). */
  random?: () => Rng;
  /** The run's in-memory file system (created if absent); `open` reads and writes it. */
  files?: Map<string, string>;
  /**
   * The eval breaker: every `quantum` checks charge `ticks` of CPU (default 1000, and
   * `PYTHON_CHECK_NS` each: 100 µs); with `preempt`, every check is also a scheduling point, so a
   * checker can explore a switch at each place CPython 3.11 can switch (`--preempt breaker`).
   */
  breaker?: { quantum?: number; ticks?: number; preempt?: boolean };
  /**
   * Receives the run's exit code when the program ends, with the uncaught exception that
   * ended the main thread and the first one that ended another thread (null if none).
   */
  onExit?(exitCode: number, threadError: PythonError | null, mainError: PythonError | null): void;
}

export interface PythonProgram {
  readonly filename: string;
  /** module-level `NAME = <literal>` constants, overridable by --param NAME=value */
  readonly constants: ReadonlyMap<string, unknown>;
  /** Each constant's Python type (a float's value is a JS number, like an int's). */
  readonly constantTypes: ReadonlyMap<string, ConstantType>;
  /** The main thread's body: runs the module as __main__. */
  main(env: PythonEnv): Blocking;
  /** The generated JavaScript (for debugging and the benchmarks). */
  readonly js: string;
}

export interface PythonRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  verdict: Verdict;
  files: ReadonlyMap<string, string>;
}

const HELPERS = [...Object.keys(RT), '$param', '$import', '$importFrom', '$importStar'];

type Body = (G: Record<string, unknown>) => () => Blocking;

/** What the running program's per-run helpers read (runs do not interleave). */
const current: { ctx: RunContext | null; params: Record<string, unknown>; constants: ReadonlyMap<string, unknown> } = {
  ctx: null,
  params: {},
  constants: new Map(),
};

/** Helpers whose behaviour depends on the run: `--param` overrides and imports. */
const RUN_HELPERS = {
  $param: (name: string, v: unknown) =>
    Object.hasOwn(current.params, name) && current.constants.has(name) ? current.params[name] : v,
  $import: (name: string, top?: boolean) => {
    const ctx = current.ctx as RunContext;
    const m = importModule(ctx, name);
    if (top && name.includes('.')) return importModule(ctx, name.split('.')[0] as string);
    return m;
  },
  $importFrom: (m: PyModule, name: string, modName: string) => {
    const v = m.d[name];
    if (v === undefined) {
      try {
        return importModule(current.ctx as RunContext, `${modName}.${name}`);
      } catch {
        throw importError(name, modName, m.d.__file__);
      }
    }
    return v;
  },
  $importStar: (m: PyModule, g: Record<string, unknown>) => {
    for (const k of Object.keys(m.d)) if (!k.startsWith('_')) g[k] = m.d[k];
  },
};
const ALL_HELPERS: Record<string, unknown> = { ...RT, ...RUN_HELPERS };

export function compilePython(source: string, filename: string): PythonProgram {
  const lines = new Lines(source);
  const tree = parse(source, filename, lines);
  const c = new Compiler(source, filename, lines);
  const js = c.module(tree.topNode);
  const prelude = `const {${HELPERS.join(', ')}} = RT;\n`;
  let factory: Body;
  try {
    // The helpers are bound once per program; each run only supplies its globals.
    const outer = new Function('RT', `${prelude}return function (G) {\n${js}\n};`) as (rt: unknown) => Body;
    factory = outer(ALL_HELPERS);
  } catch (e) {
    throw new Error(`concsim: the compiled program is not valid JavaScript (${(e as Error).message})`);
  }
  const mod: ModuleCode = { filename, lines: lines.lines, positions: c.positions, codes: c.codes };
  const constants = c.constants;
  const types = c.constantTypes;
  const lineOf = (p: number) => mod.positions[p]?.[0] ?? 0;
  return {
    filename,
    constants,
    constantTypes: types,
    js,
    main(env: PythonEnv) {
      return runMain(factory, mod, lineOf, types, env);
    },
  };
}

/** `--param` values as Python values: a float constant stays a float when given `3`. */
function pyParams(
  params: Record<string, unknown> | undefined,
  types: ReadonlyMap<string, ConstantType>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = types.get(k) === 'float' ? new PyFloat(Number(v)) : v;
  return out;
}

/** A run's context: a class, so that a checked run makes one small object (`rng` when first read). */
class Run implements RunContext {
  exitCode = 0;
  threadError: RunContext['threadError'] = null;
  readonly modules = new Map<string, PyModule>();
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  #rng: Rng | null = null;
  constructor(
    private readonly env: PythonEnv,
    readonly argv: readonly string[],
    readonly files: Map<string, string>,
  ) {
    this.stdout = env.stdout;
    this.stderr = env.stderr;
  }
  /** Made on first use: most programs never import random. */
  get rng(): Rng {
    this.#rng ??= this.env.random?.() ?? makeRng(this.env.seed ?? 0, 'python.random');
    return this.#rng;
  }
}

function* runMain(
  factory: Body,
  mod: ModuleCode,
  lineOf: (p: number) => number,
  constants: ReadonlyMap<string, ConstantType>,
  env: PythonEnv,
): Blocking {
  const files = env.files ?? new Map<string, string>();
  const ctx = new Run(env, env.argv ?? [mod.filename], files);
  runCtx.cur = ctx;
  BREAKER.quantum = env.breaker?.quantum ?? 1000;
  BREAKER.ticks = env.breaker?.ticks ?? (BREAKER.quantum * PYTHON_CHECK_NS) / 1000;
  BREAKER.preempt = env.breaker?.preempt ?? false;
  BREAKER.pending = BREAKER.quantum;
  R.b = BREAKER.preempt ? 0 : BREAKER.quantum;
  io.cur = { stdout: env.stdout, stderr: env.stderr, files };
  setCurrentModule(mod);
  where.line = lineOf;
  resetWarnings();
  resetIds();
  R.frames = 0;
  const G: Record<string, unknown> = Object.create(B);
  G.__name__ = '__main__';
  G.__file__ = mod.filename;
  G.__doc__ = null;
  currentGlobals.g = G;
  interpreterStatePerFiber(kernel('a Python program'), G);
  R.depth = 1;
  R.limit = 1000;
  const main = new PyModule('__main__');
  ctx.modules.set('__main__', main);
  current.ctx = ctx;
  current.params = pyParams(env.params, constants);
  current.constants = constants;
  const body = factory(G);
  // The threading binding installs Python's excepthook for this run.
  importModule(ctx, 'threading');
  let mainError: PythonError | null = null;
  try {
    yield* body();
  } catch (e) {
    mainError = handleUncaught(ctx, e);
  }
  env.onExit?.(ctx.exitCode, ctx.threadError, mainError);
}

/** CPython names the module's file, for a module that has one (`__file__`). */
function importError(name: string, modName: string, file?: unknown): PyExc {
  const t = (B.ImportError as never) ?? null;
  const e = new PyExc(t);
  const { PyTuple } = RTTypes;
  e.args = new PyTuple([
    `cannot import name '${name}' from '${modName}' (${typeof file === 'string' ? file : 'unknown location'})`,
  ]);
  return e;
}

import { PyTuple } from './runtime/objects.ts';

const RTTypes = { PyTuple };

/**
 * The end of the main thread by an exception: SystemExit sets the code, others print and
 * are returned.
 */
export function handleUncaught(ctx: RunContext, e: unknown): PythonError | null {
  const x = toPy(e);
  if (isSubtype(x.cls, SystemExit)) {
    const a = x.args.a;
    const code = a.length === 0 ? null : a.length === 1 ? a[0] : x.args;
    if (code === null) ctx.exitCode = 0;
    else if (typeof code === 'number' || typeof code === 'boolean') ctx.exitCode = Number(code) & 255;
    else {
      ctx.stderr(`${str(code)}\n`);
      ctx.exitCode = 1;
    }
    return null;
  }
  const stack = formatException(x);
  ctx.stderr(stack);
  ctx.exitCode = 1;
  return { thread: 'MainThread', name: x.cls.name, message: str(x), stack };
}

export interface RunPythonOptions {
  filename: string;
  seed?: number;
  argv?: readonly string[];
  params?: Record<string, unknown>;
  /** Where threads may be preempted and what Python code costs (see PythonEnv.breaker). */
  breaker?: PythonEnv['breaker'];
  /** Passed to models/simulate.ts: strategy, switch interval, budgets, listeners. */
  simulate?: SimulateOptions;
}

export function runPython(source: string, options: RunPythonOptions): PythonRunResult {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  let exitCode = 0;
  let threadError: RunContext['threadError'] = null;
  let program: PythonProgram;
  try {
    program = compilePython(source, options.filename);
  } catch (e) {
    if (e instanceof PythonSyntaxError) {
      return { stdout: '', stderr: `${e.message}\n`, exitCode: 1, verdict: { kind: 'ok' }, files };
    }
    if (e instanceof UnsupportedError) {
      return { stdout: '', stderr: `${e.message}\n`, exitCode: 2, verdict: { kind: 'ok' }, files };
    }
    throw e;
  }
  let mainError: PythonError | null = null;
  let finished = false;
  const env: PythonEnv = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    argv: options.argv ?? [options.filename],
    seed: options.seed ?? 0,
    files,
    ...(options.params ? { params: options.params } : {}),
    ...(options.breaker ? { breaker: options.breaker } : {}),
    onExit: (code, te, me) => {
      exitCode = code;
      threadError = te;
      mainError = me;
      finished = true;
    },
  };
  // By default the non-preemptive schedule (every choice 0: the running thread goes on), as the GIL keeps a thread running until it blocks or its switch interval ends.
  const sim = simulate(() => program.main(env), {
    hash: false,
    strategy: 'replay',
    choices: [],
    ...options.simulate,
    seed: options.seed ?? 0,
  });
  let verdict: Verdict = sim.verdict;
  const err = mainError as PythonError | null;
  if (verdict.kind === 'ok' && err !== null) {
    verdict = {
      kind: 'exception',
      thread: 'MainThread',
      time: sim.time,
      error: { name: err.name, message: err.message, stack: stderr },
    };
  } else if (verdict.kind === 'ok' && threadError !== null) {
    const te = threadError as NonNullable<RunContext['threadError']>;
    verdict = {
      kind: 'exception',
      thread: te.thread,
      time: sim.time,
      error: { name: te.name, message: te.message, stack: te.stack },
    };
  }
  if (verdict.kind === 'deadlock' || !finished) {
    if (verdict.kind === 'deadlock') exitCode = 1;
  }
  if (verdict.kind === 'exception' && !finished) {
    stderr += `${verdict.error.stack}\n`;
    exitCode = 1;
  }
  return { stdout, stderr, exitCode, verdict, files };
}

export { importModule };
