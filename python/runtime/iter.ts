/**
 * Iteration: every iterator has `$n()`, returning the next value or `STOP`. A Python
 * generator (or a user `__next__`) that blocks in a kernel call returns `BLK` instead, and
 * the compiled loop then drives `$bn()` with `yield*`, which forwards the kernel's wake-up
 * to the suspended generator: so a generator may block, and a `for` over it too.
 *
 * Generator objects: `send`, `throw`, `close` as in PEP 342; `yield from` delegates to the
 * inner generator's JavaScript generator directly.
 */
import type { Blocking } from '../../engine/index.ts';
import { TOKEN } from '../../engine/op.ts';
import { callG, callSync, drive, lookup, R, SUB, userDunder } from './call.ts';
import { PyBoxed, PyBytes, PyDict, PyExc, PyFloat, PyObject, PySet, PyTuple } from './objects.ts';
import { eq, hashKey, isInt } from './ops.ts';
import { strHash } from './strhash.ts';
import {
  GeneratorExit,
  generatorType,
  isInstance,
  makeExc,
  newType,
  objectType,
  pyErr,
  RuntimeError,
  rangeType,
  StopIteration,
  setPyType,
  typeError,
  typeName,
  typeOf,
  ValueError,
} from './types.ts';

export const STOP: unique symbol = Symbol('stop');
export const BLK: unique symbol = Symbol('blk');

export interface PyIter {
  $n(): unknown;
  $bn?(): Blocking<unknown>;
}

const listIterType = newType('list_iterator', [objectType]);
const tupleIterType = newType('tuple_iterator', [objectType]);
const strIterType = newType('str_ascii_iterator', [objectType]);
const dictKeyIterType = newType('dict_keyiterator', [objectType]);
const setIterType = newType('set_iterator', [objectType]);
const rangeIterType = newType('range_iterator', [objectType]);
export const iterTypes = [listIterType, tupleIterType, strIterType, dictKeyIterType, setIterType, rangeIterType];

export class ArrayIter implements PyIter {
  i = 0;
  constructor(readonly a: readonly unknown[]) {}
  $n(): unknown {
    return this.i < this.a.length ? this.a[this.i++] : STOP;
  }
}
setPyType(ArrayIter.prototype, listIterType);

export class TupleIter extends ArrayIter {}
setPyType(TupleIter.prototype, tupleIterType);

export class JsIter implements PyIter {
  constructor(readonly it: Iterator<unknown>) {}
  $n(): unknown {
    const r = this.it.next();
    return r.done ? STOP : r.value;
  }
}
setPyType(JsIter.prototype, dictKeyIterType);

export class SetIter extends JsIter {}
setPyType(SetIter.prototype, setIterType);

export class StrIter implements PyIter {
  i = 0;
  constructor(readonly s: string) {}
  $n(): unknown {
    const s = this.s;
    if (this.i >= s.length) return STOP;
    const c = s.codePointAt(this.i) as number;
    const ch = String.fromCodePoint(c);
    this.i += ch.length;
    return ch;
  }
}
setPyType(StrIter.prototype, strIterType);

export class PyRange {
  readonly length: number;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    if (step === 0) throw pyErr(ValueError, 'range() arg 3 must not be zero');
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    this.length = Math.max(0, n);
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}
setPyType(PyRange.prototype, rangeType);

export class RangeIter implements PyIter {
  i: number;
  constructor(
    start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    this.i = start;
  }
  $n(): unknown {
    const i = this.i;
    if (this.step > 0 ? i >= this.stop : i <= this.stop) return STOP;
    this.i = i + this.step;
    return i;
  }
}
setPyType(RangeIter.prototype, rangeIterType);

/** Drives a Python generator function's body; `yield` values are the Python yields. */
export class PyGenerator implements PyIter {
  /** The generator whose frame is executing (for `yield from` to record its delegate). */
  static current: PyGenerator | null = null;
  done = false;
  started = false;
  running = false;
  ret: unknown = null;
  /** What a `yield from` in its frame delegates to while it does (`gi_yieldfrom`). */
  yf: unknown = null;
  /** `gi_frame`, made when first read. */
  frame: unknown = null;

  /** `__name__` and `__qualname__` (the type's own `__name__` is 'generator'). */
  $attr(name: string): unknown {
    return name === '__name__' ? this.name : name === '__qualname__' ? this.qualname : undefined;
  }
  constructor(
    readonly js: Blocking<unknown>,
    readonly name: string,
    readonly qualname: string,
  ) {}

  #step(r: () => IteratorResult<unknown, unknown>): unknown {
    if (this.running) throw pyErr(ValueError, 'generator already executing');
    this.running = true;
    this.started = true;
    let res: IteratorResult<unknown, unknown>;
    const outer = PyGenerator.current;
    PyGenerator.current = this;
    try {
      res = r();
    } catch (e) {
      this.done = true;
      if (e instanceof PyExc && isInstance(e, StopIteration)) {
        const err = pyErr(RuntimeError, 'generator raised StopIteration');
        err.cause = e;
        err.context = e;
        throw err;
      }
      throw e;
    } finally {
      this.running = false;
      PyGenerator.current = outer;
    }
    if (res.done) {
      this.done = true;
      this.ret = res.value ?? null;
      return STOP;
    }
    if (res.value === TOKEN) return BLK;
    return res.value;
  }

  $n(): unknown {
    if (this.done) return STOP;
    return this.#step(() => this.js.next(null));
  }

  /** Continues after `BLK`: forwards each kernel wake-up until the next Python yield. */
  *$bn(): Blocking<unknown> {
    for (;;) {
      const sent = yield TOKEN;
      const v = this.#step(() => this.js.next(sent));
      if (v !== BLK) return v;
    }
  }

  /** `send(v)`/`next()`/`throw(e)` for Python code: may block, raises StopIteration at the end. */
  *resume(kind: 'next' | 'throw', v: unknown): Blocking<unknown> {
    if (this.done) {
      if (kind === 'throw') throw v;
      throw makeExc(StopIteration, []);
    }
    if (kind === 'next' && !this.started && v !== null) {
      throw typeError("can't send non-None value to a just-started generator");
    }
    let r = this.#step(() => (kind === 'throw' ? this.js.throw(v) : this.js.next(v)));
    while (r === BLK) {
      const sent = yield TOKEN;
      r = this.#step(() => this.js.next(sent));
    }
    if (r === STOP) throw makeExc(StopIteration, this.ret === null ? [] : [this.ret]);
    return r;
  }

  close(): void {
    if (this.done) return;
    if (!this.started) {
      this.done = true;
      return;
    }
    let r: unknown;
    try {
      r = this.#step(() => this.js.throw(makeExc(GeneratorExit, [])));
    } catch (e) {
      if (e instanceof PyExc && (isInstance(e, GeneratorExit) || isInstance(e, StopIteration))) return;
      throw e;
    }
    if (r !== STOP) throw pyErr(RuntimeError, 'generator ignored GeneratorExit');
  }
}
setPyType(PyGenerator.prototype, generatorType);

/** Iterates a user object with `__next__`. */
export class UserIter implements PyIter {
  #pending: Blocking<unknown> | null = null;
  constructor(
    readonly o: unknown,
    readonly next: unknown,
  ) {}
  #finish(r: IteratorResult<unknown, unknown>): unknown {
    return r.value;
  }
  $n(): unknown {
    const g = callG(this.next, [this.o], null, null);
    let r: IteratorResult<unknown, unknown>;
    try {
      r = g.next();
    } catch (e) {
      if (e instanceof PyExc && isInstance(e, StopIteration)) return STOP;
      throw e;
    }
    if (!r.done) {
      this.#pending = g;
      return BLK;
    }
    return this.#finish(r);
  }
  *$bn(): Blocking<unknown> {
    const g = this.#pending as Blocking<unknown>;
    this.#pending = null;
    try {
      for (;;) {
        const sent = yield TOKEN;
        const r = g.next(sent);
        if (r.done) return r.value;
      }
    } catch (e) {
      if (e instanceof PyExc && isInstance(e, StopIteration)) return STOP;
      throw e;
    }
  }
}

export function notIterable(x: unknown): PyExc {
  return typeError(`'${typeName(x)}' object is not iterable`);
}

/** `iter(x)` as the compiled code and the builtins use it. */
/** The iterator a user `__iter__` returned, as the iteration protocol takes it. */
function userIterOf(it: unknown): PyIter {
  if (it instanceof PyObject) {
    const nx = lookup(it.cls, '__next__');
    if (nx === undefined) throw typeError(`iter() returned non-iterator of type '${typeName(it)}'`);
    return new UserIter(it, nx);
  }
  if (it === null || typeof it !== 'object' || typeof (it as PyIter).$n !== 'function') {
    throw typeError(`iter() returned non-iterator of type '${typeName(it)}'`);
  }
  return it as PyIter;
}

export function iter(x: unknown): PyIter {
  if (SUB.on) {
    const f = userDunder(x, '__iter__');
    if (f !== undefined) return userIterOf(callSync(f, [x]));
  }
  if (Array.isArray(x)) return new ArrayIter(x);
  if (x instanceof PyRange) return new RangeIter(x.start, x.start + x.length * x.step, x.step);
  if (x instanceof PyTuple) return new TupleIter(x.a);
  if (typeof x === 'string') return new StrIter(x);
  if (x instanceof PyDict) return new JsIter(dictKeys(x));
  if (x instanceof PySet) return new SetIter(setIter(x));
  if (x !== null && typeof x === 'object' && typeof (x as PyIter).$n === 'function') return x as PyIter;
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__iter__');
    if (x instanceof PyBoxed && f === undefined) return iter(x.v);
    if (f !== undefined) {
      const it = callSync(f, [x]);
      if (it instanceof PyObject) {
        const nx = lookup(it.cls, '__next__');
        if (nx === undefined) throw typeError(`iter() returned non-iterator of type '${typeName(it)}'`);
        return new UserIter(it, nx);
      }
      if (it === null || typeof it !== 'object' || typeof (it as PyIter).$n !== 'function') {
        throw typeError(`iter() returned non-iterator of type '${typeName(it)}'`);
      }
      return it as PyIter;
    }
    const gi = lookup(x.cls, '__getitem__');
    if (gi !== undefined) return new SeqIter(x, gi);
  }
  if (x instanceof PyBytes) return new ArrayIter(Array.from(x.b));
  const t = typeOf(x);
  const f = lookup(t, '__iter__');
  if (typeof f === 'function') return iter(callSync(f, [x]));
  throw notIterable(x);
}

class SeqIter implements PyIter {
  i = 0;
  constructor(
    readonly o: unknown,
    readonly gi: unknown,
  ) {}
  $n(): unknown {
    try {
      return callSync(this.gi, [this.o, this.i++]);
    } catch (e) {
      if (e instanceof PyExc && (e.cls.name === 'IndexError' || isInstance(e, StopIteration))) return STOP;
      throw e;
    }
  }
}

function* setIter(s: PySet): Blocking {
  const size = s.m.size;
  for (const v of setItems(s)) {
    if (s.m.size !== size) throw pyErr(RuntimeError, 'Set changed size during iteration');
    yield v;
  }
  if (s.m.size !== size) throw pyErr(RuntimeError, 'Set changed size during iteration');
}

function* dictKeys(d: PyDict): Blocking {
  const size = d.m.size;
  for (const [k] of d.m.values()) {
    yield k;
    if (d.m.size !== size) throw pyErr(RuntimeError, 'dictionary changed size during iteration');
  }
}

/** The next value from a builtin's point of view: a blocking generator is refused. */
export function nextSync(it: PyIter): unknown {
  let v: unknown;
  R.sync++;
  try {
    v = it.$n();
  } finally {
    R.sync--;
  }
  if (v === BLK) return drive((it.$bn as () => Blocking<unknown>).call(it));
  return v;
}

/** The items of an iterable as an array the caller must not modify (may be the list). */
export function items(x: unknown): readonly unknown[] {
  if (SUB.on && userDunder(x, '__iter__') !== undefined) return toArray(x);
  if (Array.isArray(x)) return x;
  if (x instanceof PyTuple) return x.a;
  return toArray(x);
}

/** A fresh array of an iterable's items. */
export function toArray(x: unknown): unknown[] {
  if (SUB.on && userDunder(x, '__iter__') !== undefined) {
    const it = iter(x);
    const out: unknown[] = [];
    for (let v = nextSync(it); v !== STOP; v = nextSync(it)) out.push(v);
    return out;
  }
  if (Array.isArray(x)) return x.slice();
  if (x instanceof PyTuple) return x.a.slice();
  if (x instanceof PyDict) return [...x.m.values()].map((e) => e[0]);
  if (typeof x === 'string') return Array.from(x);
  const it = iter(x);
  const out: unknown[] = [];
  for (let v = nextSync(it); v !== STOP; v = nextSync(it)) out.push(v);
  return out;
}

export function toArrayOpt(x: unknown): unknown[] | null {
  try {
    return toArray(x);
  } catch (e) {
    if (e instanceof PyExc && e.cls.name === 'TypeError') return null;
    throw e;
  }
}

/** Unpacking `a, b = x` / `a, *b, c = x`. */
export function unpack(x: unknown, n: number, star: number): unknown[] {
  const a = items(x);
  if (star < 0) {
    if (a.length !== n) {
      if (a.length > n) throw pyErr(ValueError, `too many values to unpack (expected ${n})`);
      throw pyErr(ValueError, `not enough values to unpack (expected ${n}, got ${a.length})`);
    }
    return a as unknown[];
  }
  if (a.length < n - 1) {
    throw pyErr(ValueError, `not enough values to unpack (expected at least ${n - 1}, got ${a.length})`);
  }
  const after = n - 1 - star;
  return [...a.slice(0, star), a.slice(star, a.length - after), ...a.slice(a.length - after)];
}

// ---- set order ----------------------------------------------------------------------

const M61 = (1n << 61n) - 1n;
const U64 = (1n << 64n) - 1n;

function intHash(v: number | bigint | boolean): bigint {
  let b = typeof v === 'bigint' ? v : BigInt(v === true ? 1 : v === false ? 0 : v);
  const neg = b < 0n;
  if (neg) b = -b;
  let h = b % M61;
  if (neg) h = -h;
  if (h === -1n) h = -2n;
  return h;
}

/**
 * A set's items in CPython's iteration order when every item is an int (or an integral
 * float) or a str (hashed as with PYTHONHASHSEED=0): the order of its hash table, rebuilt
 * here from the insertion order. Other sets iterate in insertion order.
 */
export function setItems(s: PySet): unknown[] {
  const vals = [...s.m.values()];
  if (vals.length < 2) return vals;
  for (const v of vals) {
    if (!isInt(v) && typeof v !== 'string' && !(v instanceof PyFloat && Number.isInteger(v.v))) return vals;
  }
  let mask = BigInt(s.size0 - 1);
  let table: (unknown | undefined)[] = new Array(s.size0);
  let hashes: bigint[] = new Array(s.size0);
  let fill = 0;
  const insert = (v: unknown, h: bigint) => {
    let perturb = h & U64;
    let i = h & mask;
    for (;;) {
      if (table[Number(i)] === undefined) break;
      let found = false;
      if (i + 9n <= mask) {
        for (let j = 1n; j <= 9n; j++) {
          if (table[Number(i + j)] === undefined) {
            i = i + j;
            found = true;
            break;
          }
        }
      }
      if (found) break;
      perturb >>= 5n;
      i = (i * 5n + 1n + perturb) & mask;
    }
    table[Number(i)] = v;
    hashes[Number(i)] = h;
  };
  for (const v of vals) {
    const h = typeof v === 'string' ? strHash(v) : intHash(v instanceof PyFloat ? BigInt(v.v) : (v as number));
    insert(v, h);
    fill++;
    if (fill * 5 >= Number(mask) * 3) {
      const minused = fill > 50000 ? fill * 2 : fill * 4;
      let size = 8;
      while (size <= minused) size <<= 1;
      const oldT = table;
      const oldH = hashes;
      mask = BigInt(size - 1);
      table = new Array(size);
      hashes = new Array(size);
      for (let i = 0; i < oldT.length; i++) if (oldT[i] !== undefined) insert(oldT[i], oldH[i] as bigint);
    }
  }
  return table.filter((v) => v !== undefined);
}

export function setHas(s: PySet, x: unknown): boolean {
  return s.m.has(hashKey(x));
}
export { eq };
