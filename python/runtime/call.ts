/**
 * Calling and attribute access. Every compiled Python function is a JavaScript generator
 * function, so a call that may block is `yield*`ed and every Python thread is a kernel
 * fiber. Builtins are plain functions (`$nb`), blocking builtins return an Op (`$blk`).
 * The runtime calls Python code from non-generator contexts (a `__repr__`, a sort key)
 * with `callSync`, which refuses to block there.
 *
 * Attribute lookup follows CPython's order: data descriptors (properties) on the class,
 * then the instance dict, then the class (functions bind, static and class methods unwrap).
 */

import { activeKernel } from '../../engine/context.ts';
import type { Blocking } from '../../engine/index.ts';
import { TOKEN } from '../../engine/op.ts';
import {
  type AnyFn,
  BoundMethod,
  ClassMethod,
  type FnInfo,
  Property,
  PyBoxed,
  PyDict,
  PyExc,
  PyModule,
  PyObject,
  PyTuple,
  PyType,
  StaticMethod,
} from './objects.ts';
import { AttributeError, noAttr, objectType, pyErr, RuntimeError, typeError, typeName, typeOf } from './types.ts';

export const NOSELF: unique symbol = Symbol('noself');
/** The self of the last `getMethod`, read at once by the call site. */
export const R = {
  s: NOSELF as unknown,
  frames: 0,
  /** Eval-breaker checks left before the running thread is charged CPU time (see rt.ts). */
  b: 0,
  /** Depth of runtime code running Python synchronously: no kernel yield may happen there. */
  sync: 0,
  /** The position of the last call through the generic path (for warnings). */
  p: 0,
  /** Python frames on the stack, against `sys.getrecursionlimit()`. */
  depth: 0,
  limit: 1000,
};

/**
 * Per-class caches (the names of properties along the MRO, a custom `__setattr__`, the
 * constructor path), dropped whenever any class namespace changes: classes rarely change
 * after their body has run, and attribute access is the hottest path of Python code.
 */
let epoch = 0;
export function classChanged(): void {
  epoch++;
}
interface ClassCache {
  epoch: number;
  props: Set<string>;
  setattr: unknown;
  getattr: unknown;
  /** `cls(...)` fast path: a plain object and a compiled `__init__` (or none). */
  init: unknown;
  simpleNew: boolean;
}
const caches = new WeakMap<PyType, ClassCache>();
export function classCache(t: PyType): ClassCache {
  let c = caches.get(t);
  if (c !== undefined && c.epoch === epoch) return c;
  const props = new Set<string>();
  for (const b of t.mro) for (const k of Object.keys(b.dict)) if (b.dict[k] instanceof Property) props.add(k);
  const sa = lookup(t, '__setattr__');
  c = {
    epoch,
    props,
    setattr: typeof sa === 'function' && (sa as AnyFn).$fn !== undefined ? sa : undefined,
    getattr: lookup(t, '__getattr__'),
    init: lookup(t, '__init__'),
    simpleNew: lookup(t, '__new__') === undefined && !t.isException,
  };
  caches.set(t, c);
  return c;
}

/** Looks `name` up along `t`'s MRO. */
export function lookup(t: PyType, name: string): unknown {
  const mro = t.mro;
  for (let i = 0; i < mro.length; i++) {
    const v = (mro[i] as PyType).dict[name];
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * The self to pass to `f`, a method found on `o`'s class: an instance of a str or int
 * subclass gives a builtin method its value, its own class's methods the instance.
 */
export function selfOf(o: unknown, f: unknown): unknown {
  return typeof f === 'function' && (f as AnyFn).$fn === undefined && o instanceof PyBoxed ? o.v : o;
}

/**
 * Whether some class derived from list, dict, tuple or float defines a special method: only
 * then do subscripts, `in`, len(), iteration, truth and `==` on those values look for one.
 */
export const SUB = { on: false };

/** The special method `name` that the user class of a tagged list, dict, tuple or float defines itself. */
export function userDunder(o: unknown, name: string): AnyFn | undefined {
  const cls = (o as { $cls?: PyType } | null)?.$cls;
  if (cls === undefined) return undefined;
  const f = lookup(cls, name);
  return typeof f === 'function' && (f as AnyFn).$fn !== undefined ? (f as AnyFn) : undefined;
}

/** A str or int subclass's value, else the value itself. */
export function unbox(o: unknown): unknown {
  return o instanceof PyBoxed ? o.v : o;
}

function builtinLookup(x: unknown, name: string): unknown {
  return lookup(typeOf(x), name);
}

/** Attribute read with no binding allocation: sets `R.s` to the self to pass, or NOSELF. */
export function getMethod(o: unknown, name: string): unknown {
  if (o instanceof PyObject) {
    const v = lookup(o.cls, name);
    if (v !== undefined && typeof v === 'function') {
      const own = o.d[name];
      if (own !== undefined) {
        R.s = NOSELF;
        return own;
      }
      R.s = (v as AnyFn).$fn === undefined && o instanceof PyBoxed ? o.v : o;
      return v;
    }
  } else if (o instanceof PyModule) {
    const v = o.d[name];
    if (v !== undefined) {
      R.s = NOSELF;
      return v;
    }
  } else if (!(o instanceof PyType) && o !== null && o !== undefined) {
    const v = builtinLookup(o, name);
    if (typeof v === 'function') {
      R.s = o;
      return v;
    }
  }
  R.s = NOSELF;
  return getAttr(o, name);
}

export function getAttr(o: unknown, name: string): unknown {
  const v = getAttrOpt(o, name);
  if (v === undefined) throw attrMissing(o, name);
  return v;
}

/** The AttributeError for a missing attribute (rt.ts adds CPython's suggestion). */
export const attrHook = { missing: noAttr as (o: unknown, name: string) => PyExc };
const attrMissing = (o: unknown, name: string): PyExc => attrHook.missing(o, name);

function bind(v: unknown, self: unknown, cls: PyType): unknown {
  if (typeof v === 'function') return new BoundMethod(selfOf(self, v), v);
  if (v instanceof Property) {
    if (v.fget === null) throw pyErr(lookupAttrErr(), `property of '${cls.name}' object has no getter`);
    return callSync(v.fget, [self]);
  }
  if (v instanceof StaticMethod) return v.fn;
  if (v instanceof ClassMethod) return new BoundMethod(cls, v.fn);
  return v;
}
function lookupAttrErr(): PyType {
  return AttributeError;
}
/** Hooks set by later modules: special attributes of builtin values (`__name__`, ...). */
export const specialAttrs: Record<string, unknown> = Object.create(null);

/** `getattr(o, name)`, or undefined when missing. */
export function getAttrOpt(o: unknown, name: string): unknown {
  if (o instanceof PyObject) {
    const cls = o.cls;
    const own0 = o.d[name];
    if (own0 !== undefined && !classCache(cls).props.has(name)) return own0;
    const cv = lookup(cls, name);
    if (cv instanceof Property) return bind(cv, o, cls);
    const own = o.d[name];
    if (own !== undefined) return own;
    if (cv !== undefined) return bind(cv, o, cls);
    const special = (specialAttrs.instance as (o: PyObject, n: string) => unknown)(o, name);
    if (special !== undefined) return special;
    const ga = classCache(cls).getattr;
    if (ga !== undefined) return callSync(ga, [o, name]);
    return undefined;
  }
  if (o instanceof PyModule) return o.d[name];
  if (o instanceof PyType) {
    const v = lookup(o, name);
    if (v !== undefined) {
      if (v instanceof StaticMethod) return v.fn;
      if (v instanceof ClassMethod) return new BoundMethod(o, v.fn);
      return v;
    }
    return (specialAttrs.type as (o: PyType, n: string) => unknown)(o, name);
  }
  if (o === undefined) return undefined;
  const tagged = (o as { $d?: Record<string, unknown> } | null)?.$d;
  if (tagged !== undefined && tagged[name] !== undefined) return tagged[name];
  const v = builtinLookup(o, name);
  if (v !== undefined) {
    if (typeof v === 'function') return new BoundMethod(o, v);
    if (v instanceof Property) return callSync(v.fget, [o]);
    if (v instanceof ClassMethod) return new BoundMethod(typeOf(o), v.fn);
    if (v instanceof StaticMethod) return v.fn;
    return v;
  }
  return (specialAttrs.value as (o: unknown, n: string) => unknown)(o, name);
}

export function setAttr(o: unknown, name: string, v: unknown): void {
  if (o instanceof PyObject) {
    const cache = classCache(o.cls);
    if (!cache.props.has(name) && cache.setattr === undefined) {
      o.d[name] = v;
      return;
    }
    const cv = lookup(o.cls, name);
    if (cv instanceof Property) {
      if (cv.fset === null) throw pyErr(lookupAttrErr(), `property '${name}' of '${o.cls.name}' object has no setter`);
      callSync(cv.fset, [o, v]);
      return;
    }
    const sa = lookup(o.cls, '__setattr__');
    if (sa !== undefined && typeof sa === 'function' && (sa as AnyFn).$fn !== undefined) {
      callSync(sa, [o, name, v]);
      return;
    }
    o.d[name] = v;
    return;
  }
  if (o instanceof PyType) {
    o.dict[name] = v;
    classChanged();
    return;
  }
  if (o instanceof PyModule) {
    o.d[name] = v;
    o.changed = true;
    return;
  }
  if (typeof o === 'function') {
    const f = o as AnyFn;
    if (f.$fn !== undefined) {
      if (name === '__name__') f.$fn.name = String(v);
      else if (name === '__qualname__') f.$fn.qualname = String(v);
      else {
        f.$fn.dict ??= Object.create(null);
        (f.$fn.dict as Record<string, unknown>)[name] = v;
      }
      return;
    }
  }
  const tag = o as { $cls?: PyType; $d?: Record<string, unknown> } | null;
  if (tag !== null && typeof tag === 'object' && tag.$cls !== undefined) {
    tag.$d ??= Object.create(null);
    (tag.$d as Record<string, unknown>)[name] = v;
    return;
  }
  const setter = specialAttrs.setValue as (o: unknown, n: string, v: unknown) => boolean;
  if (setter(o, name, v)) return;
  if (lookup(typeOf(o), name) !== undefined) {
    throw pyErr(lookupAttrErr(), `'${typeName(o)}' object attribute '${name}' is read-only`);
  }
  throw pyErr(lookupAttrErr(), `'${typeName(o)}' object has no attribute '${name}'`);
}

export function delAttr(o: unknown, name: string): void {
  if (o instanceof PyObject) {
    const cv = lookup(o.cls, name);
    if (cv instanceof Property) {
      if (cv.fdel === null) throw pyErr(AttributeError, `property '${name}' of '${o.cls.name}' object has no deleter`);
      callSync(cv.fdel, [o]);
      return;
    }
  }
  if (o instanceof PyObject && o.d[name] !== undefined) {
    delete o.d[name];
    return;
  }
  if (o instanceof PyType && o.dict[name] !== undefined) {
    delete o.dict[name];
    classChanged();
    return;
  }
  if (o instanceof PyModule && o.d[name] !== undefined) {
    delete o.d[name];
    o.changed = true;
    return;
  }
  throw attrMissing(o, name);
}

// ---- calls ------------------------------------------------------------------------

function fnName(f: AnyFn): string {
  return f.$fn?.qualname ?? f.$name ?? f.name;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

/** Lays out a call's arguments as a compiled function's JavaScript parameters. */
export function bindArgs(
  f: AnyFn,
  info: FnInfo,
  args: unknown[],
  kwn: readonly string[] | null,
  kwv: unknown[] | null,
): unknown[] {
  const { params, npos } = info;
  const nparams = params.length;
  const out: unknown[] = new Array(nparams + (info.varargs ? 1 : 0) + (info.varkw ? 1 : 0));
  const name = fnName(f);
  const n = args.length;
  for (let i = 0; i < n && i < npos; i++) out[i] = args[i];
  if (n > npos) {
    if (!info.varargs) {
      const nd = info.defaults.length;
      const takes = nd > 0 ? `from ${npos - nd} to ${npos}` : `${npos}`;
      throw typeError(
        `${name}() takes ${takes} positional argument${npos === 1 && nd === 0 ? '' : 's'} but ${n} ${n === 1 ? 'was' : 'were'} given`,
      );
    }
  }
  let kwd: PyDict | null = null;
  const posonly = info.posonly ?? 0;
  if (kwn !== null) {
    const wrong: string[] = [];
    for (let j = 0; j < kwn.length; j++) {
      const k = kwn[j] as string;
      let idx = params.indexOf(k);
      if (idx >= 0 && idx < posonly) {
        if (!info.varkw) {
          wrong.push(k);
          continue;
        }
        idx = -1;
      }
      if (idx < 0) {
        if (!info.varkw) throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
        kwd ??= new PyDict();
        kwd.m.set(k, [k, (kwv as unknown[])[j]]);
        continue;
      }
      if (out[idx] !== undefined) throw typeError(`${name}() got multiple values for argument '${k}'`);
      out[idx] = (kwv as unknown[])[j];
    }
    if (wrong.length > 0) {
      throw typeError(
        `${name}() got some positional-only arguments passed as keyword arguments: '${wrong.join(', ')}'`,
      );
    }
  }
  const nd = info.defaults.length;
  const missing: string[] = [];
  for (let i = 0; i < npos; i++) {
    if (out[i] === undefined) {
      const di = i - (npos - nd);
      if (di >= 0) out[i] = info.defaults[di];
      else missing.push(params[i] as string);
    }
  }
  if (missing.length > 0) {
    throw typeError(
      `${name}() missing ${plural(missing.length, 'required positional argument')}: ${listNames(missing)}`,
    );
  }
  const kwmissing: string[] = [];
  for (let i = npos; i < nparams; i++) {
    if (out[i] === undefined) {
      const d = info.kwdefaults?.[params[i] as string];
      if (d !== undefined) out[i] = d;
      else kwmissing.push(params[i] as string);
    }
  }
  if (kwmissing.length > 0) {
    throw typeError(
      `${name}() missing ${plural(kwmissing.length, 'required keyword-only argument')}: ${listNames(kwmissing)}`,
    );
  }
  let at = nparams;
  if (info.varargs) out[at++] = new PyTuple(n > npos ? args.slice(npos) : []);
  if (info.varkw) out[at] = kwd ?? new PyDict();
  return out;
}

function listNames(names: string[]): string {
  const q = names.map((s) => `'${s}'`);
  if (q.length === 1) return q[0] as string;
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

function kwMap(kwn: readonly string[] | null, kwv: unknown[] | null): Map<string, unknown> | null {
  if (kwn === null || kwn.length === 0) return null;
  const m = new Map<string, unknown>();
  for (let i = 0; i < kwn.length; i++) m.set(kwn[i] as string, (kwv as unknown[])[i]);
  return m;
}

/** Hooks for class instantiation (set by classes.ts). */
export const hooks = {
  instantiate: null as unknown as (
    cls: PyType,
    args: unknown[],
    kwn: readonly string[] | null,
    kwv: unknown[] | null,
  ) => Blocking<unknown>,
};

/** The `.py` line of a call position (`R.p`): set by the front end for the running module. */
export const where = { line: (_p: number): number => 0 };

/**
 * A `py.call` trace mark before each blocking builtin call the program makes
 * (`lock.acquire()`, `time.sleep()`), naming it and its `.py` line: what `--log` and the
 * trace show of where a thread blocked. Only the compiled code's calls (`callI`) are
 * marked: `R.p` is their position, not that of a call the runtime makes itself.
 */
function traceBlocking(fn: AnyFn): void {
  const k = activeKernel();
  // the line in the label, which the Chrome trace export shows (it drops the data)
  if (k?.tracing) k.emit('py.call', `${fnName(fn)}() at line ${where.line(R.p)}`);
}

/** A builtin's result as something to `yield*` (one shared object: consumed at once). */
const RESULT = {
  v: undefined as unknown,
  [Symbol.iterator]() {
    return this;
  },
  next(): IteratorResult<unknown, unknown> {
    const v = this.v;
    this.v = undefined;
    return { value: v, done: true };
  },
};

/**
 * The compiled code's generic call (`yield* $cg(...)`): what `callG` does, but a function
 * or bound method is called without a generator of its own around it — a Python
 * function's generator, a blocking builtin's op or a builtin's value is handed to the
 * caller's `yield*` as is (callG's generator was the largest allocation of a checked run).
 */
export function callI(
  f: unknown,
  args: unknown[],
  kwn: readonly string[] | null,
  kwv: unknown[] | null,
): Iterable<unknown, unknown, unknown> {
  if (f instanceof BoundMethod) return callI(f.fn, [f.self, ...args], kwn, kwv);
  if (typeof f !== 'function') return callG(f, args, kwn, kwv);
  const fn = f as AnyFn;
  const info = fn.$fn;
  if (info !== undefined) {
    if (kwn === null && fn.$s === args.length) return fn(...args);
    return fn(...bindArgs(fn, info, args, kwn, kwv));
  }
  let r: unknown;
  if (kwn !== null && kwn.length > 0) {
    if (fn.$kwf === undefined) throw typeError(`${fnName(fn)}() takes no keyword arguments`);
    r = fn.$kwf(args, kwMap(kwn, kwv));
  } else r = fn(...args);
  if (fn.$blk) {
    traceBlocking(fn);
    return r as Iterable<unknown, unknown, unknown>;
  }
  RESULT.v = r;
  return RESULT;
}

/** The generic call: any callable, any arguments. */
export function* callG(
  f: unknown,
  args: unknown[],
  kwn: readonly string[] | null,
  kwv: unknown[] | null,
): Blocking<unknown> {
  if (typeof f === 'function') {
    const fn = f as AnyFn;
    const info = fn.$fn;
    if (info !== undefined) {
      if (kwn === null && fn.$s === args.length) return yield* fn(...args);
      return yield* fn(...bindArgs(fn, info, args, kwn, kwv));
    }
    if (kwn !== null && kwn.length > 0) {
      if (fn.$kwf === undefined) throw typeError(`${fnName(fn)}() takes no keyword arguments`);
      const r = fn.$kwf(args, kwMap(kwn, kwv));
      return fn.$blk ? yield* r as Blocking<unknown> : r;
    }
    const r = fn(...args);
    return fn.$blk ? yield* r as Blocking<unknown> : r;
  }
  if (f instanceof BoundMethod) return yield* callG(f.fn, [f.self, ...args], kwn, kwv);
  if (f instanceof PyType) {
    const c = classCache(f);
    const init = c.init as AnyFn | undefined;
    if (c.simpleNew && f.native === objectType && kwn === null && init !== undefined && init.$s === args.length + 1) {
      const obj = new PyObject(f);
      const r = yield* init(obj, ...args);
      if (r !== null && r !== undefined) throw typeError(`__init__() should return None, not '${typeName(r)}'`);
      return obj;
    }
    return yield* hooks.instantiate(f, args, kwn, kwv);
  }
  if (f instanceof PyObject) {
    const c = lookup(f.cls, '__call__');
    if (c !== undefined) return yield* callG(c, [f, ...args], kwn, kwv);
  }
  if (f instanceof StaticMethod) return yield* callG(f.fn, args, kwn, kwv);
  if (f !== null && typeof f === 'object') {
    const c = lookup(typeOf(f), '__call__');
    if (c !== undefined) return yield* callG(c, [f, ...args], kwn, kwv);
  }
  throw typeError(`'${typeName(f)}' object is not callable`);
}

/** The runtime calling Python code where it cannot yield (a `__repr__`, a sort key). */
export function callSync(
  f: unknown,
  args: unknown[],
  kwn: readonly string[] | null = null,
  kwv: unknown[] | null = null,
): unknown {
  if (typeof f === 'function' && (f as AnyFn).$fn === undefined && !(f as AnyFn).$blk && kwn === null) {
    return (f as AnyFn)(...args);
  }
  return drive(callG(f, args, kwn, kwv));
}

export function drive(g: Blocking<unknown>): unknown {
  let r: IteratorResult<unknown, unknown>;
  R.sync++;
  try {
    r = g.next();
  } finally {
    R.sync--;
  }
  if (r.done) return r.value;
  if (r.value === TOKEN) {
    throw pyErr(
      RuntimeError,
      'concsim: a blocking call inside code that Python runs implicitly (a __repr__, a key function, a builtin consuming an iterator) is not supported',
    );
  }
  throw pyErr(RuntimeError, 'concsim: unexpected yield');
}

/** Whether a thrown value is a Python exception object. */
export function isPyExc(e: unknown): e is PyExc {
  return e instanceof PyExc;
}

export { PyDict };
