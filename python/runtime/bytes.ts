/**
 * bytes and bytearray: methods, `%`-formatting, and the codecs str.encode/bytes.decode use
 * (utf-8, ascii, latin-1 with strict/replace/ignore/backslashreplace), with CPython's
 * UnicodeDecodeError/UnicodeEncodeError messages. A bytearray is a PyBytes marked mutable.
 *
 * Differs from CPython: only those three codecs exist.
 */
import { bytesRepr, percent } from './format.ts';
import { items, toArray } from './iter.ts';
import { codecs, def } from './methods.ts';
import { type AnyFn, PyBytes, PyFloat, PyTuple, PyType, StaticMethod } from './objects.ts';
import { fmt, isInt } from './ops.ts';
import {
  BYTEARRAY,
  bytesType,
  indexError,
  makeExc,
  objectType,
  typeError,
  typeName,
  UnicodeDecodeError,
  UnicodeEncodeError,
  valueError,
} from './types.ts';

export const bytearrayType = new PyType('bytearray', [objectType]);
bytearrayType.mro = [bytearrayType, objectType];
BYTEARRAY.t = bytearrayType;
bytearrayType.make = (_c, a) => bytesFrom(a, true);
bytesType.make = (_c, a) => bytesFrom(a, false);

export function mkBytes(a: ArrayLike<number>, mutable = false): PyBytes {
  const b = new PyBytes(Uint8Array.from(a));
  if (mutable) (b as { mutable?: boolean }).mutable = true;
  return b;
}

export function isMutable(b: PyBytes): boolean {
  return (b as { mutable?: boolean }).mutable === true;
}

function byteValues(x: unknown, what: string): number[] {
  const out: number[] = [];
  for (const v of toArray(x)) {
    if (!isInt(v)) throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
    const n = Number(v);
    if (n < 0 || n > 255) throw valueError(`${what} must be in range(0, 256)`);
    out.push(n);
  }
  return out;
}

/** The argument of bytes()/bytearray(). */
export function bytesFrom(args: unknown[], mutable: boolean): PyBytes {
  if (args.length === 0) return mkBytes([], mutable);
  const x = args[0];
  if (typeof x === 'string') {
    if (args.length < 2) throw typeError('string argument without an encoding');
    return mkBytes(encode(x, String(args[1]), String(args[2] ?? 'strict')).b, mutable);
  }
  if (isInt(x)) {
    if (Number(x) < 0) throw valueError('negative count');
    return mkBytes(new Uint8Array(Number(x)), mutable);
  }
  if (x instanceof PyBytes) return mkBytes(x.b, mutable);
  return mkBytes(byteValues(x, mutable ? 'byte' : 'bytes'), mutable);
}

// ---- codecs ---------------------------------------------------------------------------------

function normCodec(enc: string): string {
  const e = enc.toLowerCase().replace(/_/g, '-');
  if (e === 'utf8' || e === 'utf-8') return 'utf-8';
  if (e === 'latin-1' || e === 'latin1' || e === 'iso-8859-1' || e === 'iso8859-1') return 'latin-1';
  if (e === 'ascii' || e === 'us-ascii') return 'ascii';
  if (e === 'utf-16-le' || e === 'utf-16le') return 'utf-16-le';
  if (e === 'utf-16-be' || e === 'utf-16be') return 'utf-16-be';
  if (e === 'utf-16' || e === 'utf16') return 'utf-16';
  throw makeExc(lookupError(), [`unknown encoding: ${enc}`]);
}
function lookupError(): PyType {
  return (valueError('').cls.mro.find((t) => t.name === 'Exception') as PyType).mro[0] as PyType;
}

function hex2(c: number): string {
  return c.toString(16).padStart(2, '0');
}

export function encode(s: string, encoding = 'utf-8', errors = 'strict'): PyBytes {
  const codec = normCodec(encoding);
  if (codec === 'utf-8') return new PyBytes(new TextEncoder().encode(s));
  if (codec.startsWith('utf-16')) {
    const out: number[] = codec === 'utf-16' ? [0xff, 0xfe] : [];
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      if (codec === 'utf-16-be') out.push(u >> 8, u & 255);
      else out.push(u & 255, u >> 8);
    }
    return new PyBytes(Uint8Array.from(out));
  }
  const limit = codec === 'ascii' ? 0x80 : 0x100;
  const out: number[] = [];
  let pos = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < limit) out.push(c);
    else if (errors === 'strict') {
      const cs =
        c < 0x100
          ? `\\x${hex2(c)}`
          : c < 0x10000
            ? `\\u${c.toString(16).padStart(4, '0')}`
            : `\\U${c.toString(16).padStart(8, '0')}`;
      const e = makeExc(UnicodeEncodeError, [
        `'${codec === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character '${cs}' in position ${pos}: ordinal not in range(${limit})`,
      ]);
      throw e;
    } else if (errors === 'replace') out.push(63);
    else if (errors === 'backslashreplace') {
      const esc =
        c < 0x100
          ? `\\x${hex2(c)}`
          : c < 0x10000
            ? `\\u${c.toString(16).padStart(4, '0')}`
            : `\\U${c.toString(16).padStart(8, '0')}`;
      for (const e of esc) out.push(e.charCodeAt(0));
    } else if (errors === 'xmlcharrefreplace') {
      for (const e of `&#${c};`) out.push(e.charCodeAt(0));
    }
    pos++;
  }
  return new PyBytes(Uint8Array.from(out));
}

function utf8Len(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

export function decode(b: Uint8Array, encoding = 'utf-8', errors = 'strict'): string {
  const codec = normCodec(encoding);
  if (codec === 'latin-1') return String.fromCharCode(...b);
  if (codec.startsWith('utf-16')) {
    let i = 0;
    let be = codec === 'utf-16-be';
    if (codec === 'utf-16' && b.length >= 2) {
      if (b[0] === 0xfe && b[1] === 0xff) {
        be = true;
        i = 2;
      } else if (b[0] === 0xff && b[1] === 0xfe) i = 2;
    }
    let out = '';
    for (; i + 1 < b.length; i += 2)
      out += String.fromCharCode(
        be ? ((b[i] as number) << 8) | (b[i + 1] as number) : ((b[i + 1] as number) << 8) | (b[i] as number),
      );
    return out;
  }
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (codec === 'ascii') {
      if (c < 0x80) out += String.fromCharCode(c);
      else if (errors === 'strict') {
        throw makeExc(UnicodeDecodeError, [
          `'ascii' codec can't decode byte 0x${hex2(c)} in position ${i}: ordinal not in range(128)`,
        ]);
      } else if (errors === 'replace') out += '\ufffd';
      else if (errors === 'backslashreplace') out += `\\x${hex2(c)}`;
      i++;
      continue;
    }
    const n = utf8Len(c);
    let ok = n > 0 && i + n <= b.length;
    for (let k = 1; ok && k < n; k++) if (((b[i + k] as number) & 0xc0) !== 0x80) ok = false;
    if (ok) {
      out += new TextDecoder().decode(b.subarray(i, i + n));
      i += n;
      continue;
    }
    if (errors === 'strict') {
      const why =
        n === 0 ? 'invalid start byte' : i + n > b.length ? 'unexpected end of data' : 'invalid continuation byte';
      throw makeExc(UnicodeDecodeError, [`'utf-8' codec can't decode byte 0x${hex2(c)} in position ${i}: ${why}`]);
    }
    if (errors === 'replace') out += '\ufffd';
    else if (errors === 'backslashreplace') out += `\\x${hex2(c)}`;
    i++;
  }
  return out;
}

// ---- methods -----------------------------------------------------------------------------------

function arg(x: unknown): Uint8Array {
  if (x instanceof PyBytes) return x.b;
  throw typeError(`a bytes-like object is required, not '${typeName(x)}'`);
}
function find(h: Uint8Array, n: Uint8Array, from = 0): number {
  outer: for (let i = from; i + n.length <= h.length; i++) {
    for (let j = 0; j < n.length; j++) if (h[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}
function same(b: PyBytes, a: ArrayLike<number>): PyBytes {
  return mkBytes(a, isMutable(b));
}
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function bytesContains(h: PyBytes, x: unknown): boolean {
  if (isInt(x)) {
    const n = Number(x);
    if (n < 0 || n > 255) throw valueError('byte must be in range(0, 256)');
    return h.b.includes(n);
  }
  return find(h.b, arg(x)) >= 0;
}

for (const t of [bytesType, bytearrayType]) {
  const d = (name: string, f: (self: PyBytes, ...a: never[]) => unknown) => def(t, name, f as never);
  d('decode', (self, enc?: never, errors?: never) => decode(self.b, enc ?? 'utf-8', errors ?? 'strict'));
  d('hex', (self, sep?: never) => Array.from(self.b, hex2).join(sep ?? ''));
  d('upper', (self) =>
    same(
      self,
      Array.from(self.b, (c) => (c >= 97 && c <= 122 ? c - 32 : c)),
    ),
  );
  d('lower', (self) =>
    same(
      self,
      Array.from(self.b, (c) => (c >= 65 && c <= 90 ? c + 32 : c)),
    ),
  );
  d('find', (self, sub: never) => find(self.b, isInt(sub) ? Uint8Array.of(Number(sub)) : arg(sub)));
  d('index', (self, sub: never) => {
    const i = find(self.b, isInt(sub) ? Uint8Array.of(Number(sub)) : arg(sub));
    if (i < 0) throw valueError('subsection not found');
    return i;
  });
  d('count', (self, sub: never) => {
    const n = arg(sub);
    let c = 0;
    for (let i = find(self.b, n); i >= 0; i = find(self.b, n, i + Math.max(1, n.length))) c++;
    return c;
  });
  d('startswith', (self, p: never) => {
    const n = arg(p);
    return n.length <= self.b.length && n.every((v, i) => self.b[i] === v);
  });
  d('endswith', (self, p: never) => {
    const n = arg(p);
    const off = self.b.length - n.length;
    return off >= 0 && n.every((v, i) => self.b[off + i] === v);
  });
  d('split', (self, sep?: never, maxsplit?: never) => {
    const out: PyBytes[] = [];
    const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
    if (sep === undefined || sep === null) {
      let i = 0;
      const b = self.b;
      while (i < b.length) {
        while (i < b.length && isSpace(b[i] as number)) i++;
        if (i >= b.length) break;
        if (max >= 0 && out.length >= max) {
          let e = b.length;
          while (e > i && isSpace(b[e - 1] as number)) e--;
          out.push(same(self, b.subarray(i, e)));
          break;
        }
        let j = i;
        while (j < b.length && !isSpace(b[j] as number)) j++;
        out.push(same(self, b.subarray(i, j)));
        i = j;
      }
      return out;
    }
    const n = arg(sep);
    let at = 0;
    for (let i = find(self.b, n); i >= 0 && (max < 0 || out.length < max); i = find(self.b, n, at)) {
      out.push(same(self, self.b.subarray(at, i)));
      at = i + n.length;
    }
    out.push(same(self, self.b.subarray(at)));
    return out;
  });
  d('join', (self, it: never) => {
    const parts = items(it);
    const out: number[] = [];
    parts.forEach((p, i) => {
      if (!(p instanceof PyBytes))
        throw typeError(`sequence item ${i}: expected a bytes-like object, ${typeName(p)} found`);
      if (i > 0) out.push(...self.b);
      out.push(...p.b);
    });
    return same(self, out);
  });
  const strip = (self: PyBytes, chars: unknown, left: boolean, right: boolean) => {
    const set = chars === undefined || chars === null ? null : arg(chars);
    const is = (c: number) => (set === null ? isSpace(c) : set.includes(c));
    let a = 0;
    let e = self.b.length;
    if (left) while (a < e && is(self.b[a] as number)) a++;
    if (right) while (e > a && is(self.b[e - 1] as number)) e--;
    return same(self, self.b.subarray(a, e));
  };
  d('strip', (self, c?: never) => strip(self, c, true, true));
  d('lstrip', (self, c?: never) => strip(self, c, true, false));
  d('rstrip', (self, c?: never) => strip(self, c, false, true));
  d('replace', (self, a: never, b: never) => {
    const x = arg(a);
    const y = arg(b);
    const out: number[] = [];
    let at = 0;
    for (let i = find(self.b, x); i >= 0 && x.length > 0; i = find(self.b, x, at)) {
      out.push(...self.b.subarray(at, i), ...y);
      at = i + x.length;
    }
    out.push(...self.b.subarray(at));
    return same(self, out);
  });
  d('partition', (self, sep: never) => {
    const n = arg(sep);
    const i = find(self.b, n);
    if (i < 0) return new PyTuple([same(self, self.b), same(self, []), same(self, [])]);
    return new PyTuple([same(self, self.b.subarray(0, i)), same(self, n), same(self, self.b.subarray(i + n.length))]);
  });
  d(
    'isalnum',
    (self) =>
      self.b.length > 0 && self.b.every((c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)),
  );
  d('isalpha', (self) => self.b.length > 0 && self.b.every((c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)));
  d('isdigit', (self) => self.b.length > 0 && self.b.every((c) => c >= 48 && c <= 57));
  d('isspace', (self) => self.b.length > 0 && self.b.every(isSpace));
  d('__len__', (self) => self.b.length);
  d('__repr__', (self) => (isMutable(self) ? `bytearray(${bytesRepr(self.b)})` : bytesRepr(self.b)));
  const fromhex = (_cls: unknown, s: unknown) => {
    const t = String(s).replace(/\s+/g, '');
    if (t.length % 2 !== 0 || /[^0-9a-fA-F]/.test(t)) throw valueError('non-hexadecimal number found in fromhex() arg');
    const out: number[] = [];
    for (let i = 0; i < t.length; i += 2) out.push(Number.parseInt(t.slice(i, i + 2), 16));
    return mkBytes(out, t === 'bytearray');
  };
  (fromhex as AnyFn).$nb = true;
  t.dict.fromhex = new StaticMethod((s: unknown) => fromhex(null, s));
  (t.dict.fromhex as StaticMethod as { fn: AnyFn }).fn.$nb = true;
}

def(bytearrayType, 'append', (self: PyBytes, x: unknown) => {
  const v = byteValues([x], 'byte');
  (self as { b: Uint8Array }).b = Uint8Array.from([...self.b, ...v]);
  return null;
});
def(bytearrayType, 'extend', (self: PyBytes, x: unknown) => {
  const v = x instanceof PyBytes ? Array.from(x.b) : byteValues(x, 'byte');
  (self as { b: Uint8Array }).b = Uint8Array.from([...self.b, ...v]);
  return null;
});
def(bytearrayType, 'pop', (self: PyBytes, i?: unknown) => {
  if (self.b.length === 0) throw indexError('pop from empty bytearray');
  const a = Array.from(self.b);
  const k = i === undefined ? a.length - 1 : Number(i) < 0 ? Number(i) + a.length : Number(i);
  const [v] = a.splice(k, 1);
  (self as { b: Uint8Array }).b = Uint8Array.from(a);
  return v;
});

/** `bytes % values`. */
export function bytesPercent(fmt: PyBytes, values: unknown): PyBytes {
  const vals = values instanceof PyTuple ? values.a : [values];
  for (const [i, v] of vals.entries()) {
    if (typeof v === 'string') {
      const specs = decode(fmt.b, 'latin-1').match(/%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z%]/g) ?? [];
      const sp = specs.filter((x) => x !== '%%')[i] ?? '';
      if (sp.endsWith('s') || sp.endsWith('b')) {
        throw typeError(
          `%b requires a bytes-like object, or an object that implements __bytes__, not '${typeName(v)}'`,
        );
      }
    }
  }
  const mapped = vals.map((v) => (v instanceof PyBytes ? decode(v.b, 'latin-1') : v instanceof PyFloat ? v : v));
  const s = percent(
    decode(fmt.b, 'latin-1').replace(/%b/g, '%s'),
    values instanceof PyTuple ? new PyTuple(mapped) : mapped[0],
  );
  return mkBytes(
    Array.from(s, (c) => c.charCodeAt(0)),
    isMutable(fmt),
  );
}

codecs.encode = encode;
fmt.bytesPercent = bytesPercent;
fmt.bytesContains = bytesContains;
