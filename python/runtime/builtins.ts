/**
 * The `builtins` module: functions and classes every program sees. `print` writes to the
 * run's stdout (in virtual-time order, as threads print), `open` to the run's in-memory
 * file system. The type objects (`int`, `str`, `list`, ...) build values when called.
 */

import type { Blocking } from '../../engine/index.ts';
import { bytearrayType } from './bytes.ts';
import { callG, callSync, delAttr, getAttrOpt, lookup, SUB, selfOf, setAttr, unbox, userDunder } from './call.ts';
import { drain, onValueSubclass, Super } from './classes.ts';
import { ascii, fixed, floatRepr, formatValue, repr, str } from './format.ts';
import { GenericAlias } from './items.ts';
import { BLK, items, iter, nextSync, PyGenerator, type PyIter, PyRange, STOP, toArray } from './iter.ts';
import { def, dictSet, dictUpdate, notImpl, setAdd, sortList } from './methods.ts';
import {
  type AnyFn,
  BoundMethod,
  ClassMethod,
  Property,
  PyBoxed,
  PyBytes,
  PyDict,
  PyExc,
  PyFloat,
  PyObject,
  PySet,
  PySlice,
  PyTuple,
  PyType,
  StaticMethod,
} from './objects.ts';
import { add, compare, eq, hashKey, isInt, NotImplemented, norm, objId, PyUnion, truth } from './ops.ts';
import {
  BaseException,
  boolType,
  bytesType,
  classmethodType,
  dictType,
  ELLIPSIS,
  EXCEPTIONS,
  FileNotFoundError,
  floatType,
  frozensetType,
  intType,
  isSubtype,
  listType,
  makeExc,
  noneType,
  OSError,
  OverflowError,
  objectType,
  propertyType,
  pyErr,
  rangeType,
  StopIteration,
  setType,
  sliceType,
  staticmethodType,
  strType,
  tupleType,
  typeError,
  typeName,
  typeOf,
  typeType,
  ValueError,
  valueError,
} from './types.ts';

notImpl.v = NotImplemented;

/** What a run gives the builtins: its output streams and files. */
export interface RunIO {
  stdout(text: string): void;
  stderr(text: string): void;
  files: Map<string, string>;
}

export const io: { cur: RunIO } = {
  cur: { stdout: () => {}, stderr: () => {}, files: new Map() },
};

export const B: Record<string, unknown> = Object.create(null);

function fn(
  name: string,
  f: AnyFn,
  opts: { kw?: (args: unknown[], kw: Map<string, unknown> | null) => unknown; blk?: boolean } = {},
): AnyFn {
  f.$name = name;
  if (opts.blk) f.$blk = true;
  else f.$nb = true;
  if (opts.kw) f.$kwf = opts.kw;
  B[name] = f;
  return f;
}

// ---- print / io ----------------------------------------------------------------------------

function printArgs(args: unknown[], kw: Map<string, unknown> | null): unknown {
  let sep = ' ';
  let end = '\n';
  let file: unknown = null;
  if (kw !== null) {
    for (const [k, v] of kw) {
      if (k === 'sep') sep = v === null ? ' ' : (v as string);
      else if (k === 'end') end = v === null ? '\n' : (v as string);
      else if (k === 'file') file = v;
      else if (k === 'flush') continue;
      else throw typeError(`'${k}' is an invalid keyword argument for print()`);
    }
  }
  if (typeof sep !== 'string') throw typeError(`sep must be None or a string, not ${typeName(sep)}`);
  if (typeof end !== 'string') throw typeError(`end must be None or a string, not ${typeName(end)}`);
  let s = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) s += sep;
    s += str(args[i]);
  }
  s += end;
  if (file === null || file === undefined) io.cur.stdout(s);
  else callSync(getAttrOpt(file, 'write'), [s]);
  return null;
}
fn('print', (...args: unknown[]) => printArgs(args, null), { kw: printArgs });

// ---- types as constructors -------------------------------------------------------------------

export function toInt(x: unknown, base?: unknown): number | bigint {
  if (base !== undefined && base !== null) {
    if (typeof x !== 'string') throw typeError("int() can't convert non-string with explicit base");
    return parseIntStr(x, Number(base));
  }
  if (typeof x === 'number' || typeof x === 'bigint') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (x instanceof PyFloat) {
    if (!Number.isFinite(x.v)) {
      throw pyErr(
        Number.isNaN(x.v) ? ValueError : OverflowError,
        Number.isNaN(x.v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer',
      );
    }
    const t = Math.trunc(x.v);
    return Number.isSafeInteger(t) ? t : norm(BigInt(t));
  }
  if (typeof x === 'string') return parseIntStr(x, 10);
  if (x instanceof PyObject) {
    for (const name of ['__int__', '__index__', '__trunc__']) {
      const f = lookup(x.cls, name);
      if (f !== undefined) return callSync(f, [x]) as number;
    }
    if (x instanceof PyBoxed) return toInt(x.v, base);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
}

/**
 * Unicode decimal digits (`١٢٣`, `１２`) as ASCII ones, as int() and float() read them: a
 * digit's value is its place in its block's run of ten.
 */
function asciiDigits(s: string): string {
  if (!/\P{ASCII}/u.test(s)) return s;
  return s.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0) as number;
    let zero = cp;
    // back to the start of the run (runs of ten can adjoin, as the mathematical digits do)
    while (cp - zero < 60 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    return String((cp - zero) % 10);
  });
}

function parseIntStr(s: string, base: number): number | bigint {
  if (base !== 0 && (base < 2 || base > 36)) throw valueError('int() base must be >= 2 and <= 36, or 0');
  const bad = () => valueError(`invalid literal for int() with base ${base}: ${repr(s)}`);
  const raw = asciiDigits(s).trim();
  // underscores only singly between digits (or right after a base prefix)
  if (/__|_$|^[+-]?_/.test(raw) || /^[+-]?0[xob]_*$/i.test(raw)) throw bad();
  const t = raw.replace(/_/g, '');
  let body = t;
  let neg = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let b = base;
  if (b === 0 || b === 16 || b === 8 || b === 2) {
    const m = /^0([xob])/i.exec(body);
    if (m) {
      const pb = { x: 16, o: 8, b: 2 }[(m[1] as string).toLowerCase() as 'x' | 'o' | 'b'];
      if (b === 0 || b === pb) {
        b = pb;
        body = body.slice(2);
      }
    }
    if (b === 0) b = 10;
  }
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (b === 10 && body.length > 4300) {
    throw valueError(
      `Exceeds the limit (4300 digits) for integer string conversion: value has ${body.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  if (body === '' || ![...body.toLowerCase()].every((c) => digits.includes(c))) {
    throw valueError(`invalid literal for int() with base ${base}: ${repr(s)}`);
  }
  let v = 0n;
  for (const c of body.toLowerCase()) v = v * BigInt(b) + BigInt(digits.indexOf(c));
  return norm(neg ? -v : v);
}

export function toFloat(x: unknown): PyFloat {
  if (x instanceof PyFloat) return x;
  if (isInt(x)) {
    const v = Number(x);
    if (!Number.isFinite(v)) throw pyErr(OverflowError, 'int too large to convert to float');
    return new PyFloat(v);
  }
  if (typeof x === 'string') {
    const t = asciiDigits(x).trim().toLowerCase().replace(/_/g, '');
    if (/^[+-]?(inf|infinity)$/.test(t)) return new PyFloat(t.startsWith('-') ? -Infinity : Infinity);
    if (/^[+-]?nan$/.test(t)) return new PyFloat(Number.NaN);
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return new PyFloat(Number(t));
    throw valueError(`could not convert string to float: ${repr(x)}`);
  }
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__float__');
    if (f !== undefined) return callSync(f, [x]) as PyFloat;
    if (x instanceof PyBoxed) return toFloat(x.v);
  }
  throw typeError(`float() argument must be a string or a real number, not '${typeName(x)}'`);
}

intType.make = (_c, a, kw) => {
  if (a.length > 2) throw typeError(`int() takes at most 2 arguments (${a.length} given)`);
  const base = kw?.get('base') ?? a[1];
  if (kw !== null)
    for (const k of kw.keys()) if (k !== 'base') throw typeError(`'${k}' is an invalid keyword argument for int()`);
  return a.length === 0 ? 0 : toInt(a[0], base);
};
boolType.make = (_c, a) => (a.length === 0 ? false : truth(a[0]));
floatType.make = (_c, a) => (a.length === 0 ? new PyFloat(0) : toFloat(a[0]));
strType.make = (_c, a, kw) => {
  if (a.length === 0) return '';
  if (a[0] instanceof PyBytes && (a.length > 1 || kw !== null)) return new TextDecoder().decode(a[0].b);
  return str(a[0]);
};
listType.make = (c, a) => {
  if (c !== listType) {
    // a subclass: the items come from __init__, as list.__new__ ignores its arguments
    const l: unknown[] & { $cls?: PyType } = [];
    l.$cls = c;
    return l;
  }
  return a.length === 0 ? [] : toArray(a[0]);
};
const dinit = def(dictType, '__init__', (self: PyDict, it?: unknown) => {
  if (it !== undefined) dictUpdate(self, it);
  return null;
});
dinit.$kwf = (args, kw) => {
  const d = args[0] as PyDict;
  if (args.length > 1) dictUpdate(d, args[1]);
  if (kw !== null) for (const [k, v] of kw) dictSet(d, k, v);
  return null;
};
def(listType, '__init__', (self: unknown[], it?: unknown) => {
  self.length = 0;
  if (it !== undefined) for (const x of toArray(it)) self.push(x);
  return null;
});
tupleType.make = (_c, a) =>
  a.length === 0 ? new PyTuple([]) : a[0] instanceof PyTuple ? a[0] : new PyTuple(toArray(a[0]));
dictType.make = (c, a, kw) => {
  const d = new PyDict();
  if (c !== dictType) {
    d.$cls = c;
    return d;
  }
  if (a.length > 0) dictUpdate(d, a[0]);
  if (kw !== null) for (const [k, v] of kw) dictSet(d, k, v);
  return d;
};
setType.make = (_c, a) => {
  const s = new PySet();
  if (a.length > 0) for (const x of toArray(a[0])) setAdd(s, x);
  return s;
};
frozensetType.make = (_c, a) => {
  const s = new PySet(true);
  if (a.length > 0) for (const x of toArray(a[0])) setAdd(s, x);
  return s;
};
objectType.make = (c) => new PyObject(c);
BaseException.make = (c, a) => {
  let cls = c;
  if (c === OSError && a.length >= 2 && typeof a[0] === 'number') cls = ERRNO_CLASS[a[0]] ?? c;
  const e = new PyExc(cls);
  e.args = new PyTuple(a.length > 2 && isSubtype(cls, OSError) ? a.slice(0, 2) : a.slice());
  if (isSubtype(cls, OSError) && a.length > 2) (e as { filename?: unknown }).filename = a[2];
  return e;
};
const ERRNO_CLASS: Record<number, PyType> = {};
for (const [n, name] of [
  [2, 'FileNotFoundError'],
  [17, 'FileExistsError'],
  [13, 'PermissionError'],
  [1, 'PermissionError'],
  [11, 'BlockingIOError'],
  [32, 'BrokenPipeError'],
  [104, 'ConnectionResetError'],
  [111, 'ConnectionRefusedError'],
  [103, 'ConnectionAbortedError'],
  [110, 'TimeoutError'],
  [4, 'InterruptedError'],
  [21, 'IsADirectoryError'],
  [10, 'ChildProcessError'],
  [3, 'ProcessLookupError'],
] as const) {
  const t = EXCEPTIONS.find((x) => x.name === name);
  if (t !== undefined) ERRNO_CLASS[n] = t;
}
rangeType.make = (_c, args) => {
  // The common `range(n)` of an int, without the general path's arrays.
  if (args.length === 1 && typeof args[0] === 'number') return new PyRange(0, args[0], 1);
  const a = args.map((x) => (x instanceof PyBoxed ? x.v : x));
  if (a.length > 3) throw typeError(`range expected at most 3 arguments, got ${a.length}`);
  for (const x of a) if (!isInt(x)) throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
  const n = a.map(Number);
  if (n.length === 0) throw typeError('range expected at least 1 argument, got 0');
  if (n.length === 1) return new PyRange(0, n[0] as number, 1);
  return new PyRange(n[0] as number, n[1] as number, n[2] ?? 1);
};
sliceType.make = (_c, a) =>
  a.length === 1 ? new PySlice(null, a[0], null) : new PySlice(a[0], a[1] ?? null, a[2] ?? null);
propertyType.make = (_c, a, kw) =>
  new Property(a[0] ?? kw?.get('fget') ?? null, a[1] ?? kw?.get('fset') ?? null, a[2] ?? null, a[3] ?? null);
staticmethodType.make = (_c, a) => new StaticMethod(a[0]);
classmethodType.make = (_c, a) => new ClassMethod(a[0]);
typeType.make = (_c, a) => {
  if (a.length === 1) return typeOf(a[0]);
  throw typeError('type() with 3 arguments is not supported');
};
def(propertyType, 'setter', (p: Property, f: unknown) => new Property(p.fget, f, p.fdel, p.doc));
def(propertyType, 'getter', (p: Property, f: unknown) => new Property(f, p.fset, p.fdel, p.doc));
def(propertyType, 'deleter', (p: Property, f: unknown) => new Property(p.fget, p.fset, f, p.doc));

for (const t of [
  intType,
  boolType,
  floatType,
  strType,
  listType,
  tupleType,
  dictType,
  setType,
  frozensetType,
  bytesType,
  objectType,
  rangeType,
  sliceType,
  propertyType,
  staticmethodType,
  classmethodType,
  typeType,
]) {
  B[t.name] = t;
}
for (const t of EXCEPTIONS) B[t.name] = t;
B.bytearray = bytearrayType;
B.None = null;
B.Ellipsis = ELLIPSIS;
B.NotImplemented = NotImplemented;
B.__name__ = 'builtins';

// ---- functions --------------------------------------------------------------------------------

/** A str's length in code points (JavaScript counts UTF-16 units). */
export function strLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

export function len(x: unknown): number {
  if (SUB.on) {
    const f = userDunder(x, '__len__');
    if (f !== undefined) {
      const r = callSync(f, [x]);
      if (!isInt(r)) throw typeError(`'${typeName(r)}' object cannot be interpreted as an integer`);
      return Number(r);
    }
  }
  if (typeof x === 'string') return strLen(x);
  if (Array.isArray(x)) return x.length;
  if (x instanceof PyTuple) return x.a.length;
  if (x instanceof PyDict || x instanceof PySet) return x.m.size;
  if (x instanceof PyRange) return x.length;
  if (x instanceof PyBytes) return x.b.length;
  const f = lookup(typeOf(x), '__len__');
  if (f !== undefined) {
    const r = callSync(f, [selfOf(x, f)]);
    if (!isInt(r)) throw typeError(`'${typeName(r)}' object cannot be interpreted as an integer`);
    if (Number(r) < 0) throw valueError('__len__() should return >= 0');
    return Number(r);
  }
  throw typeError(`object of type '${typeName(x)}' has no len()`);
}
fn('len', (...a: unknown[]) => {
  if (a.length !== 1) throw typeError(`len() takes exactly one argument (${a.length} given)`);
  return len(a[0]);
});
fn('repr', repr);
fn('ascii', (x: unknown) => ascii(repr(x)));
fn('abs', (...a: unknown[]) => {
  if (a.length !== 1) throw typeError(`abs() takes exactly one argument (${a.length} given)`);
  return absOf(a[0]);
});
function absOf(x: unknown): unknown {
  if (typeof x === 'number') return Math.abs(x);
  if (typeof x === 'bigint') return x < 0n ? -x : x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (x instanceof PyFloat) return new PyFloat(Math.abs(x.v));
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__abs__');
    if (f !== undefined) return callSync(f, [x]);
    if (x instanceof PyBoxed) return absOf(x.v);
  }
  throw typeError(`bad operand type for abs(): '${typeName(x)}'`);
}

fn('round', (x: unknown, nd?: unknown) => {
  if (isInt(x)) {
    if (nd === undefined || nd === null) return typeof x === 'boolean' ? (x ? 1 : 0) : x;
    const n = Number(nd);
    if (n >= 0) return x;
    const m = 10 ** -n;
    const v = Number(x);
    const q = Number(fixed(v / m, 0));
    return q * m;
  }
  if (x instanceof PyFloat) {
    const v = x.v;
    if (nd === undefined || nd === null) {
      if (!Number.isFinite(v)) {
        throw pyErr(
          Number.isNaN(v) ? ValueError : OverflowError,
          Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer',
        );
      }
      const r = Number(fixed(v, 0));
      return r === 0 ? 0 : Number.isSafeInteger(r) ? r : norm(BigInt(r));
    }
    if (!isInt(nd)) throw typeError(`'${typeName(nd)}' object cannot be interpreted as an integer`);
    const n = Number(nd);
    if (!Number.isFinite(v)) return x;
    if (n >= 0) return new PyFloat(Number(fixed(v, n)));
    const m = 10 ** -n;
    return new PyFloat(Number(fixed(v / m, 0)) * m);
  }
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__round__');
    if (f !== undefined) return callSync(f, nd === undefined ? [x] : [x, nd]);
  }
  throw typeError(`type ${typeName(x)} doesn't define __round__ method`);
});

function isinstance(x: unknown, t: unknown): boolean {
  if (t instanceof PyType) return isSubtype(typeOf(x), t);
  if (t instanceof PyTuple) return t.a.some((u) => isinstance(x, u));
  if (t instanceof PyUnion) return t.args.some((u) => (u === null ? x === null : isinstance(x, u)));
  throw typeError('isinstance() arg 2 must be a type, a tuple of types, or a union');
}
fn('isinstance', (...a: unknown[]) => {
  if (a.length !== 2) throw typeError(`isinstance expected 2 arguments, got ${a.length}`);
  return isinstance(a[0], a[1]);
});
fn('issubclass', (a: unknown, t: unknown) => {
  if (!(a instanceof PyType)) throw typeError('issubclass() arg 1 must be a class');
  if (t instanceof PyTuple) return t.a.some((u) => u instanceof PyType && isSubtype(a, u));
  if (t instanceof PyUnion)
    return t.args.some((u) => (u === null ? a === noneType : u instanceof PyType && isSubtype(a, u)));
  return isSubtype(a, t as PyType);
});
fn(
  'callable',
  (x: unknown) =>
    typeof x === 'function' ||
    x instanceof BoundMethod ||
    x instanceof PyType ||
    (x instanceof PyObject && lookup(x.cls, '__call__') !== undefined),
);
fn('id', (x: unknown) => objId(x === null ? B : x));
const HASH_MOD = (1n << 61n) - 1n;
function hashInt(v: bigint): number | bigint {
  let h = (v < 0n ? -v : v) % HASH_MOD;
  if (v < 0n) h = -h;
  if (h === -1n) h = -2n;
  return norm(h);
}
/** CPython's _Py_HashDouble. */
function hashFloat(v: number): number | bigint {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 0 : v > 0 ? 314159 : -314159;
  if (Number.isInteger(v)) return hashInt(BigInt(v));
  let m = Math.abs(v);
  let e = Math.ceil(Math.log2(m));
  m = m / 2 ** e;
  if (m >= 1) {
    m /= 2;
    e++;
  }
  if (m < 0.5) {
    m *= 2;
    e--;
  }
  let x = 0n;
  while (m !== 0) {
    x = ((x << 28n) & HASH_MOD) | (x >> (61n - 28n));
    m *= 268435456;
    e -= 28;
    const y = Math.floor(m);
    m -= y;
    x += BigInt(y);
    if (x >= HASH_MOD) x -= HASH_MOD;
  }
  const ee = BigInt(e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61));
  x = ((x << ee) & HASH_MOD) | (x >> (61n - ee));
  if (v < 0) x = -x;
  if (x === -1n) x = -2n;
  return norm(x);
}
fn('hash', hashOf);
function hashOf(x: unknown): unknown {
  if (isInt(x)) return hashInt(BigInt(typeof x === 'boolean' ? (x ? 1 : 0) : (x as number | bigint)));
  if (x instanceof PyFloat) return hashFloat(x.v);
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__hash__');
    if (x instanceof PyBoxed && f === undefined && lookup(x.cls, '__eq__') === undefined) return hashOf(x.v);
    if (f === null) throw typeError(`unhashable type: '${x.cls.name}'`);
    if (f !== undefined) return callSync(f, [x]);
    return objId(x) >> 4;
  }
  const k = hashKey(x);
  if (typeof k === 'number') return k;
  let h = 0;
  const s = String(k);
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
fn('chr', (n: unknown) => {
  if (!isInt(n)) throw typeError(`'${typeName(n)}' object cannot be interpreted as an integer`);
  const v = Number(n);
  if (v < 0 || v > 0x10ffff) throw valueError('chr() arg not in range(0x110000)');
  return String.fromCodePoint(v);
});
fn('ord', (s: unknown) => {
  if (typeof s !== 'string' || [...s].length !== 1) {
    throw typeError(`ord() expected a character, but string of length ${typeof s === 'string' ? s.length : 0} found`);
  }
  return s.codePointAt(0);
});
fn('hex', (n: unknown) =>
  Number(n) < 0 ? `-0x${(-BigInt(n as number)).toString(16)}` : `0x${BigInt(n as number).toString(16)}`,
);
fn('bin', (n: unknown) =>
  Number(n) < 0 ? `-0b${(-BigInt(n as number)).toString(2)}` : `0b${BigInt(n as number).toString(2)}`,
);
fn('oct', (n: unknown) =>
  Number(n) < 0 ? `-0o${(-BigInt(n as number)).toString(8)}` : `0o${BigInt(n as number).toString(8)}`,
);
fn('format', (x: unknown, spec?: unknown) => formatValue(x, (spec as string) ?? ''));
fn('divmod', (...args: unknown[]) => {
  if (args.length !== 2) throw typeError(`divmod expected 2 arguments, got ${args.length}`);
  const [a, b] = args;
  const ops = B.$ops as { floordiv: (a: unknown, b: unknown) => unknown; mod: (a: unknown, b: unknown) => unknown };
  return new PyTuple([ops.floordiv(a, b), ops.mod(a, b)]);
});
fn('pow', (a: unknown, b: unknown, m?: unknown) => {
  if (m !== undefined && m !== null) {
    if (!isInt(a) || !isInt(b) || !isInt(m))
      throw typeError('pow() 3rd argument not allowed unless all arguments are integers');
    let base = BigInt(a as number);
    let e = BigInt(b as number);
    const mod = BigInt(m as number);
    if (e < 0n) {
      // the modular inverse, then the positive power
      let [r0, r1, s0, s1] = [((base % mod) + mod) % mod, mod, 1n, 0n];
      while (r1 !== 0n) {
        const q = r0 / r1;
        [r0, r1] = [r1, r0 - q * r1];
        [s0, s1] = [s1, s0 - q * s1];
      }
      if (r0 !== 1n) throw valueError('base is not invertible for the given modulus');
      base = ((s0 % mod) + mod) % mod;
      e = -e;
    }
    let r = 1n;
    base %= mod;
    while (e > 0n) {
      if (e & 1n) r = (r * base) % mod;
      base = (base * base) % mod;
      e >>= 1n;
    }
    return norm(r < 0n ? r + mod : r);
  }
  return (B.$ops as { pow: (a: unknown, b: unknown) => unknown }).pow(a, b);
});

fn('iter', (x: unknown, sentinel?: unknown) => (sentinel === undefined ? iter(x) : new CallIter(x, sentinel)));
/** `iter(callable, sentinel)`. */
class CallIter implements PyIter {
  done = false;
  constructor(
    readonly f: unknown,
    readonly sentinel: unknown,
  ) {}
  $n(): unknown {
    if (this.done) return STOP;
    const v = callSync(this.f, []);
    if (eq(v, this.sentinel)) {
      this.done = true;
      return STOP;
    }
    return v;
  }
}
Object.defineProperty(CallIter.prototype, Symbol.for('pyType'), {
  value: new PyType('callable_iterator', [objectType]),
});
function* nextG(it: unknown, dflt?: unknown): Blocking<unknown> {
  if (it instanceof PyObject) {
    const f = lookup(it.cls, '__next__');
    if (f === undefined) throw typeError(`'${typeName(it)}' object is not an iterator`);
    try {
      return yield* callG(f, [it], null, null);
    } catch (e) {
      if (dflt !== undefined && e instanceof PyExc && isSubtype(e.cls, StopIteration)) return dflt;
      throw e;
    }
  }
  if (it === null || typeof it !== 'object' || typeof (it as PyIter).$n !== 'function') {
    throw typeError(`'${typeName(it)}' object is not an iterator`);
  }
  const i = it as PyIter;
  let v = i.$n();
  if (v === BLK) v = yield* (i.$bn as () => Blocking<unknown>).call(i);
  if (v === STOP) {
    if (dflt !== undefined) return dflt;
    const ret = (it as { ret?: unknown }).ret;
    // the return value is reported once; later next() calls raise a bare StopIteration
    if (it instanceof PyGenerator) it.ret = null;
    throw makeExc(StopIteration, ret === null || ret === undefined ? [] : [ret]);
  }
  return v;
}
fn('next', nextG as unknown as AnyFn, { blk: true });

fn(
  'enumerate',
  (...a: unknown[]) => {
    if (a.length === 0) throw typeError("enumerate() missing required argument 'iterable'");
    return new MapIter(iter(a[0]), null, Number(a[1] ?? 0));
  },
  {
    kw: (a, kw) => new MapIter(iter(a[0]), null, Number(kw?.get('start') ?? a[1] ?? 0)),
  },
);
fn('zip', (...xs: unknown[]) => new ZipIter(xs.map(iter)), {
  kw: (a, kw) => {
    const z = new ZipIter(a.map(iter));
    z.strict = truth(kw?.get('strict') ?? false);
    return z;
  },
});
fn(
  'map',
  (f: unknown, ...xs: unknown[]) =>
    new MapIter(xs.length === 1 ? iter(xs[0]) : new ZipIter(xs.map(iter)), f, -1, xs.length > 1),
);
fn('filter', (f: unknown, x: unknown) => new FilterIter(iter(x), f));
fn('reversed', (x: unknown) => {
  {
    const f = lookup(typeOf(x), '__reversed__');
    if (f !== undefined) return callSync(f, [x]);
  }
  if (x instanceof PyDict) return iter(toArray(x).reverse());
  if (x instanceof PyRange) return iter(toArray(x).reverse());
  if (!Array.isArray(x) && !(x instanceof PyTuple) && typeof x !== 'string' && !(x instanceof PyObject)) {
    throw typeError(`'${typeName(x)}' object is not reversible`);
  }
  return iter(toArray(x).reverse());
});
function sorted(x: unknown, key?: unknown, reverse?: unknown): unknown[] {
  const a = toArray(x);
  sortList(a, key, reverse);
  return a;
}
function sortedArgs(a: unknown[]): void {
  if (a.length !== 1) throw typeError(`sorted expected 1 argument, got ${a.length}`);
}
fn(
  'sorted',
  (...a: unknown[]) => {
    sortedArgs(a);
    return sorted(a[0]);
  },
  {
    kw: (a, kw) => {
      sortedArgs(a);
      return sorted(a[0], kw?.get('key'), kw?.get('reverse'));
    },
  },
);
const sumFn = fn('sum', (...a: unknown[]) => {
  if (a.length === 0) throw typeError('sum() takes at least 1 positional argument (0 given)');
  if (a.length > 2) throw typeError(`sum() takes at most 2 arguments (${a.length} given)`);
  return sumOf(a[0], a[1]);
});
function sumOf(x: unknown, start?: unknown): unknown {
  let acc: unknown = start ?? 0;
  if (typeof acc === 'string') throw typeError("sum() can't sum strings [use ''.join(seq) instead]");
  for (const v of items(x)) acc = add(acc, v);
  return acc;
}
function minmax(name: string, args: unknown[], kw: Map<string, unknown> | null, less: boolean): unknown {
  const key = kw?.get('key') ?? null;
  const dflt = kw?.get('default');
  const vals = args.length === 1 ? toArray(args[0]) : args;
  if (args.length === 0) throw typeError(`${name} expected at least 1 argument, got 0`);
  if (vals.length === 0) {
    if (dflt !== undefined) return dflt;
    throw valueError(`${name}() arg is an empty sequence`);
  }
  let best = vals[0];
  let bk = key === null ? best : callSync(key, [best]);
  for (let i = 1; i < vals.length; i++) {
    const v = vals[i];
    const k = key === null ? v : callSync(key, [v]);
    if (truth(compare(less ? '<' : '>', k, bk))) {
      best = v;
      bk = k;
    }
  }
  return best;
}
fn('min', (...a: unknown[]) => minmax('min', a, null, true), { kw: (a, kw) => minmax('min', a, kw, true) });
fn('max', (...a: unknown[]) => minmax('max', a, null, false), { kw: (a, kw) => minmax('max', a, kw, false) });
fn('any', (x: unknown) => {
  const it = iter(x);
  for (let v = nextSync(it); v !== STOP; v = nextSync(it)) if (truth(v)) return true;
  return false;
});
fn('all', (x: unknown) => {
  const it = iter(x);
  for (let v = nextSync(it); v !== STOP; v = nextSync(it)) if (!truth(v)) return false;
  return true;
});
fn('getattr', (o: unknown, name0: unknown, dflt?: unknown) => {
  const name = unbox(name0);
  if (typeof name !== 'string') throw typeError('attribute name must be string');
  const v = o instanceof Super ? (B.$superGet as (s: Super, n: string) => unknown)(o, name) : getAttrOpt(o, name);
  if (v === undefined) {
    if (dflt !== undefined) return dflt;
    return (B.$ga as (o: unknown, n: string) => unknown)(o, name);
  }
  return v;
});
fn('setattr', (o: unknown, name: string, v: unknown) => {
  setAttr(o, unbox(name) as string, v);
  return null;
});
fn('delattr', (o: unknown, name: string) => {
  delAttr(o, unbox(name) as string);
  return null;
});
fn('hasattr', (o: unknown, name: string) => {
  try {
    return getAttrOpt(o, unbox(name) as string) !== undefined;
  } catch (e) {
    if (e instanceof PyExc && e.cls.name === 'AttributeError') return false;
    throw e;
  }
});
fn('vars', (o: unknown) => getAttrOpt(o, '__dict__'));
// Builtins that take a str or an int as such: once a program subclasses one, they take its instances.
onValueSubclass.push((wrap) => {
  for (const name of ['round', 'chr', 'ord', 'divmod', 'bin', 'hex', 'oct', 'pow', 'open']) {
    B[name] = wrap(B[name] as AnyFn, name);
  }
});
fn('dir', (o: unknown) => (B.$dir as (o: unknown) => string[])(o));
fn('input', () => {
  throw pyErr(EXCEPTIONS.find((t) => t.name === 'EOFError') as PyType, 'EOF when reading a line');
});

// ---- open: the run's in-memory file system ------------------------------------------------------

const fileType = new PyType('TextIOWrapper', [objectType]);
fileType.mro = [fileType, objectType];
fileType.module = '_io';

export class PyFile {
  pos = 0;
  closed = false;
  constructor(
    readonly name: string,
    readonly mode: string,
    public data: string,
  ) {}
  $n(): unknown {
    if (this.pos >= this.data.length) return STOP;
    const nl = this.data.indexOf('\n', this.pos);
    const end = nl < 0 ? this.data.length : nl + 1;
    const line = this.data.slice(this.pos, end);
    this.pos = end;
    return line;
  }
  $attr(name: string): unknown {
    if (name === 'name') return this.name;
    if (name === 'closed') return this.closed;
    if (name === 'mode') return this.mode;
    return undefined;
  }
}
Object.defineProperty(PyFile.prototype, Symbol.for('pyType'), { value: fileType });
function checkOpen(f: PyFile): void {
  if (f.closed) throw valueError('I/O operation on closed file.');
}
const unsupportedOperation = new PyType('UnsupportedOperation', [
  EXCEPTIONS.find((t) => t.name === 'OSError') as PyType,
  EXCEPTIONS.find((t) => t.name === 'ValueError') as PyType,
]);
unsupportedOperation.mro = [
  unsupportedOperation,
  ...(unsupportedOperation.bases[0] as PyType).mro,
  ...(unsupportedOperation.bases[1] as PyType).mro.filter(
    (t) => !(unsupportedOperation.bases[0] as PyType).mro.includes(t),
  ),
];
unsupportedOperation.isException = true;
unsupportedOperation.module = 'io';
B.$UnsupportedOperation = unsupportedOperation;
function checkMode(f: PyFile, write: boolean): void {
  const m = f.mode;
  const can = write ? /[wax+]/.test(m) : m.includes('r') || m.includes('+');
  if (!can) throw makeExc(unsupportedOperation, [write ? 'not writable' : 'not readable']);
}
def(fileType, 'write', (f: PyFile, s: unknown) => {
  checkOpen(f);
  checkMode(f, true);
  if (typeof s !== 'string') throw typeError(`write() argument must be str, not ${typeName(s)}`);
  if (f.mode.includes('a')) f.pos = f.data.length;
  f.data = f.data.slice(0, f.pos) + s + f.data.slice(f.pos + s.length);
  f.pos += s.length;
  io.cur.files.set(f.name, f.data);
  return s.length;
});
def(fileType, 'seek', (f: PyFile, off: unknown, whence?: unknown) => {
  checkOpen(f);
  const w = whence === undefined ? 0 : Number(whence);
  f.pos = Math.max(0, (w === 2 ? f.data.length : w === 1 ? f.pos : 0) + Number(off));
  return f.pos;
});
def(fileType, 'tell', (f: PyFile) => {
  checkOpen(f);
  return f.pos;
});
def(fileType, 'writelines', (f: PyFile, lines: unknown) => {
  for (const l of toArray(lines)) f.data += l as string;
  io.cur.files.set(f.name, f.data);
  return null;
});
def(fileType, 'read', (f: PyFile, n?: unknown) => {
  checkOpen(f);
  checkMode(f, false);
  const end = n === undefined || n === null || Number(n) < 0 ? f.data.length : f.pos + Number(n);
  const s = f.data.slice(f.pos, end);
  f.pos = Math.min(end, f.data.length);
  return s;
});
def(fileType, 'readline', (f: PyFile) => {
  const v = f.$n();
  return v === STOP ? '' : v;
});
def(fileType, 'readlines', (f: PyFile) => {
  const out: unknown[] = [];
  for (let v = f.$n(); v !== STOP; v = f.$n()) out.push(v);
  return out;
});
def(fileType, 'close', (f: PyFile) => {
  f.closed = true;
  return null;
});
def(fileType, 'flush', () => null);
def(fileType, '__enter__', (f: PyFile) => f);
def(fileType, '__exit__', (f: PyFile) => {
  f.closed = true;
  return null;
});
def(fileType, '__iter__', (f: PyFile) => f);

function open(name: unknown, mode?: unknown): PyFile {
  const m = (mode as string) ?? 'r';
  const path = String(name);
  const files = io.cur.files;
  if (m.includes('x')) {
    if (files.has(path)) {
      const e = makeExc(EXCEPTIONS.find((t) => t.name === 'FileExistsError') as PyType, [17, 'File exists']);
      (e as { filename?: unknown }).filename = path;
      throw e;
    }
    files.set(path, '');
    return new PyFile(path, m, '');
  }
  if (m.includes('w')) {
    files.set(path, '');
    return new PyFile(path, m, '');
  }
  if (m.includes('a')) {
    const f = new PyFile(path, m, files.get(path) ?? '');
    f.pos = f.data.length;
    files.set(path, f.data);
    return f;
  }
  const data = files.get(path);
  if (data === undefined) {
    const e = makeExc(FileNotFoundError, [2, 'No such file or directory']);
    (e as { filename?: unknown }).filename = path;
    throw e;
  }
  return new PyFile(path, m, data);
}
fn('open', (name: unknown, mode?: unknown) => open(name, mode), { kw: (a, kw) => open(a[0], kw?.get('mode') ?? a[1]) });

// ---- iterator helpers ----------------------------------------------------------------------------

const enumerateType = new PyType('enumerate', [objectType]);
enumerateType.mro = [enumerateType, objectType];
const zipType = new PyType('zip', [objectType]);
zipType.mro = [zipType, objectType];
const mapType = new PyType('map', [objectType]);
mapType.mro = [mapType, objectType];
const filterType = new PyType('filter', [objectType]);
filterType.mro = [filterType, objectType];
B.enumerate_type = enumerateType;

export class ZipIter implements PyIter {
  strict = false;
  constructor(readonly its: PyIter[]) {}
  $n(): unknown {
    if (this.its.length === 0) return STOP;
    const out: unknown[] = [];
    for (let i = 0; i < this.its.length; i++) {
      const v = nextSync(this.its[i] as PyIter);
      if (v === STOP) {
        if (this.strict && i > 0) throw valueError(`zip() argument ${i + 1} is shorter than argument 1`);
        return STOP;
      }
      out.push(v);
    }
    return new PyTuple(out);
  }
}
Object.defineProperty(ZipIter.prototype, Symbol.for('pyType'), { value: zipType });

/** enumerate (fn null, counting from `count`) and map (fn set). */
export class MapIter implements PyIter {
  constructor(
    readonly it: PyIter,
    readonly f: unknown,
    public count: number,
    readonly spread = false,
  ) {}
  $n(): unknown {
    const v = nextSync(this.it);
    if (v === STOP) return STOP;
    if (this.f === null) return new PyTuple([this.count++, v]);
    return this.spread ? callSync(this.f, (v as PyTuple).a.slice()) : callSync(this.f, [v]);
  }
}
Object.defineProperty(MapIter.prototype, Symbol.for('pyType'), {
  get(this: MapIter) {
    return this.f === null ? enumerateType : mapType;
  },
});

export class FilterIter implements PyIter {
  constructor(
    readonly it: PyIter,
    readonly f: unknown,
  ) {}
  $n(): unknown {
    for (;;) {
      const v = nextSync(this.it);
      if (v === STOP) return STOP;
      if (truth(this.f === null ? v : callSync(this.f, [v]))) return v;
    }
  }
}
Object.defineProperty(FilterIter.prototype, Symbol.for('pyType'), { value: filterType });

for (const t of [enumerateType, zipType, mapType, filterType]) {
  def(t, '__iter__', (x: unknown) => x);
  def(t, '__next__', (x: PyIter) => {
    const v = nextSync(x);
    if (v === STOP) throw makeExc(StopIteration, []);
    return v;
  });
}

export { eq, floatRepr, PyBytes, PyDict, PySet, PySlice, PyTuple };

/**
 * Builtins that consume an iterable take a generator's items first, driven with `yield*`,
 * so a generator expression that blocks (`sum(q.get() for _ in range(n))`) works.
 */
function consuming(name: string): void {
  const f = B[name] as AnyFn;
  const g = function* (...args: unknown[]): Blocking<unknown> {
    if (args[0] instanceof PyGenerator) args[0] = yield* drain(args[0]);
    return f(...args);
  } as unknown as AnyFn;
  g.$blk = true;
  g.$name = name;
  if (f.$kwf !== undefined) {
    const kwf = f.$kwf;
    g.$kwf = function* (args: unknown[], kw: Map<string, unknown> | null): Blocking<unknown> {
      if (args[0] instanceof PyGenerator) args[0] = yield* drain(args[0]);
      return kwf(args, kw);
    } as unknown as AnyFn;
  }
  B[name] = g;
}
sumFn.$kwf = (a, kw) => sumOf(a[0], kw?.get('start') ?? a[1]);
for (const n of ['sorted', 'sum', 'min', 'max']) consuming(n);
/** any()/all() stop at the first decisive item, driving a generator that may block. */
for (const [name, want] of [
  ['any', true],
  ['all', false],
] as const) {
  const g = function* (x: unknown): Blocking<unknown> {
    const it = iter(x);
    for (;;) {
      let v = it.$n();
      if (v === BLK) v = yield* (it.$bn as () => Blocking<unknown>).call(it);
      if (v === STOP) return !want;
      if (truth(v) === want) {
        if (it instanceof PyGenerator && !it.done) it.close();
        return want;
      }
    }
  } as unknown as AnyFn;
  g.$blk = true;
  g.$name = name;
  B[name] = g;
}
{
  const join = strType.dict.join as AnyFn;
  const g = function* (s: string, ...a: unknown[]): Blocking<unknown> {
    const it = a[0];
    if (a.length === 1 && it instanceof PyGenerator) return join(s, yield* drain(it));
    return join(s, ...a);
  } as unknown as AnyFn;
  g.$blk = true;
  g.$name = 'join';
  strType.dict.join = g;
}

def(rangeType, '__repr__', (r: PyRange) =>
  r.step === 1 ? `range(${r.start}, ${r.stop})` : `range(${r.start}, ${r.stop}, ${r.step})`,
);
def(rangeType, '__len__', (r: PyRange) => r.length);
def(
  sliceType,
  'indices',
  (sl: PySlice, n: unknown) => new PyTuple((B.$sliceIndices as (s: PySlice, n: number) => number[])(sl, Number(n))),
);
function rangeIndex(r: PyRange, x: unknown): number {
  if (typeof x !== 'number' && typeof x !== 'boolean') return -1;
  const v = Number(x);
  const i = (v - r.start) / r.step;
  return Number.isInteger(i) && i >= 0 && i < r.length ? i : -1;
}
def(rangeType, '__contains__', (r: PyRange, x: unknown) => rangeIndex(r, x) >= 0);
def(rangeType, 'index', (r: PyRange, x: unknown) => {
  const i = rangeIndex(r, x);
  if (i < 0) throw valueError(`${repr(x)} is not in range`);
  return i;
});
def(rangeType, 'count', (r: PyRange, x: unknown) => (rangeIndex(r, x) >= 0 ? 1 : 0));
def(
  rangeType,
  '__eq__',
  (r: PyRange, o: unknown) =>
    o instanceof PyRange &&
    r.length === o.length &&
    (r.length === 0 || (r.start === o.start && (r.length === 1 || r.step === o.step))),
);
Object.defineProperty(PyRange.prototype, '$attr', {
  value(this: PyRange, name: string): unknown {
    if (name === 'start') return this.start;
    if (name === 'stop') return this.stop;
    if (name === 'step') return this.step;
    return undefined;
  },
});
const notImplementedType = new PyType('NotImplementedType', [objectType]);
notImplementedType.mro = [notImplementedType, objectType];
Object.defineProperty(NotImplemented, Symbol.for('pyType'), { value: notImplementedType });
def(notImplementedType, '__repr__', () => 'NotImplemented');
Object.defineProperty(PySlice.prototype, '$attr', {
  value(this: PySlice, name: string): unknown {
    if (name === 'start') return this.start;
    if (name === 'stop') return this.stop;
    if (name === 'step') return this.step;
    return undefined;
  },
});

const unionType = new PyType('UnionType', [objectType]);
unionType.mro = [unionType, objectType];
unionType.module = 'types';
Object.defineProperty(PyUnion.prototype, Symbol.for('pyType'), { value: unionType });
def(unionType, '__repr__', (u: PyUnion) =>
  u.args
    .map((t) =>
      t === null
        ? 'None'
        : t instanceof PyType
          ? t.module === 'builtins'
            ? t.qualname
            : `${t.module}.${t.qualname}`
          : repr(t),
    )
    .join(' | '),
);
def(
  unionType,
  '__eq__',
  (u: PyUnion, o: unknown) =>
    o instanceof PyUnion && u.args.length === o.args.length && u.args.every((t) => o.args.includes(t)),
);

const genericAliasType = new PyType('GenericAlias', [objectType]);
genericAliasType.mro = [genericAliasType, objectType];
genericAliasType.module = 'types';
Object.defineProperty(GenericAlias.prototype, Symbol.for('pyType'), { value: genericAliasType });
const typeRepr = (t: unknown): string =>
  t === null
    ? 'None'
    : t instanceof PyType
      ? t.module === 'builtins'
        ? t.qualname
        : `${t.module}.${t.qualname}`
      : repr(t);
def(genericAliasType, '__repr__', (g: GenericAlias) => `${typeRepr(g.origin)}[${g.args.map(typeRepr).join(', ')}]`);
