/**
 * The modules a program can import, each built per run (so a run's state — its seeded
 * random generator, its `sys.argv` — never leaks into the next), and the helpers the
 * bindings share to declare functions and classes.
 */

import type { Rng } from '../../engine/index.ts';
import { def } from '../runtime/methods.ts';
import { type AnyFn, PyModule, PyType } from '../runtime/objects.ts';
import { ModuleNotFoundError, newType, objectType, PyTypeError, pyErr } from '../runtime/types.ts';

export interface RunContext {
  readonly argv: readonly string[];
  readonly rng: Rng;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The exit code asked for by `sys.exit` or an uncaught exception. */
  exitCode: number;
  /** The first uncaught exception of a non-main thread, for the verdict. */
  threadError: { thread: string; name: string; message: string; stack: string } | null;
  readonly modules: Map<string, PyModule>;
  readonly files: Map<string, string>;
}

export type ModuleFactory = (ctx: RunContext) => PyModule;
const FACTORIES = new Map<string, ModuleFactory>();

export function registerModule(name: string, f: ModuleFactory): void {
  FACTORIES.set(name, f);
}

export function importModule(ctx: RunContext, name: string): PyModule {
  const have = ctx.modules.get(name);
  if (have !== undefined) return have;
  const f = FACTORIES.get(name);
  if (f === undefined) {
    const e = pyErr(ModuleNotFoundError, `No module named '${name}'`);
    throw e;
  }
  const m = f(ctx);
  m.d.__name__ ??= name;
  ctx.modules.set(name, m);
  return m;
}

/** def() installs into a class; module functions go through this scratch one. */
const SCRATCH = new PyType('module-fns', []);

/** A builtin function of a module: positional arguments, plus keywords if `kw` names them. */
export function func(
  m: PyModule,
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: Python values
  f: (...a: any[]) => unknown,
  o: { kw?: string[]; blk?: boolean; raw?: (args: unknown[], kw: Map<string, unknown> | null) => unknown } = {},
): AnyFn {
  const t = SCRATCH;
  const fn = def(
    t,
    name,
    f,
    o.kw === undefined ? (o.blk ? { blk: true } : {}) : o.blk ? { kw: o.kw, blk: true } : { kw: o.kw },
  );
  if (o.kw !== undefined) {
    // def() maps keywords after `self`; module functions have none, so shift by one.
    const names = o.kw;
    fn.$kwf = (args, kw) => {
      const full = args.slice();
      if (kw !== null) {
        for (const [k, v] of kw) {
          const i = names.indexOf(k);
          if (i < 0) throw pyErr(PyTypeError, `${name}() got an unexpected keyword argument '${k}'`);
          while (full.length <= i) full.push(undefined);
          full[i] = v;
        }
      }
      return fn(...full);
    };
  }
  if (o.raw !== undefined) fn.$kwf = o.raw;
  m.d[name] = fn;
  return fn;
}

export function mkType(name: string, module: string, base: PyType = objectType): PyType {
  const t = newType(name, [base], module);
  return t;
}

export { PyModule };

/**
 * Gives a type its own constructor for model objects. `native` is set with it: a type made
 * by mkType after builtins load would otherwise take `object` as its native base and build
 * plain PyObjects instead of calling `make`.
 */
export function setMake(t: PyType, make: NonNullable<PyType['make']>): void {
  t.make = make;
  t.native = t;
}
