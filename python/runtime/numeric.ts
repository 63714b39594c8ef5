/**
 * int and float helper methods: `bit_count`, `as_integer_ratio`, `numerator`/`denominator`,
 * `to_bytes`/`from_bytes` with `signed`, `float.hex` and `float.fromhex`, with CPython's
 * formats and errors. Floats are IEEE doubles, so their ratios and hex forms are exact.
 */
import { def } from './methods.ts';
import { type AnyFn, ClassMethod, Property, PyBytes, PyFloat, PyTuple } from './objects.ts';
import { floatType, intType, OverflowError, pyErr, typeError, valueError } from './types.ts';

type Int = number | bigint | boolean;

const big = (n: Int): bigint => (typeof n === 'bigint' ? n : BigInt(Number(n)));
/** A bigint as Python's int: a JS number when it is safe. */
const small = (v: bigint): number | bigint =>
  v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;

def(intType, 'bit_count', (n: Int) => {
  let v = big(n);
  if (v < 0n) v = -v;
  let c = 0;
  for (; v > 0n; v >>= 1n) if (v & 1n) c++;
  return c;
});
def(intType, 'as_integer_ratio', (n: Int) => new PyTuple([typeof n === 'boolean' ? Number(n) : n, 1]));
intType.dict.numerator = new Property((n: Int) => (typeof n === 'boolean' ? Number(n) : n), null, null, null);
intType.dict.denominator = new Property(() => 1, null, null, null);

/** A finite double's exact mantissa and power of two: v = m * 2**e, m odd unless 0. */
function decompose(v: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  if (m === 0n) return [0n, 0];
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  return [v < 0 ? -m : m, e];
}

def(floatType, 'as_integer_ratio', (f: PyFloat) => {
  if (Number.isNaN(f.v)) throw valueError('cannot convert NaN to integer ratio');
  if (!Number.isFinite(f.v)) throw pyErr(OverflowError, 'cannot convert Infinity to integer ratio');
  const [m, e] = decompose(f.v);
  return e >= 0 ? new PyTuple([small(m << BigInt(e)), 1]) : new PyTuple([small(m), small(1n << BigInt(-e))]);
});

def(floatType, 'hex', (f: PyFloat) => {
  const v = f.v;
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v < 0 ? '-inf' : 'inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (v === 0) return `${sign}0x0.0p+0`;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  const frac = ((BigInt(hi & 0xfffff) << 32n) | BigInt(lo)).toString(16).padStart(13, '0');
  const e = exp === 0 ? -1022 : exp - 1023;
  return `${sign}0x${exp === 0 ? 0 : 1}.${frac}p${e >= 0 ? '+' : ''}${e}`;
});

/** `float.fromhex(s)`: `[sign]0x<hex>[.<hex>][p<exp>]`, or inf/nan. */
function fromHex(_cls: unknown, s: unknown): PyFloat {
  if (typeof s !== 'string') throw typeError(`must be str, not ${typeof s}`);
  const t = s.trim().toLowerCase();
  const special = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (special) return new PyFloat(special[2] === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity);
  const m = /^([+-]?)(?:0x)?([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(t);
  if (m === null || `${m[2]}${m[3] ?? ''}` === '') throw valueError('invalid hexadecimal floating-point string');
  const digits = `${m[2]}${m[3] ?? ''}`;
  const v = Number(BigInt(`0x${digits}`)) * 2 ** (Number(m[4] ?? 0) - 4 * (m[3] ?? '').length);
  return new PyFloat(m[1] === '-' ? -v : v);
}
(fromHex as AnyFn).$nb = true;
(fromHex as AnyFn).$name = 'fromhex';
floatType.dict.fromhex = new ClassMethod(fromHex);

/** `n.to_bytes(length, byteorder, *, signed=False)`. */
function toBytes(n: Int, length: unknown = 1, order: unknown = 'big', signed: unknown = false): PyBytes {
  const len = Number(length);
  let v = big(n);
  if (v < 0n && !signed) throw pyErr(OverflowError, "can't convert negative int to unsigned");
  const bits = BigInt(len * 8);
  const fits = signed ? v >= -(1n << (bits - 1n)) && v < 1n << (bits - 1n) : v < 1n << bits;
  if (len > 0 ? !fits : v !== 0n) throw pyErr(OverflowError, 'int too big to convert');
  if (v < 0n) v += 1n << bits;
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    out[order === 'little' ? i : len - 1 - i] = Number(v & 255n);
    v >>= 8n;
  }
  return new PyBytes(out);
}
const to = def(intType, 'to_bytes', toBytes);
to.$kwf = (args, kw) =>
  toBytes(args[0] as Int, args[1] ?? kw?.get('length'), args[2] ?? kw?.get('byteorder'), kw?.get('signed') ?? false);

/** `int.from_bytes(bytes, byteorder, *, signed=False)`. */
function fromBytes(_cls: unknown, b: unknown, order: unknown = 'big', signed: unknown = false): number | bigint {
  const bytes = b instanceof PyBytes ? Array.from(b.b) : (b as number[]);
  const seq = order === 'little' ? bytes.slice().reverse() : bytes;
  let v = 0n;
  for (const x of seq) v = (v << 8n) | BigInt(x);
  if (signed && seq.length > 0 && (seq[0] as number) >= 128) v -= 1n << BigInt(8 * seq.length);
  return small(v);
}
(fromBytes as AnyFn).$nb = true;
(fromBytes as AnyFn).$name = 'from_bytes';
(fromBytes as AnyFn).$kwf = (args, kw) =>
  fromBytes(args[0], args[1], args[2] ?? kw?.get('byteorder'), kw?.get('signed') ?? false);
intType.dict.from_bytes = new ClassMethod(fromBytes);
