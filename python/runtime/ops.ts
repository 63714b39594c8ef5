/**
 * Python's operators on the runtime's values: truth, equality, hashing (as Map keys),
 * arithmetic with arbitrary-precision ints (a JavaScript number while safe, a bigint
 * beyond), comparisons and the `__dunder__` fallbacks for user classes.
 */
import { callSync, lookup, SUB, selfOf, unbox, userDunder } from './call.ts';
import { PyBoxed, PyBytes, PyDict, PyFloat, PyObject, PySet, PyTuple, PyType } from './objects.ts';
import {
  KeyError,
  makeExc,
  OverflowError,
  PyTypeError,
  pyErr,
  typeError,
  typeName,
  typeOf,
  ValueError,
  zeroDivision,
} from './types.ts';

const MAX = Number.MAX_SAFE_INTEGER;
export const NotImplemented = { notImplemented: true };

/** `int | str`: types.UnionType, accepted by isinstance. */
export class PyUnion {
  constructor(readonly args: unknown[]) {}
}

/** Normalises a bigint back to a number when it fits. */
export function norm(b: bigint): number | bigint {
  return b <= 9007199254740991n && b >= -9007199254740991n ? Number(b) : b;
}

export function isInt(x: unknown): x is number | bigint | boolean {
  const t = typeof x;
  return t === 'number' || t === 'bigint' || t === 'boolean';
}

function big(x: number | bigint | boolean): bigint {
  return typeof x === 'bigint' ? x : BigInt(x === true ? 1 : x === false ? 0 : x);
}
function num(x: number | bigint | boolean): number {
  return typeof x === 'number' ? x : x === true ? 1 : x === false ? 0 : Number(x);
}

export function truth(x: unknown): boolean {
  if (SUB.on && typeof x === 'object' && x !== null && !(x instanceof PyObject)) {
    const b = userDunder(x, '__bool__') ?? userDunder(x, '__len__');
    if (b !== undefined) {
      const r = callSync(b, [x]);
      if (userDunder(x, '__bool__') !== undefined && typeof r !== 'boolean') {
        throw typeError(`__bool__ should return bool, returned ${typeName(r)}`);
      }
      return truth(r);
    }
  }
  if (x === true) return true;
  if (x === false || x === null || x === undefined) return false;
  switch (typeof x) {
    case 'number':
      return x !== 0;
    case 'string':
      return x.length > 0;
    case 'bigint':
      return x !== 0n;
    case 'function':
      return true;
  }
  if (Array.isArray(x)) return x.length > 0;
  if (x instanceof PyFloat) return x.v !== 0;
  if (x instanceof PyTuple) return x.a.length > 0;
  if (x instanceof PyDict || x instanceof PySet) return x.m.size > 0;
  if (x instanceof PyBytes) return x.b.length > 0;
  if (x instanceof PyObject) {
    const b = lookup(x.cls, '__bool__');
    if (b === undefined && x instanceof PyBoxed && lookup(x.cls, '__len__') === undefined) return truth(x.v);
    if (b !== undefined) {
      const r = callSync(b, [x]);
      if (typeof r !== 'boolean') throw typeError(`__bool__ should return bool, returned ${typeName(r)}`);
      return r;
    }
    const l = lookup(x.cls, '__len__');
    if (l !== undefined) return truth(callSync(l, [selfOf(x, l)]));
    return true;
  }
  const t = typeOf(x);
  const l = lookup(t, '__len__');
  if (l !== undefined && typeof l === 'function') return truth(callSync(l, [x]));
  return true;
}

// ---- equality and hashing -------------------------------------------------------------

export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return !(a instanceof PyFloat && Number.isNaN(a.v));
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'string' ? !(b instanceof PyBoxed) : tb === 'string' && !(a instanceof PyBoxed)) return false;
  if (
    (ta === 'number' || ta === 'bigint' || ta === 'boolean') &&
    (tb === 'number' || tb === 'bigint' || tb === 'boolean')
  ) {
    return ta === 'bigint' || tb === 'bigint'
      ? big(a as number) === big(b as number)
      : num(a as number) === num(b as number);
  }
  if (a instanceof PyFloat || b instanceof PyFloat) {
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      const f = (a instanceof PyFloat ? a.v : (b as PyFloat).v) as number;
      const i = (typeof a === 'bigint' ? a : b) as bigint;
      return Number.isInteger(f) && BigInt(f) === i;
    }
    const x = a instanceof PyFloat ? a.v : isInt(a) ? num(a) : undefined;
    const y = b instanceof PyFloat ? b.v : isInt(b) ? num(b) : undefined;
    if (x !== undefined && y !== undefined) return x === y;
    return userEq(a, b);
  }
  if (Array.isArray(a) && Array.isArray(b)) return seqEq(a, b);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqEq(a.a, b.a);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.m.size !== b.m.size) return false;
    for (const [k, [, v]] of a.m) {
      const o = b.m.get(k);
      if (o === undefined || !eq(v, o[1])) return false;
    }
    return true;
  }
  if (a instanceof PySet && b instanceof PySet) {
    if (a.m.size !== b.m.size) return false;
    for (const k of a.m.keys()) if (!b.m.has(k)) return false;
    return true;
  }
  if (a instanceof PyBytes && b instanceof PyBytes) {
    return a.b.length === b.b.length && a.b.every((v, i) => v === b.b[i]);
  }
  if (a !== null && typeof a === 'object' && !(a instanceof PyObject) && !(a instanceof PyType)) {
    const f = lookup(typeOf(a), '__eq__');
    if (typeof f === 'function') {
      const v = callSync(f, [a, b]);
      if (v !== NotImplemented) return truth(v);
    }
  }
  return userEq(a, b);
}

function userEq(a: unknown, b: unknown): boolean {
  const r = richEq(a, b);
  return r === NotImplemented ? a === b : truth(r);
}

/** `a == b` as Python evaluates it: the value `__eq__` returns. */
export function richEq(a: unknown, b: unknown): unknown {
  // A subclass's reflected method goes first when it overrides (as CPython's do_richcompare).
  if (b instanceof PyObject && a instanceof PyObject && b.cls !== a.cls && b.cls.mro.includes(a.cls)) {
    const fb = lookup(b.cls, '__eq__');
    if (fb !== undefined && fb !== lookup(a.cls, '__eq__')) {
      const r = callSync(fb, [b, a]);
      if (r !== NotImplemented) return r;
    }
  }
  if (a instanceof PyObject) {
    const f = lookup(a.cls, '__eq__');
    if (f !== undefined) {
      const r = callSync(f, [a, b]);
      if (r !== NotImplemented) return r;
    }
  }
  if (b instanceof PyObject) {
    const f = lookup(b.cls, '__eq__');
    if (f !== undefined) {
      const r = callSync(f, [b, a]);
      if (r !== NotImplemented) return r;
    }
  }
  if (a instanceof PyBoxed || b instanceof PyBoxed) return eq(unbox(a), unbox(b));
  if (a instanceof PyObject || b instanceof PyObject) return a === b;
  return NotImplemented;
}

/** `a op b` where a tagged list/dict/tuple/float's class defines the operator (NotImplemented if not). */
function taggedBin(op: string, a: unknown, b: unknown): unknown {
  const [l, r] = DUNDER[op] as [string, string];
  const fa = userDunder(a, l);
  if (fa !== undefined) {
    const v = callSync(fa, [a, b]);
    if (v !== NotImplemented) return v;
  }
  const fb = userDunder(b, r);
  if (fb !== undefined) {
    const v = callSync(fb, [b, a]);
    if (v !== NotImplemented) return v;
  }
  return NotImplemented;
}

/** `a == b` where a tagged list/dict/tuple's class defines `__eq__`. */
function richEqTagged(a: unknown, b: unknown): unknown {
  const fa = userDunder(a, '__eq__');
  if (fa !== undefined) {
    const r = callSync(fa, [a, b]);
    if (r !== NotImplemented) return r;
  }
  const fb = userDunder(b, '__eq__');
  if (fb !== undefined) {
    const r = callSync(fb, [b, a]);
    if (r !== NotImplemented) return r;
  }
  return eq(a, b);
}

/** `==` for the compiled code. */
export function opEq(a: unknown, b: unknown): unknown {
  if (SUB.on) {
    const f = userDunder(a, '__eq__') ?? userDunder(b, '__eq__');
    if (f !== undefined) return richEqTagged(a, b);
  }
  if (a instanceof PyObject || b instanceof PyObject) return richEq(a, b);
  return eq(a, b);
}
export function opNe(a: unknown, b: unknown): unknown {
  if (a instanceof PyObject || b instanceof PyObject) {
    if (a instanceof PyObject) {
      const f = lookup(a.cls, '__ne__');
      if (f !== undefined) return callSync(f, [a, b]);
    }
    const r = richEq(a, b);
    return !truth(r);
  }
  return !eq(a, b);
}

function seqEq(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !eq(a[i], b[i])) return false;
  return true;
}

/** The Map key of a dict/set key: equal Python values get the same key. */
export function hashKey(k: unknown): unknown {
  switch (typeof k) {
    case 'number':
    case 'string':
      return k;
    case 'boolean':
      return k ? 1 : 0;
    case 'bigint':
      return k;
    case 'function':
      return k;
  }
  if (k === null) return k;
  if (k instanceof PyFloat) {
    const v = k.v;
    if (Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
    return Object.is(v, -0) ? 0 : v;
  }
  if (k instanceof PyTuple) {
    let s = '\u0000(';
    for (const x of k.a) {
      const h = hashKey(x);
      s += `${typeof h === 'string' ? JSON.stringify(h) : typeof h === 'object' || typeof h === 'function' ? `#${objId(h)}` : String(h)},`;
    }
    return s;
  }
  if (k instanceof PyObject) {
    const h = lookup(k.cls, '__hash__');
    if (h === undefined && k instanceof PyBoxed && lookup(k.cls, '__eq__') === undefined) return hashKey(k.v);
    if (h === null) throw typeError(`unhashable type: '${k.cls.name}'`);
    if (h !== undefined && lookup(k.cls, '__eq__') !== undefined) return representative(k, String(callSync(h, [k])));
    if (h === undefined && lookup(k.cls, '__eq__') !== undefined) throw typeError(`unhashable type: '${k.cls.name}'`);
    return k;
  }
  if (Array.isArray(k) || k instanceof PyDict || (k instanceof PySet && !k.frozen)) {
    throw typeError(`unhashable type: '${typeName(k)}'`);
  }
  if (k instanceof PySet) {
    const parts = [...k.m.keys()].map((x) => String(typeof x === 'object' ? objId(x) : x)).sort();
    return `\u0002${parts.join(',')}`;
  }
  if (k instanceof PyBytes) {
    if ((k as { mutable?: boolean }).mutable) throw typeError("unhashable type: 'bytearray'");
    return `\u0003${Array.from(k.b).join(',')}`;
  }
  return k;
}

/**
 * Objects with their own __hash__ and __eq__ key dicts and sets by a representative: the
 * first object seen with an equal hash that compares equal (as CPython probes a bucket
 * and calls __eq__ on a hash match), so equal objects share a key and colliding unequal
 * ones do not.
 */
let buckets = new Map<string, PyObject[]>();
/** Whether `buckets` or `ids` has entries since the last reset (most runs use neither). */
let bucketsUsed = false;
let idsUsed = false;
function representative(k: PyObject, h: string): PyObject {
  bucketsUsed = true;
  let b = buckets.get(h);
  if (b === undefined) {
    b = [];
    buckets.set(h, b);
  }
  for (const r of b) if (r === k || truth(richEq(r, k))) return r;
  b.push(k);
  return k;
}

let ids = new WeakMap<object, number>();
let nextId = 1;
/** A new run numbers objects from the start again, so ids and default reprs replay exactly. */
export function resetIds(): void {
  if (bucketsUsed) buckets = new Map<string, PyObject[]>();
  if (idsUsed) ids = new WeakMap<object, number>();
  bucketsUsed = false;
  idsUsed = false;
  nextId = 1;
}
/** `id(x)` for objects: a counter, stable for the object's life (deterministic). */
export function objId(o: unknown): number {
  if (typeof o !== 'object' && typeof o !== 'function') return 0;
  if (o === null) return 0;
  let n = ids.get(o);
  if (n === undefined) {
    n = 140000000000000 + nextId++ * 16;
    idsUsed = true;
    ids.set(o, n);
  }
  return n;
}

export function keyError(k: unknown): unknown {
  return pyErr(KeyError, k);
}

// ---- arithmetic ---------------------------------------------------------------------

type Num = number | bigint | boolean;

function binTypeError(op: string, a: unknown, b: unknown): unknown {
  return typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

const DUNDER: Record<string, [string, string]> = {
  '+': ['__add__', '__radd__'],
  '-': ['__sub__', '__rsub__'],
  '*': ['__mul__', '__rmul__'],
  '/': ['__truediv__', '__rtruediv__'],
  '//': ['__floordiv__', '__rfloordiv__'],
  '%': ['__mod__', '__rmod__'],
  '**': ['__pow__', '__rpow__'],
  '<<': ['__lshift__', '__rlshift__'],
  '>>': ['__rshift__', '__rrshift__'],
  '&': ['__and__', '__rand__'],
  '|': ['__or__', '__ror__'],
  '^': ['__xor__', '__rxor__'],
  '@': ['__matmul__', '__rmatmul__'],
};

function userBin(op: string, a: unknown, b: unknown): unknown {
  const [l, r] = DUNDER[op] as [string, string];
  if (a instanceof PyObject) {
    const f = lookup(a.cls, l);
    if (f !== undefined) {
      const v = callSync(f, [selfOf(a, f), b]);
      if (v !== NotImplemented) return v;
    }
  }
  if (b instanceof PyObject) {
    const f = lookup(b.cls, r);
    if (f !== undefined) {
      const v = callSync(f, [selfOf(b, f), a]);
      if (v !== NotImplemented) return v;
    }
  }
  // a str or int subclass that leaves the operator to its builtin type
  if (a instanceof PyBoxed || b instanceof PyBoxed) return binop(op, unbox(a), unbox(b));
  if (
    op === '|' &&
    (a instanceof PyType || a === null || a instanceof PyUnion) &&
    (b instanceof PyType || b === null || b instanceof PyUnion)
  ) {
    const parts = (x: unknown): unknown[] => (x instanceof PyUnion ? x.args : [x]);
    const all: unknown[] = [];
    for (const x of [...parts(a), ...parts(b)]) if (!all.includes(x)) all.push(x);
    return new PyUnion(all);
  }
  if (!(a instanceof PyObject) && a !== null && typeof a === 'object') {
    const f = lookup(typeOf(a), l);
    if (typeof f === 'function') {
      const v = callSync(f, [a, b]);
      if (v !== NotImplemented) return v;
    }
  }
  throw binTypeError(op, a, b);
}

function fl(x: unknown): number | undefined {
  if (x instanceof PyFloat) return x.v;
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'bigint') {
    const v = Number(x);
    if (!Number.isFinite(v)) throw pyErr(OverflowError, 'int too large to convert to float');
    return v;
  }
  return undefined;
}

function floatOp(op: string, a: unknown, b: unknown): unknown {
  const x = fl(a);
  const y = fl(b);
  if (x === undefined || y === undefined) return userBin(op, a, b);
  switch (op) {
    case '+':
      return new PyFloat(x + y);
    case '-':
      return new PyFloat(x - y);
    case '*':
      return new PyFloat(x * y);
    case '/':
      if (y === 0) throw zeroDivision('float division by zero');
      return new PyFloat(x / y);
    case '//': {
      if (y === 0) throw zeroDivision('float floor division by zero');
      // CPython's float_floor_div: from fmod, so that x == (x // y) * y + x % y holds
      let m = x % y;
      let div = (x - m) / y;
      if (m !== 0) {
        if (y < 0 !== m < 0) {
          m += y;
          div -= 1;
        }
      }
      let fd: number;
      if (div !== 0) {
        fd = Math.floor(div);
        if (div - fd > 0.5) fd += 1;
      } else fd = Math.sign(x / y) * 0;
      return new PyFloat(fd);
    }
    case '%': {
      if (y === 0) throw zeroDivision('float modulo');
      let m = x % y;
      if (m !== 0 && m < 0 !== y < 0) m += y;
      else if (m === 0) m = y < 0 ? -0 : 0;
      return new PyFloat(m);
    }
    case '**': {
      if (x === 0 && y < 0) throw zeroDivision('0.0 cannot be raised to a negative power');
      const r = x ** y;
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) {
        throw makeExc(OverflowError, [34, 'Numerical result out of range']);
      }
      return new PyFloat(r);
    }
  }
  throw binTypeError(op, a, b);
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return r <= MAX && r >= -MAX ? r : norm(BigInt(a) + BigInt(b));
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (SUB.on) {
    const v = taggedBin('+', a, b);
    if (v !== NotImplemented) return v;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.a, ...b.a]);
  if (isInt(a) && isInt(b)) return norm(big(a) + big(b));
  if (a instanceof PyBytes && b instanceof PyBytes) {
    const r = new Uint8Array(a.b.length + b.b.length);
    r.set(a.b);
    r.set(b.b, a.b.length);
    const out = new PyBytes(r);
    if ((a as { mutable?: boolean }).mutable) (out as { mutable?: boolean }).mutable = true;
    return out;
  }
  if (a instanceof PyBytes && !(b instanceof PyObject)) {
    throw typeError(`can't concat ${typeName(b)} to ${typeName(a)}`);
  }
  if (typeof a === 'string' && !(b instanceof PyObject)) {
    throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a) && !(b instanceof PyObject)) {
    throw typeError(`can only concatenate list (not "${typeName(b)}") to list`);
  }
  if (a instanceof PyTuple && !(b instanceof PyObject)) {
    throw typeError(`can only concatenate tuple (not "${typeName(b)}") to tuple`);
  }
  return floatOp('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return r <= MAX && r >= -MAX ? r : norm(BigInt(a) - BigInt(b));
  }
  if (isInt(a) && isInt(b)) return norm(big(a) - big(b));
  if (a instanceof PySet && b instanceof PySet) {
    const r = new PySet(a.frozen);
    for (const [k, v] of a.m) if (!b.m.has(k)) r.m.set(k, v);
    return r;
  }
  return floatOp('-', a, b);
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    return r <= MAX && r >= -MAX ? r + 0 : norm(BigInt(a) * BigInt(b));
  }
  if (isInt(a) && isInt(b)) return norm(big(a) * big(b));
  if (SUB.on) {
    const v = taggedBin('*', a, b);
    if (v !== NotImplemented) return v;
  }
  if (isInt(b) && (typeof a === 'string' || Array.isArray(a) || a instanceof PyTuple || a instanceof PyBytes))
    return repeat(a, num(b as Num));
  if (isInt(a) && (typeof b === 'string' || Array.isArray(b) || b instanceof PyTuple)) return repeat(b, num(a as Num));
  if (
    (typeof a === 'string' || Array.isArray(a) || a instanceof PyTuple) &&
    !(b instanceof PyObject) &&
    !(b instanceof PyFloat)
  ) {
    throw typeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
  }
  if ((typeof a === 'string' || Array.isArray(a)) && b instanceof PyFloat) {
    throw typeError(`can't multiply sequence by non-int of type 'float'`);
  }
  return floatOp('*', a, b);
}

function repeat(s: unknown, n: number): unknown {
  if (n < 0) n = 0;
  if (typeof s === 'string') return s.repeat(n);
  if (s instanceof PyBytes) {
    const r = new Uint8Array(s.b.length * n);
    for (let i = 0; i < n; i++) r.set(s.b, i * s.b.length);
    return new PyBytes(r);
  }
  const src = Array.isArray(s) ? s : (s as PyTuple).a;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) for (const x of src) out.push(x);
  return Array.isArray(s) ? out : new PyTuple(out);
}

export function truediv(a: unknown, b: unknown): unknown {
  if (isInt(a) && isInt(b)) {
    if (num(b) === 0 && (typeof b !== 'bigint' || b === 0n)) throw zeroDivision('division by zero');
    if (typeof a === 'bigint' || typeof b === 'bigint') {
      const r = bigDiv(big(a), big(b));
      if (!Number.isFinite(r)) throw pyErr(OverflowError, 'integer division result too large for a float');
      return new PyFloat(r);
    }
    return new PyFloat(num(a) / num(b));
  }
  if (fl(a) !== undefined && fl(b) === 0) throw zeroDivision('float division by zero');
  return floatOp('/', a, b);
}

function bigDiv(a: bigint, b: bigint): number {
  const q = a / b;
  const r = a % b;
  const nb = Number(b);
  if (!Number.isFinite(nb)) {
    // scale both down so the quotient is representable
    const shift = BigInt(b.toString(2).length - 60);
    return Number(a >> shift) / Number(b >> shift);
  }
  return Number(q) + Number(r) / nb;
}

export function floordiv(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw zeroDivision('integer division or modulo by zero');
    return Math.floor(a / b);
  }
  if (isInt(a) && isInt(b)) {
    const x = big(a);
    const y = big(b);
    if (y === 0n) throw zeroDivision('integer division or modulo by zero');
    let q = x / y;
    if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
    return norm(q);
  }
  return floatOp('//', a, b);
}

export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0) throw zeroDivision('integer modulo by zero');
    const m = a % b;
    return m !== 0 && m < 0 !== b < 0 ? m + b : m + 0;
  }
  if (typeof a === 'string') return (fmt.percent as (s: string, v: unknown) => string)(a, b);
  if (a instanceof PyBytes) return (fmt.bytesPercent as (s: PyBytes, v: unknown) => unknown)(a, b);
  if (isInt(a) && isInt(b)) {
    const x = big(a);
    const y = big(b);
    if (y === 0n) throw zeroDivision('integer modulo by zero');
    let m = x % y;
    if (m !== 0n && m < 0n !== y < 0n) m += y;
    return norm(m);
  }
  return floatOp('%', a, b);
}

/** String formatting hooks (set by format.ts). */
export const fmt: Record<string, unknown> = {};

export function pow(a: unknown, b: unknown): unknown {
  if (isInt(a) && isInt(b)) {
    const y = big(b);
    if (y < 0n) {
      const x = num(a);
      if (x === 0) throw zeroDivision('0.0 cannot be raised to a negative power');
      return new PyFloat(x ** num(b));
    }
    if (typeof a === 'number' && typeof b === 'number') {
      const r = a ** b;
      if (r <= MAX && r >= -MAX) return r;
    }
    return norm(big(a) ** y);
  }
  return floatOp('**', a, b);
}

export function neg(a: unknown): unknown {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (typeof a === 'bigint') return norm(-a);
  if (a instanceof PyFloat) return new PyFloat(-a.v);
  return unary(a, '__neg__', '-');
}
export function pos(a: unknown): unknown {
  if (typeof a === 'number' || typeof a === 'bigint') return a;
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (a instanceof PyFloat) return a;
  return unary(a, '__pos__', '+');
}
export function invert(a: unknown): unknown {
  if (isInt(a)) return norm(~big(a));
  return unary(a, '__invert__', '~');
}
function unary(a: unknown, dunder: string, op: string): unknown {
  if (a instanceof PyObject) {
    const f = lookup(a.cls, dunder);
    if (f !== undefined) return callSync(f, [selfOf(a, f)]);
    if (a instanceof PyBoxed) return dunder === '__neg__' ? neg(a.v) : dunder === '__pos__' ? pos(a.v) : invert(a.v);
  }
  throw typeError(`bad operand type for unary ${op}: '${typeName(a)}'`);
}

function bitop(op: string, a: unknown, b: unknown): unknown {
  if (isInt(a) && isInt(b)) {
    if (typeof a === 'boolean' && typeof b === 'boolean') {
      if (op === '&') return a && b;
      if (op === '|') return a || b;
      if (op === '^') return a !== b;
    }
    const x = big(a);
    const y = big(b);
    switch (op) {
      case '&':
        return norm(x & y);
      case '|':
        return norm(x | y);
      case '^':
        return norm(x ^ y);
      case '<<':
        if (y < 0n) throw pyErr(ValueError, 'negative shift count');
        return norm(x << y);
      case '>>':
        if (y < 0n) throw pyErr(ValueError, 'negative shift count');
        return norm(x >> y);
    }
  }
  if (a instanceof PySet && b instanceof PySet) {
    const r = new PySet(a.frozen);
    if (op === '|') {
      for (const [k, v] of a.m) r.m.set(k, v);
      for (const [k, v] of b.m) if (!r.m.has(k)) r.m.set(k, v);
      return r;
    }
    if (op === '&') {
      for (const [k, v] of a.m) if (b.m.has(k)) r.m.set(k, v);
      return r;
    }
    if (op === '^') {
      for (const [k, v] of a.m) if (!b.m.has(k)) r.m.set(k, v);
      for (const [k, v] of b.m) if (!a.m.has(k)) r.m.set(k, v);
      return r;
    }
  }
  if (op === '|' && a instanceof PyDict && b instanceof PyDict) {
    const r = new PyDict();
    for (const [k, v] of a.m) r.m.set(k, v);
    for (const [k, v] of b.m) r.m.set(k, v);
    return r;
  }
  return userBin(op, a, b);
}

export const BINOPS: Record<string, (a: unknown, b: unknown) => unknown> = {
  '+': add,
  '-': sub,
  '*': mul,
  '/': truediv,
  '//': floordiv,
  '%': mod,
  '**': pow,
  '&': (a, b) => bitop('&', a, b),
  '|': (a, b) => bitop('|', a, b),
  '^': (a, b) => bitop('^', a, b),
  '<<': (a, b) => bitop('<<', a, b),
  '>>': (a, b) => bitop('>>', a, b),
  '@': (a, b) => userBin('@', a, b),
};

/** The generic path of `+` etc. for user classes (the fast paths fall back here too). */
export function binop(op: string, a: unknown, b: unknown): unknown {
  if (a instanceof PyObject || b instanceof PyObject) return userBin(op, a, b);
  if (SUB.on) {
    const v = taggedBin(op, a, b);
    if (v !== NotImplemented) return v;
  }
  return (BINOPS[op] as (a: unknown, b: unknown) => unknown)(a, b);
}

const IDUNDER: Record<string, string> = {
  '+': '__iadd__',
  '-': '__isub__',
  '*': '__imul__',
  '/': '__itruediv__',
  '//': '__ifloordiv__',
  '%': '__imod__',
  '|': '__ior__',
  '&': '__iand__',
};

/** `a op= b`: lists extend in place, user classes may define `__iadd__`. */
export function inplace(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX && r >= -MAX) return r;
  }
  if (a instanceof PyBytes && (a as { mutable?: boolean }).mutable && op === '+' && b instanceof PyBytes) {
    (a as { b: Uint8Array }).b = Uint8Array.from([...a.b, ...b.b]);
    return a;
  }
  if (Array.isArray(a)) {
    if (op === '+') {
      const items = (fmt.toArray as (x: unknown) => unknown[])(b);
      for (const x of items) a.push(x);
      return a;
    }
    if (op === '*') {
      const src = a.slice();
      a.length = 0;
      for (let i = 0; i < num(b as Num); i++) for (const x of src) a.push(x);
      return a;
    }
  }
  if (a instanceof PySet && b instanceof PySet && !a.frozen) {
    const r = bitop(op === '-' ? '|' : op, a, b) as PySet;
    if (op === '-') {
      for (const k of b.m.keys()) a.m.delete(k);
      return a;
    }
    a.m.clear();
    for (const [k, v] of r.m) a.m.set(k, v);
    return a;
  }
  if (a instanceof PyDict && op === '|' && b instanceof PyDict) {
    for (const [k, v] of b.m) a.m.set(k, v);
    return a;
  }
  if (a instanceof PyObject) {
    const name = IDUNDER[op];
    const f = name === undefined ? undefined : lookup(a.cls, name);
    if (f !== undefined) {
      const v = callSync(f, [a, b]);
      if (v !== NotImplemented) return v;
    }
  }
  try {
    return binop(op, a, b);
  } catch (e) {
    if (e instanceof Object && (e as { cls?: unknown }).cls === PyTypeError) {
      const msg = String(((e as { args: PyTuple }).args.a[0] as string) ?? '');
      if (msg.startsWith('unsupported operand type(s) for ')) {
        throw typeError(msg.replace(`for ${op}:`, `for ${op}=:`));
      }
    }
    throw e;
  }
}

// ---- comparisons --------------------------------------------------------------------

const CMP_DUNDER: Record<string, [string, string]> = {
  '<': ['__lt__', '__gt__'],
  '<=': ['__le__', '__ge__'],
  '>': ['__gt__', '__lt__'],
  '>=': ['__ge__', '__le__'],
};

function cmpNum(op: string, x: number | bigint, y: number | bigint): boolean {
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

export function compare(op: string, a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return cmpNum(op, a, b);
  if (typeof a === 'string' && typeof b === 'string') return cmpNum(op, a < b ? -1 : a > b ? 1 : 0, 0);
  if (isInt(a) && isInt(b)) {
    if (typeof a === 'bigint' || typeof b === 'bigint') return cmpNum(op, big(a), big(b));
    return cmpNum(op, num(a), num(b));
  }
  const x = fl(a);
  const y = fl(b);
  if (x !== undefined && y !== undefined && (a instanceof PyFloat || b instanceof PyFloat || isInt(a))) {
    return cmpNum(op, x, y);
  }
  if ((Array.isArray(a) && Array.isArray(b)) || (a instanceof PyTuple && b instanceof PyTuple)) {
    const p = Array.isArray(a) ? a : (a as PyTuple).a;
    const q = Array.isArray(b) ? b : (b as PyTuple).a;
    const n = Math.min(p.length, q.length);
    for (let i = 0; i < n; i++) {
      if (!eq(p[i], q[i])) return compare(op, p[i], q[i]);
    }
    return cmpNum(op, p.length, q.length);
  }
  if (a instanceof PyBytes && b instanceof PyBytes) {
    const n = Math.min(a.b.length, b.b.length);
    for (let i = 0; i < n; i++) if (a.b[i] !== b.b[i]) return cmpNum(op, a.b[i] as number, b.b[i] as number);
    return cmpNum(op, a.b.length, b.b.length);
  }
  if (a instanceof PySet && b instanceof PySet) {
    const sub = (s: PySet, t: PySet) => [...s.m.keys()].every((k) => t.m.has(k));
    switch (op) {
      case '<=':
        return sub(a, b);
      case '<':
        return sub(a, b) && a.m.size < b.m.size;
      case '>=':
        return sub(b, a);
      default:
        return sub(b, a) && b.m.size < a.m.size;
    }
  }
  const [l, r] = CMP_DUNDER[op] as [string, string];
  if (!(a instanceof PyObject) && a !== null && typeof a === 'object' && !(a instanceof PyType)) {
    const f = lookup(typeOf(a), l);
    if (typeof f === 'function') {
      const v = callSync(f, [a, b]);
      if (v !== NotImplemented) return v;
    }
  }
  if (a instanceof PyObject) {
    const f = lookup(a.cls, l);
    if (f !== undefined) {
      const v = callSync(f, [selfOf(a, f), b]);
      if (v !== NotImplemented) return v;
    }
  }
  if (b instanceof PyObject) {
    const f = lookup(b.cls, r);
    if (f !== undefined) {
      const v = callSync(f, [selfOf(b, f), a]);
      if (v !== NotImplemented) return v;
    }
  }
  if (a instanceof PyBoxed || b instanceof PyBoxed) return compare(op, unbox(a), unbox(b));
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export const lt = (a: unknown, b: unknown): unknown =>
  typeof a === 'number' && typeof b === 'number' ? a < b : compare('<', a, b);
export const le = (a: unknown, b: unknown): unknown =>
  typeof a === 'number' && typeof b === 'number' ? a <= b : compare('<=', a, b);
export const gt = (a: unknown, b: unknown): unknown =>
  typeof a === 'number' && typeof b === 'number' ? a > b : compare('>', a, b);
export const ge = (a: unknown, b: unknown): unknown =>
  typeof a === 'number' && typeof b === 'number' ? a >= b : compare('>=', a, b);

/** `x in c`. */
export function contains(c: unknown, x: unknown): boolean {
  if (SUB.on) {
    const f = userDunder(c, '__contains__');
    if (f !== undefined) return truth(callSync(f, [c, x]));
  }
  return containsRaw(c, x);
}

/** `x in c` by the builtin type's own rules (what `list.__contains__` does for a subclass). */
export function containsRaw(c: unknown, x: unknown): boolean {
  if (typeof c === 'string') {
    if (x instanceof PyBoxed && typeof x.v === 'string') return c.includes(x.v);
    if (typeof x !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(x)}`);
    return c.includes(x);
  }
  if (c instanceof PyDict) return c.m.has(hashKey(x));
  if (c instanceof PyBytes) return (fmt.bytesContains as (h: PyBytes, x: unknown) => boolean)(c, x);
  if (c instanceof PySet) return c.m.has(hashKey(x));
  if (Array.isArray(c)) {
    for (const y of c) if (y === x || eq(y, x)) return true;
    return false;
  }
  if (c instanceof PyTuple) {
    for (const y of c.a) if (y === x || eq(y, x)) return true;
    return false;
  }
  if (c instanceof PyObject) {
    const f = lookup(c.cls, '__contains__');
    if (f !== undefined) return truth(callSync(f, [selfOf(c, f), unbox(x)]));
  }
  const t = typeOf(c);
  const f = lookup(t, '__contains__');
  if (f !== undefined && typeof f === 'function') return truth(callSync(f, [c, x]));
  const items = (fmt.toArrayOpt as (x: unknown) => unknown[] | null)(c);
  if (items === null) throw typeError(`argument of type '${typeName(c)}' is not iterable`);
  for (const y of items) if (y === x || eq(y, x)) return true;
  return false;
}
