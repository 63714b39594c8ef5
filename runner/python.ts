/**
 * A `.py` file as a scenario, so that run, check, replay and the CLI take a Python program
 * wherever they take a TypeScript scenario. The file is compiled once (per file and
 * preemption mode) and each run only calls the compiled module's `main`.
 *
 * - parameters: the module-level `NAME = <literal>` constants, typed by their literal
 *   (int, float, bool, str); `--param NAME=value` overrides one. A check explores
 *   schedules, not parameter values: a constant stays at its value unless pinned.
 * - the run's result is the program's output (`stdout`, `stderr`, `exitCode`, `files`);
 *   one invariant, `exits cleanly`, fails the run on an uncaught exception in any thread
 *   (a failed assert included), reported with its CPython traceback, or a non-zero exit
 *   status. A deadlock is the kernel's own verdict.
 * - preemption: `breaker` (default) makes every eval-breaker check a scheduling point, so
 *   the checker explores a switch wherever CPython 3.11 can switch; `blocking` only at
 *   blocking calls and the switch interval's expiry.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import {
  type ConstantType,
  compilePython,
  type PythonEnv,
  type PythonError,
  type PythonProgram,
  PythonSyntaxError,
  UnsupportedError,
} from '../python/index.ts';
import { type CheckOptions, type CheckReport, checkScenario } from './check.ts';
import { LoadError } from './load.ts';
import { ParamError, type ParamSpec } from './params.ts';
import { type RunOptions, type RunReport, runScenario } from './run.ts';
import type { AnyScenario, Invariant, Scenario, ScenarioContext } from './scenario.ts';

/** Where the checker may preempt Python code: every eval-breaker check, or blocking calls only. */
export type Preempt = 'breaker' | 'blocking';

/**
 * A `.py` run's step budget: with `breaker` every loop iteration is a scheduling point, so
 * an infinite loop reaches it within seconds rather than the kernel's ten million steps.
 */
export const PYTHON_MAX_STEPS = 2_000_000;

/** What a `.py` run produced, as `python3 prog.py` would: its streams, exit status and files. */
export interface PythonOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The run's in-memory file system, by path. */
  files: Record<string, string>;
  /** The uncaught exception that failed the run (the main thread's, else another's). */
  error: PythonError | null;
}

/** A `.py` file that does not compile: its message is CPython's report (or the unsupported construct). */
export class PythonLoadError extends LoadError {
  constructor(
    message: string,
    /** True for a syntax error, whose message is CPython's multi-line form, printed as is. */
    readonly syntax: boolean,
  ) {
    super(message);
  }
}

const typeWords: Record<ConstantType, string> = {
  int: 'an integer',
  float: 'a number',
  bool: 'True or False',
  str: 'a string',
};

/** The parameter a constant `NAME = <literal>` of type `type` makes. */
function constantParam(type: ConstantType, value: unknown): ParamSpec<unknown> {
  const what = typeWords[type];
  const bad = (key: string, v: unknown): ParamError =>
    new ParamError(`parameter ${key}=${String(v)} is not valid: expected ${what}, as ${key} is in the program`);
  const validate = (key: string, v: unknown): unknown => {
    const ok =
      type === 'int'
        ? Number.isSafeInteger(v)
        : type === 'float'
          ? typeof v === 'number' && !Number.isNaN(v)
          : type === 'bool'
            ? typeof v === 'boolean'
            : typeof v === 'string';
    if (!ok) throw bad(key, v);
    return v;
  };
  const parse = (key: string, text: string): unknown => {
    const t = text.trim();
    if (type === 'str') return text;
    if (type === 'bool') {
      if (/^(true|1|yes)$/i.test(t)) return true;
      if (/^(false|0|no)$/i.test(t)) return false;
      throw bad(key, `'${text}'`);
    }
    const n = type === 'int' ? (/^[+-]?\d+$/.test(t) ? Number(t) : Number.NaN) : t === '' ? Number.NaN : Number(t);
    return validate(key, Number.isNaN(n) ? `'${text}'` : n);
  };
  return {
    kind: type === 'int' ? 'int' : type === 'float' ? 'number' : type === 'bool' ? 'boolean' : 'choice',
    default: value,
    doc: `${type} constant of the program`,
    parse,
    validate,
    arbitrary: () => fc.constant(value),
    describe: () => what.replace(/^an? /, ''),
  };
}

/** The invariant every `.py` run keeps: it ends as a clean `python3 prog.py` would. */
const EXITS_CLEANLY: Invariant<Record<string, unknown>, PythonOutput> = {
  name: 'exits cleanly',
  statement: 'no thread ends by an uncaught exception (a failed assert included) and the program exits with status 0',
  check: (r) => {
    if (r.error !== null) {
      const where = r.error.thread === 'MainThread' ? 'the main thread' : `thread ${r.error.thread}`;
      return `uncaught ${r.error.name} in ${where}\n${r.error.stack.trimEnd()}`;
    }
    return r.exitCode === 0 ? undefined : `the program exited with status ${r.exitCode}`;
  },
};

/** A `.py` scenario, and the output of its latest run (which a deadlock leaves unreturned). */
export interface PythonScenario extends Scenario<Record<string, unknown>, PythonOutput> {
  readonly program: PythonProgram;
  readonly preempt: Preempt;
  /** The output of this scenario's latest run, finished or not (empty before the first). */
  lastOutput(): PythonOutput;
}

/** The program compiled from `source` as a scenario named `file`. */
export function pythonScenario(source: string, file: string, preempt: Preempt = 'breaker'): PythonScenario {
  let program: PythonProgram;
  try {
    program = compilePython(source, file);
  } catch (e) {
    if (e instanceof PythonSyntaxError) throw new PythonLoadError(e.message, true);
    if (e instanceof UnsupportedError) throw new PythonLoadError(`${file}: ${e.message}`, false);
    throw e;
  }
  const params: Record<string, ParamSpec<unknown>> = {};
  for (const [name, value] of program.constants) {
    params[name] = constantParam(program.constantTypes.get(name) as ConstantType, value);
  }
  // One environment for all runs, pointing at the current run's output and context: a
  // checked run then makes no closures of its own.
  let out: PythonOutput = newOutput();
  let files = new Map<string, string>();
  let runCtx: ScenarioContext | null = null;
  const env: PythonEnv = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    argv: [file],
    random: () => (runCtx as ScenarioContext).rng,
    breaker: { preempt: preempt === 'breaker' },
    onExit: (code, threadError, mainError) => {
      out.exitCode = code;
      out.error = mainError ?? threadError;
    },
  };
  return {
    name: file,
    summary: `the Python program ${file}`,
    params,
    program,
    preempt,
    invariants: [EXITS_CLEANLY],
    limits: { maxSteps: PYTHON_MAX_STEPS },
    ...(preempt === 'breaker' ? {} : { replayArgs: [`--preempt ${preempt}`] }),
    lastOutput: () => out,
    *main(p, ctx) {
      out = newOutput();
      files = new Map();
      runCtx = ctx;
      env.params = p;
      env.files = files;
      yield* program.main(env);
      out.files = Object.fromEntries(files);
      return out;
    },
  };
}

function newOutput(): PythonOutput {
  return { stdout: '', stderr: '', exitCode: 0, files: {}, error: null };
}

/** Compiled scenarios by file, preemption mode and modification time: a check compiles once. */
const cache = new Map<string, { mtime: number; scenario: PythonScenario }>();

/** Reads and compiles a `.py` file (cached while it is unchanged); errors are `LoadError`s. */
export function loadPython(file: string, preempt: Preempt = 'breaker'): PythonScenario {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new LoadError(`cannot read Python file '${file}': no such file`);
  }
  const key = `${preempt} ${path}`;
  const mtime = statSync(path).mtimeMs;
  const hit = cache.get(key);
  if (hit !== undefined && hit.mtime === mtime && hit.scenario.name === file) return hit.scenario;
  const scenario = pythonScenario(readFileSync(path, 'utf8'), file, preempt);
  cache.set(key, { mtime, scenario });
  return scenario;
}

/** What `run`/`check` take: a scenario, or the path of a `.py` file. */
export type Target = AnyScenario | string;

function toScenario(target: Target, preempt?: Preempt): AnyScenario {
  if (typeof target !== 'string') return target;
  if (!target.endsWith('.py')) throw new LoadError(`'${target}' is not a .py file (give a scenario or a .py path)`);
  return loadPython(target, preempt);
}

/**
 * `run` of the public API: runs a scenario, or a `.py` file by path, once (see `runScenario`);
 * `preempt` is a `.py` file's preemption mode.
 */
export function runTarget<R>(
  // biome-ignore lint/suspicious/noExplicitAny: any parameter type
  target: Scenario<any, R>,
  o?: RunOptions & { readonly preempt?: Preempt },
): RunReport<R>;
export function runTarget(target: string, o?: RunOptions & { readonly preempt?: Preempt }): RunReport<PythonOutput>;
export function runTarget(target: Target, o: RunOptions & { readonly preempt?: Preempt } = {}): RunReport {
  return runScenario(toScenario(target, o.preempt), o);
}

/**
 * `check` of the public API: explores many runs of a scenario, or of a `.py` file by path
 * (see `checkScenario`); `preempt` is a `.py` file's preemption mode.
 */
export function checkTarget(target: Target, o: CheckOptions & { readonly preempt?: Preempt } = {}): CheckReport {
  const scenario = toScenario(target, o.preempt);
  return checkScenario(scenario, typeof target === 'string' && o.source === undefined ? { ...o, source: target } : o);
}
