/**
 * The helpers the compiled code calls, under the short `$` names the compiler emits.
 * Gathered in one object so a compiled module receives them as one argument and binds
 * each to a local constant (cheap to reach for V8).
 */

import { activeKernel } from '../../engine/context.ts';
import type { Blocking } from '../../engine/index.ts';
import { computeTicks, preempt } from '../../engine/index.ts';
import { B } from './builtins.ts';
import './bytes.ts';
import './numeric.ts';
import { attrHook, callG, callI, delAttr, getAttr, getAttrOpt, getMethod, lookup, NOSELF, R, setAttr } from './call.ts';
import { instantiate, mkclass, mkfn, Super, superGet } from './classes.ts';
import {
  assertErr,
  caught,
  ctx,
  handlerEnter,
  handlerExit,
  match,
  mkraise,
  nameError,
  reraise,
  suggestion,
  tb,
  toPy,
  tracebackOf,
  unboundError,
} from './exceptions.ts';
import { ascii, formatValue, repr, str } from './format.ts';
import { delItem, getItem, setItem, sliceIndices } from './items.ts';
import { BLK, items, iter, PyGenerator, STOP, setItems, toArray, toArrayOpt, unpack } from './iter.ts';
import { defArith, dictSet, dictUpdate, itemOps, setAdd } from './methods.ts';
import {
  type AnyFn,
  PyBytes,
  PyDict,
  PyExc,
  PyFloat,
  PyModule,
  PyObject,
  PySet,
  PySlice,
  PyTuple,
  PyType,
} from './objects.ts';
import {
  add,
  BINOPS,
  binop,
  compare,
  contains,
  containsRaw,
  floordiv,
  fmt,
  ge,
  gt,
  inplace,
  invert,
  keyError,
  le,
  lt,
  mod,
  mul,
  neg,
  opEq,
  opNe,
  pos,
  pow,
  sub,
  truth,
} from './ops.ts';
import {
  ELLIPSIS,
  IndexError,
  noAttr,
  pyErr,
  RecursionError,
  RuntimeError,
  typeError,
  typeName,
  typeOf,
} from './types.ts';

fmt.toArray = toArray;
fmt.toArrayOpt = toArrayOpt;
fmt.keyError = keyError;
fmt.IndexError = IndexError;
fmt.getattr = getAttr;
fmt.getitem = getItem;
fmt.setItems = setItems;
B.$ops = { floordiv, mod, pow };
B.$superGet = superGet;
B.$ga = getAttr;
B.$dir = (o: unknown) =>
  dirOf(o).filter((n) => !(o instanceof PyType) || !n.startsWith('__') || lookup(o, n) !== undefined);
B.$sliceIndices = sliceIndices;
defArith(BINOPS);
attrHook.missing = (o, name) => attrErrorWithSuggestion(o, name);
itemOps.contains = containsRaw;
itemOps.binop = binop;

/** `super()` / `super(cls, obj)`. */
function superFn(cls?: unknown, self?: unknown): Super {
  if (cls === undefined) throw pyErr(RuntimeError, 'super(): no arguments');
  return new Super(cls as never, self);
}
(superFn as AnyFn).$nb = true;
(superFn as AnyFn).$name = 'super';
B.super = superFn;

function ga(o: unknown, name: string): unknown {
  if (o instanceof Super) return superGet(o, name);
  const v = getAttrOpt(o, name);
  if (v === undefined) throw attrErrorWithSuggestion(o, name);
  return v;
}

/** AttributeError with CPython's "Did you mean" computed from the object's attributes. */
export function attrErrorWithSuggestion(o: unknown, name: string): PyExc {
  const e = noAttr(o, name);
  (e as { $suggest?: () => string | null }).$suggest = () => suggestion(name, dirOf(o));
  return e;
}

export function dirOf(o: unknown): string[] {
  const names = new Set<string>();
  if (o instanceof PyObject) for (const k of Object.keys(o.d)) names.add(k);
  const t = o instanceof PyType ? o : typeOf(o);
  for (const c of t.mro) for (const k of Object.keys(c.dict)) names.add(k);
  if (o instanceof PyModule) for (const k of Object.keys(o.d)) names.add(k);
  for (const k of [
    '__class__',
    '__doc__',
    '__init__',
    '__repr__',
    '__str__',
    '__eq__',
    '__hash__',
    '__dir__',
    '__format__',
    '__getattribute__',
    '__setattr__',
    '__delattr__',
    '__new__',
    '__reduce__',
    '__sizeof__',
    '__subclasshook__',
    '__init_subclass__',
    '__ne__',
    '__lt__',
    '__le__',
    '__gt__',
    '__ge__',
  ])
    names.add(k);
  return [...names].sort();
}

function gm(o: unknown, name: string): unknown {
  if (o instanceof Super) {
    R.s = NOSELF;
    return superGet(o, name);
  }
  return getMethod(o, name);
}

function* enter(m: unknown): Blocking<unknown> {
  const f = lookup(typeOf(m), '__enter__');
  if (f === undefined) throw typeError(`'${typeName(m)}' object does not support the context manager protocol`);
  return yield* callG(f, [m], null, null);
}

function exitOf(m: unknown): unknown {
  const f = lookup(typeOf(m), '__exit__');
  if (f === undefined) {
    if (lookup(typeOf(m), '__enter__') === undefined) {
      throw typeError(`'${typeName(m)}' object does not support the context manager protocol`);
    }
    throw typeError(`'${typeName(m)}' object does not support the context manager protocol (missed __exit__ method)`);
  }
  return f;
}

/** `yield from x` inside a compiled generator. */
function* yf(x: unknown): Blocking<unknown> {
  if (x instanceof PyGenerator) {
    if (x.done) return null;
    x.started = true;
    const outer = PyGenerator.current;
    if (outer !== null) outer.yf = x;
    let r: unknown;
    try {
      r = yield* x.js;
    } finally {
      x.done = true;
      if (outer !== null) outer.yf = null;
    }
    x.ret = r ?? null;
    return x.ret;
  }
  const it = iter(x);
  const outer = PyGenerator.current;
  for (;;) {
    let v = it.$n();
    if (v === BLK) v = yield* (it.$bn as () => Blocking<unknown>).call(it);
    if (v === STOP) {
      if (outer !== null) outer.yf = null;
      return null;
    }
    if (outer !== null) outer.yf = it;
    yield v;
  }
}

/** A call's keyword arguments in source order: `name=value` pairs and `**mapping`s. */
function kwargs(parts: [string | null, unknown][], f: unknown): [string[], unknown[]] {
  const kn: string[] = [];
  const kv: unknown[] = [];
  for (const [name, val] of parts) {
    if (name !== null) {
      kn.push(name);
      kv.push(val);
      continue;
    }
    if (!(val instanceof PyDict)) {
      throw typeError(`${fname(f)} argument after ** must be a mapping, not ${typeName(val)}`);
    }
    for (const [k, v] of val.m.values()) {
      if (typeof k !== 'string') throw typeError('keywords must be strings');
      if (kn.includes(k)) throw typeError(`${fname(f)} got multiple values for keyword argument '${k}'`);
      kn.push(k);
      kv.push(v);
    }
  }
  return [kn, kv];
}

function fname(f: unknown): string {
  const fn = f as AnyFn;
  if (fn?.$fn !== undefined) return `${fn.$fn.module}.${fn.$fn.qualname}()`;
  return `${fn?.$name ?? 'function'}()`;
}

function staritems(x: unknown, f: unknown): readonly unknown[] {
  try {
    return items(x);
  } catch (e) {
    if (e instanceof PyExc && e.cls.name === 'TypeError' && !(x instanceof PyObject)) {
      throw typeError(`${fname(f)} argument after * must be an iterable, not ${typeName(x)}`);
    }
    throw e;
  }
}

function delName(ns: Record<string, unknown>, name: string, p: number): void {
  if (ns[name] === undefined) throw nameError(name, p);
  delete ns[name];
}

function iadd(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= Number.MAX_SAFE_INTEGER && r >= -Number.MAX_SAFE_INTEGER) return r;
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  return inplace('+', a, b);
}

function is(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // ints and floats are values here; CPython caches small ints, and `is` on equal small ints is True
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return false;
}

function mkset(a: unknown[]): PySet {
  const s = new PySet();
  for (const x of a) setAdd(s, x);
  return s;
}

/**
 * A display of three or more constants: CPython builds a frozenset constant from them,
 * which the constant merger rebuilds from its own iteration order (so an int set's order
 * is that of the rebuilt one; with strs in it, the first one's order matched CPython's in
 * nine cases of ten measured, the rebuilt one's in eight), then updates an empty set from
 * it. Five or more items make the set presize its table (to the first power of two above
 * twice the count) and take them in the frozenset's order; fewer keep its very layout.
 */
function mkconstset(a: unknown[]): PySet {
  const first = mkset(a);
  const frozen = a.some((x) => typeof x === 'string') ? first : mkset(setItems(first));
  const n = frozen.m.size;
  const s = new PySet();
  if (n * 5 >= 21) while (s.size0 <= n * 2) s.size0 <<= 1;
  // A table of the frozenset's own size is copied slot for slot.
  if (s.size0 === grownSize(n)) return frozen;
  for (const x of setItems(frozen)) setAdd(s, x);
  return s;
}

/** The table size of a set after `n` distinct insertions from empty (CPython's growth rule). */
function grownSize(n: number): number {
  let size = 8;
  for (let fill = 1; fill <= n; fill++) {
    if (fill * 5 < (size - 1) * 3) continue;
    const minused = fill > 50000 ? fill * 2 : fill * 4;
    size = 8;
    while (size <= minused) size <<= 1;
  }
  return size;
}

/**
 * The eval breaker. Each check (function entry, loop back edge, after a call) counts
 * down `R.b`; when it runs out the running thread is charged `BREAKER.ticks` of CPU
 * through the kernel's GIL model (`computeTicks`), which is where another thread can take
 * the GIL, once the 5 ms switch interval has run out: so a switch lands only where
 * CPython 3.11 can switch. With `preempt`, every check is also a scheduling point (for
 * exhaustive exploration). Never in runtime code running Python synchronously.
 */
export const BREAKER = { quantum: 1000, ticks: 100, preempt: false, pending: 1000 };

/** Nothing to do: `yield*` of it yields nothing (one shared object). */
const NOTHING: Iterable<unknown, void, unknown> = [];

/**
 * Returns what the compiled code drives with `yield*`: the kernel's shared preemption or
 * compute op itself, so that the check, run at every loop iteration and call, allocates
 * nothing (a generator here was a tenth of a checked run's allocations).
 */
function brk(): Iterable<unknown, void, unknown> {
  R.b = BREAKER.preempt ? 0 : BREAKER.quantum;
  if (R.sync > 0 || activeKernel()?.current == null) return NOTHING;
  if (BREAKER.preempt) {
    if (--BREAKER.pending > 0) return preempt();
    BREAKER.pending = BREAKER.quantum;
    return preemptThenCharge();
  }
  return BREAKER.ticks > 0 ? computeTicks(BREAKER.ticks) : NOTHING;
}

function* preemptThenCharge(): Blocking {
  yield* preempt();
  if (BREAKER.ticks > 0) yield* computeTicks(BREAKER.ticks);
}

/** The running program's globals (for NameError suggestions). */
export const currentGlobals: { g: object | null } = { g: null };

export const RT: Record<string, unknown> = {
  $brk: brk,
  $R: R,
  $NOSELF: NOSELF,
  $BLK: BLK,
  $STOP: STOP,
  $ELLIPSIS: ELLIPSIS,
  $ne: (name: string, p: number, locals: readonly string[]) => {
    throw nameError(name, p, locals, currentGlobals.g);
  },
  $unb: (name: string, p: number, local: boolean) => {
    throw unboundError(name, p, local);
  },
  $add: add,
  $sub: sub,
  $mul: mul,
  $binop: binop,
  $lt: lt,
  $le: le,
  $gt: gt,
  $ge: ge,
  $eq: opEq,
  $ne_: opNe,
  $is: is,
  $contains: contains,
  $neg: neg,
  $posv: pos,
  $invert: invert,
  $compare: compare,
  $ga: ga,
  $gi: getItem,
  $sa: setAttr,
  $si: setItem,
  $da: delAttr,
  $di: delItem,
  $gm: gm,
  $cg: callI,
  $kwargs: kwargs,
  $mkfn: mkfn,
  $Gen: PyGenerator,
  $mkclass: mkclass,
  $instantiate: instantiate,
  $tb: tb,
  $caught: caught,
  $ctx: ctx,
  $hpush: handlerEnter,
  $hpop: handlerExit,
  $match: match,
  $reraise: reraise,
  $mkraise: mkraise,
  $toPy: toPy,
  $tbOf: tracebackOf,
  $typeOf: typeOf,
  $exitOf: exitOf,
  $enter: enter,
  $iter: iter,
  $unpack: unpack,
  $list: (a: unknown[]) => a,
  $items: items,
  $recursion: () => pyErr(RecursionError, 'maximum recursion depth exceeded'),
  $localsDict: (entries: [string, unknown][]) => {
    const d = new PyDict();
    for (const [k, v] of entries) if (v !== undefined) dictSet(d, k, v);
    return d;
  },
  $globalsDict: (g: Record<string, unknown>) => {
    const d = new PyDict();
    for (const k of Object.keys(g)) dictSet(d, k, g[k]);
    return d;
  },
  $staritems: staritems,
  $abandon: (it: unknown) => {
    if (it instanceof PyGenerator && !it.done) it.close();
  },
  $T: (a: unknown[]) => new PyTuple(a),
  $tuple: (a: unknown[]) => new PyTuple(a),
  $mkset: mkset,
  $mkconstset: mkconstset,
  $setAdd: setAdd,
  $dict: () => new PyDict(),
  $dictSet: dictSet,
  $dictUpdate: (d: PyDict, o: unknown) => {
    if (!(o instanceof PyDict)) throw typeError(`'${typeName(o)}' object is not a mapping`);
    dictUpdate(d, o);
  },
  $slice: (a: unknown, b: unknown, c: unknown) => new PySlice(a, b, c),
  $F: (v: number) => new PyFloat(v),
  $bytes: (s: string) => new PyBytes(Uint8Array.from(s, (c) => c.charCodeAt(0))),
  $repr: repr,
  $str: str,
  $fmt0: (v: unknown) => (typeof v === 'string' ? v : formatValue(v, '')),
  $format: formatValue,
  $truth: truth,
  $yf: yf,
  $assertErr: assertErr,
  $delName: delName,
  $iadd: iadd,
  $inplace: inplace,
  $annot: (ns: Record<string, unknown>, name: string, t: unknown) => {
    let d = ns.__annotations__;
    if (!(d instanceof PyDict)) {
      d = new PyDict();
      ns.__annotations__ = d;
    }
    dictSet(d as PyDict, name, t);
  },
  $unsupported: (msg: string) => {
    throw typeError(msg);
  },
  $ascii: (v: unknown) => ascii(repr(v)),
  $super: (cls: unknown, self: unknown) => new Super(cls as never, self),
};

export { floordiv, PyExc, PyObject };
