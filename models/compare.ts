/**
 * Python's `<` and `==` over the JavaScript values that stand for Python ones, for the
 * models that order user items (`PriorityQueue`) and for Python's exact TypeError texts.
 *
 * numbers, booleans and bigints are Python's int/float/bool (bool is an int); strings are
 * `str`, compared by code point as Python does (not by UTF-16 unit as JavaScript's `<`);
 * arrays are tuples, compared element by element; null and undefined are `None`. Anything
 * else is unordered, as a plain class instance is in Python: `<` raises TypeError.
 *
 * Differs from Python: every array counts as a tuple (Python refuses `list < tuple`), and
 * a plain object counts as a dict (equal by value, unordered).
 */

/** The name Python gives the type of `x`'s counterpart: `int`, `str`, `tuple`, `NoneType`. */
export function pyTypeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  switch (typeof x) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(x) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'str';
    case 'function':
      return 'function';
    case 'symbol':
      return 'object';
    default:
      break;
  }
  if (Array.isArray(x)) return 'tuple';
  const proto = Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null;
  const name = proto?.constructor?.name;
  return proto === null || proto === Object.prototype || !name ? 'dict' : name;
}

function isNumeric(x: unknown): x is number | boolean | bigint {
  const t = typeof x;
  return t === 'number' || t === 'boolean' || t === 'bigint';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === null || proto === Object.prototype;
}

/** Compares strings by code point: negative, zero or positive. */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Python's `a == b`; never raises. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEquals(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((key) => Object.hasOwn(b, key) && pyEquals(a[key], b[key]));
  }
  return false;
}

/** Python's `a < b`: raises `TypeError` for values Python cannot order. */
export function pyLessThan(a: unknown, b: unknown): boolean {
  if (isNumeric(a) && isNumeric(b)) {
    return typeof a === 'bigint' && typeof b === 'bigint' ? a < b : Number(a) < Number(b);
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b) < 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEquals(a[i], b[i])) return pyLessThan(a[i], b[i]);
    }
    return a.length < b.length;
  }
  throw new TypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}
