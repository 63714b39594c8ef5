/**
 * `repr()`, `str()`, `format()` and `%`-formatting, with CPython's spellings: float repr
 * is the shortest round-tripping form (scientific from 1e16 and below 1e-4), strings pick
 * their quote as CPython does, containers recurse (`[...]` for a list inside itself).
 */
import { callSync, lookup } from './call.ts';
import {
  BoundMethod,
  PyBoxed,
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
import { fmt, isInt, objId } from './ops.ts';
import { ELLIPSIS, pyErr, typeError, typeName, typeOf, ValueError, valueError } from './types.ts';

export function floatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const e = v.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  if (m === null) return String(v);
  const sign = m[1] as string;
  const digits = (m[2] as string) + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp >= 0) {
    if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Python's non-printable characters (str.isprintable): categories C* and Z* but space. */
const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c > 0x7f && NON_PRINTABLE.test(ch)) {
      out +=
        c < 0x100
          ? `\\x${c.toString(16).padStart(2, '0')}`
          : c < 0x10000
            ? `\\u${c.toString(16).padStart(4, '0')}`
            : `\\U${c.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + q;
}

export function bytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 39) hasSingle = true;
    if (c === 34) hasDouble = true;
  }
  const q = hasSingle && !hasDouble ? '"' : "'";
  let out = `b${q}`;
  for (const c of b) {
    if (c === q.charCodeAt(0) || c === 92) out += `\\${String.fromCharCode(c)}`;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 32 || c >= 127) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out + q;
}

const active = new Set<unknown>();

function seqRepr(open: string, items: readonly unknown[], close: string, self: unknown, ellipsis: string): string {
  if (active.has(self)) return ellipsis;
  active.add(self);
  try {
    return open + items.map(repr).join(', ') + close;
  } finally {
    active.delete(self);
  }
}

export function fnRepr(f: unknown): string {
  const fn = f as { $fn?: { qualname: string }; $name?: string; name: string };
  if (fn.$fn !== undefined) return `<function ${fn.$fn.qualname} at 0x${objId(f).toString(16).padStart(12, '0')}>`;
  return `<built-in function ${fn.$name ?? fn.name}>`;
}

export function repr(x: unknown): string {
  switch (typeof x) {
    case 'number':
      return String(x);
    case 'bigint': {
      const t = x.toString();
      if (t.length > 4300 + (x < 0n ? 1 : 0)) {
        throw valueError(
          'Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit',
        );
      }
      return t;
    }
    case 'string':
      return strRepr(x);
    case 'boolean':
      return x ? 'True' : 'False';
    case 'function':
      return fnRepr(x);
  }
  if (x === null || x === undefined) return 'None';
  if (x instanceof PyFloat && x.$cls === undefined) return floatRepr(x.v);
  {
    const cls = (x as { $cls?: PyType }).$cls;
    if (cls !== undefined) {
      const f = lookup(cls, '__repr__');
      if (f !== undefined && (f as { $fn?: unknown }).$fn !== undefined) return callSync(f, [x]) as string;
    }
  }
  if (x instanceof PyFloat) return floatRepr(x.v);
  if (Array.isArray(x)) return seqRepr('[', x, ']', x, '[...]');
  if (x instanceof PyTuple) {
    return x.a.length === 1 ? `(${repr(x.a[0])},)` : seqRepr('(', x.a, ')', x, '(...)');
  }
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__repr__');
    if (f !== undefined) {
      const r = callSync(f, [x]);
      if (typeof r !== 'string') throw typeError(`__repr__ returned non-string (type ${typeName(r)})`);
      return r;
    }
    if (x instanceof PyBoxed) return repr(x.v);
    if (x instanceof PyExc) return excRepr(x);
    return `<${x.cls.module === 'builtins' ? '' : `${x.cls.module}.`}${x.cls.qualname} object at 0x${objId(x).toString(16).padStart(12, '0')}>`;
  }
  if (x instanceof PyDict) {
    if (active.has(x)) return '{...}';
    active.add(x);
    try {
      return `{${[...x.m.values()].map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}}`;
    } finally {
      active.delete(x);
    }
  }
  if (x instanceof PySet) {
    const items = (fmt.setItems as (s: PySet) => unknown[])(x);
    if (x.frozen) return items.length === 0 ? 'frozenset()' : `frozenset({${items.map(repr).join(', ')}})`;
    return items.length === 0 ? 'set()' : `{${items.map(repr).join(', ')}}`;
  }
  if (x instanceof PyType) {
    return `<class '${x.module === 'builtins' ? '' : `${x.module}.`}${x.qualname}'>`;
  }
  if (x instanceof PyBytes)
    return (x as { mutable?: boolean }).mutable ? `bytearray(${bytesRepr(x.b)})` : bytesRepr(x.b);
  if (x instanceof PyModule) return `<module '${x.name}'>`;
  if (x instanceof BoundMethod) {
    const f = x.fn as { $fn?: { qualname: string }; $name?: string; name: string };
    if (f.$fn !== undefined) return `<bound method ${f.$fn.qualname} of ${repr(x.self)}>`;
    return `<built-in method ${f.$name ?? f.name} of ${typeName(x.self)} object at 0x${objId(x.self).toString(16).padStart(12, '0')}>`;
  }
  if (x instanceof PySlice) return `slice(${repr(x.start)}, ${repr(x.stop)}, ${repr(x.step)})`;
  if (x === ELLIPSIS) return 'Ellipsis';
  const t = typeOf(x);
  const f = lookup(t, '__repr__');
  if (f !== undefined) return callSync(f, [x]) as string;
  return `<${t.module === 'builtins' ? '' : `${t.module}.`}${t.name} object at 0x${objId(x).toString(16).padStart(12, '0')}>`;
}

export function excRepr(e: PyExc): string {
  const a = e.args.a;
  const inner = a.length === 1 ? repr(a[0]) : a.map(repr).join(', ');
  return `${e.cls.name}(${inner})`;
}

export function excStr(e: PyExc): string {
  const f = lookup(e.cls, '__str__');
  if (f !== undefined) return str(callSync(f, [e]));
  const a = e.args.a;
  if (e.cls.mro.some((t) => t.name === 'OSError' && t.module === 'builtins') && a.length === 2) {
    const fn = (e as { filename?: unknown }).filename;
    return `[Errno ${str(a[0])}] ${str(a[1])}${fn === undefined ? '' : `: ${repr(fn)}`}`;
  }
  if (a.length === 0) return '';
  if (a.length === 1) {
    if (e.cls.name === 'KeyError' && e.cls.module === 'builtins') return repr(a[0]);
    return str(a[0]);
  }
  return repr(e.args);
}

export function str(x: unknown): string {
  if (typeof x === 'string') return x;
  {
    const cls = (x as { $cls?: PyType } | null)?.$cls;
    if (cls !== undefined) {
      const f = lookup(cls, '__str__');
      if (f !== undefined && (f as { $fn?: unknown }).$fn !== undefined) return callSync(f, [x]) as string;
    }
  }
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__str__');
    if (f !== undefined) {
      const r = callSync(f, [x]);
      if (typeof r !== 'string') throw typeError(`__str__ returned non-string (type ${typeName(r)})`);
      return r;
    }
    // str.__str__ gives the string; int's and float's str is their repr (a subclass's own __repr__)
    if (x instanceof PyBoxed) return typeof x.v === 'string' ? x.v : repr(x);
    if (x instanceof PyExc) return excStr(x);
  }
  return repr(x);
}

// ---- format() -----------------------------------------------------------------------

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (m === null) throw valueError('Invalid format specifier');
  return {
    fill: m[1] ?? (m[5] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[5] ? '=' : ''),
    sign: m[3] ?? '-',
    alt: m[4] !== undefined,
    zero: m[5] !== undefined,
    width: m[6] === undefined ? 0 : Number(m[6]),
    grouping: m[7] ?? '',
    precision: m[8] === undefined ? -1 : Number(m[8]),
    type: m[9] ?? '',
  };
}

function group(digits: string, sep: string): string {
  if (sep === '') return digits;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

function pad(body: string, sign: string, s: Spec, defaultAlign: string): string {
  const total = sign.length + body.length;
  if (total >= s.width) return sign + body;
  const n = s.width - total;
  const align = s.align || defaultAlign;
  const f = s.fill;
  switch (align) {
    case '<':
      return sign + body + f.repeat(n);
    case '>':
      return f.repeat(n) + sign + body;
    case '^':
      return f.repeat(Math.floor(n / 2)) + sign + body + f.repeat(n - Math.floor(n / 2));
    default:
      return sign + f.repeat(n) + body;
  }
}

/** `v` to `p` decimals, rounding the exact binary value half to even as CPython does. */
export function fixed(v: number, p: number): string {
  if (Math.abs(v) >= 1e21) return BigInt(Math.round(v)).toString() + (p > 0 ? `.${'0'.repeat(p)}` : '');
  if (p > 60) return v.toFixed(Math.min(p, 100));
  const exact = Math.abs(v).toFixed(Math.min(p + 40, 100));
  const dot = exact.indexOf('.');
  const keep = exact.slice(0, dot + 1 + p);
  const rest = exact.slice(dot + 1 + p);
  let digits = keep.replace('.', '');
  const first = rest.charCodeAt(0) - 48;
  const tail = rest.slice(1);
  const lastDigit = digits.charCodeAt(digits.length - 1) - 48;
  const up = first > 5 || (first === 5 && (/[1-9]/.test(tail) || lastDigit % 2 === 1));
  if (up) digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  let out = p > 0 ? `${digits.slice(0, digits.length - p)}.${digits.slice(digits.length - p)}` : digits;
  if (out.startsWith('.')) out = `0${out}`;
  return (v < 0 || Object.is(v, -0)) && !/^[0.]*$/.test(out) ? `-${out}` : v < 0 || Object.is(v, -0) ? `-${out}` : out;
}

function expo(v: number, p: number, upper: boolean): string {
  const e = v.toExponential(p);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(e) as RegExpExecArray;
  const r = `${m[1]}e${m[2]}${(m[3] as string).padStart(2, '0')}`;
  return upper ? r.toUpperCase() : r;
}

function general(v: number, p: number, alt: boolean, upper: boolean): string {
  if (p === 0) p = 1;
  if (v === 0) return alt ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toExponential(p - 1)))));
  let r: string;
  if (exp >= -4 && exp < p) r = v.toFixed(Math.max(p - 1 - exp, 0));
  else r = expo(v, p - 1, upper);
  if (!alt) {
    r = r.replace(/\.?0+(?=e|E|$)/, (z) => (z.includes('.') || r.includes('.') ? '' : z));
    if (r.includes('.')) r = r.replace(/(\.\d*?)0+(?=e|E|$)/, '$1').replace(/\.(?=e|E|$)/, '');
  }
  return r;
}

function numberBody(x: unknown, s: Spec): [string, string] {
  const isF = x instanceof PyFloat;
  let v: number | bigint = isF ? (x as PyFloat).v : typeof x === 'boolean' ? (x ? 1 : 0) : (x as number | bigint);
  const negative = typeof v === 'bigint' ? v < 0n : v < 0 || Object.is(v, -0);
  if (typeof v === 'bigint') v = v < 0n ? -v : v;
  else v = Math.abs(v);
  let t = s.type;
  let body: string;
  let prefix = '';
  if (t === '' && !isF) t = 'd';
  if (t === 'n') t = isF ? 'g' : 'd';
  if ((t === 'd' || t === 'b' || t === 'o' || t === 'x' || t === 'X' || t === 'c') && isF) {
    throw valueError(`Unknown format code '${t}' for object of type 'float'`);
  }
  switch (t) {
    case 'd':
      body = group(v.toString(), s.grouping);
      break;
    case 'b':
      prefix = s.alt ? '0b' : '';
      body = group4(v.toString(2), s.grouping);
      break;
    case 'o':
      prefix = s.alt ? '0o' : '';
      body = group4(v.toString(8), s.grouping);
      break;
    case 'x':
      prefix = s.alt ? '0x' : '';
      body = group4(v.toString(16), s.grouping);
      break;
    case 'X':
      prefix = s.alt ? '0X' : '';
      body = group4(v.toString(16).toUpperCase(), s.grouping);
      break;
    case 'c':
      body = String.fromCodePoint(Number(v));
      break;
    default: {
      const f = Number(v);
      if (!Number.isFinite(f)) {
        body = Number.isNaN(f) ? 'nan' : 'inf';
        if (t === 'F' || t === 'E' || t === 'G') body = body.toUpperCase();
        break;
      }
      const p = s.precision;
      switch (t) {
        case 'f':
        case 'F':
          body = fixed(f, p < 0 ? 6 : p);
          break;
        case 'e':
        case 'E':
          body = expo(f, p < 0 ? 6 : p, t === 'E');
          break;
        case 'g':
        case 'G':
          body = general(f, p < 0 ? 6 : p, s.alt, t === 'G');
          break;
        case '%':
          body = `${fixed(f * 100, p < 0 ? 6 : p)}%`;
          break;
        default:
          // '' on a float: repr, or 'g'-like with at least one digit after the point
          if (p >= 0) {
            body = general(f, p, s.alt, false);
            if (!/[.e]/.test(body)) body += '.0';
          } else {
            body = floatRepr(f);
          }
      }
      if (s.grouping !== '') {
        const [ip, ...rest] = body.split('.');
        body = [group(ip as string, s.grouping), ...rest].join('.');
      }
    }
  }
  const sign = negative ? '-' : s.sign === '+' ? '+' : s.sign === ' ' ? ' ' : '';
  // Zero padding goes between the sign and prefix and the digits, grouped like them.
  if ((s.align === '=' || (s.zero && s.align === '')) && s.fill === '0' && s.width > 0) {
    const lead = sign.length + prefix.length;
    const [ip, ...rest] = body.split('.');
    const tail = rest.length > 0 ? `.${rest.join('.')}` : '';
    let digits = (ip as string).replace(/[,_]/g, '');
    const sep = s.grouping;
    const regroup = (d: string) =>
      sep === '' ? d : t === 'b' || t === 'o' || t === 'x' || t === 'X' ? group4(d, sep) : group(d, sep);
    let g = regroup(digits);
    while (lead + g.length + tail.length < s.width && /^[0-9a-fA-F]/.test(digits)) {
      digits = `0${digits}`;
      g = regroup(digits);
    }
    return [prefix + g + tail, sign];
  }
  return [prefix + body, sign];
}

/** Groups of four digits (binary, octal and hex with '_'). */
function group4(digits: string, sep: string): string {
  if (sep === '') return digits;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 4 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

export function formatValue(x: unknown, spec: string): string {
  if (x instanceof PyObject) {
    const f = lookup(x.cls, '__format__');
    if (x instanceof PyBoxed && (f as { $fn?: unknown } | undefined)?.$fn === undefined) {
      return spec === '' ? str(x) : formatValue(x.v, spec);
    }
    if (f !== undefined) return str(callSync(f, [x, spec]));
    if (spec === '') return str(x);
    throw typeError(`unsupported format string passed to ${x.cls.name}.__format__`);
  }
  if (spec === '') return str(x);
  if (typeof x !== 'string' && !isInt(x) && !(x instanceof PyFloat)) {
    throw typeError(`unsupported format string passed to ${typeName(x)}.__format__`);
  }
  const s = parseSpec(spec);
  if (typeof x === 'string') {
    if (s.type !== '' && s.type !== 's') throw valueError(`Unknown format code '${s.type}' for object of type 'str'`);
    if (s.grouping !== '') throw valueError(`Cannot specify '${s.grouping}' with 's'.`);
    if (s.align === '=') throw valueError("'=' alignment not allowed in string format specifier");
    const body = s.precision >= 0 ? x.slice(0, s.precision) : x;
    return pad(body, '', s, '<');
  }
  if (isInt(x) || x instanceof PyFloat) {
    const [body, sign] = numberBody(x, s);
    return pad(body, sign, s, '>');
  }
  if (s.type !== '' && s.type !== 's') {
    throw typeError(`unsupported format string passed to ${typeName(x)}.__format__`);
  }
  return pad(str(x), '', s, '<');
}

// ---- % formatting --------------------------------------------------------------------

export function percent(fmtStr: string, values: unknown): string {
  const args = values instanceof PyTuple ? values.a : [values];
  const mapping = values instanceof PyDict ? values : null;
  let ai = 0;
  const next = (): unknown => {
    if (ai >= args.length) throw typeError('not enough arguments for format string');
    return args[ai++];
  };
  const out = fmtStr.replace(
    /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g,
    (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      let v: unknown;
      if (key !== undefined) {
        if (mapping === null) throw typeError('format requires a mapping');
        const got = mapping.m.get(key);
        if (got === undefined) throw (fmt.keyError as (k: unknown) => unknown)(key);
        v = got[1];
      }
      const w = width === '*' ? Number(next()) : width === undefined ? 0 : Number(width);
      const p = prec === '*' ? Number(next()) : prec === undefined ? -1 : Number(prec);
      if (key === undefined) v = next();
      let body: string;
      let sign = '';
      const left = flags.includes('-');
      const zero = flags.includes('0') && !left;
      switch (conv) {
        case 's':
          body = str(v);
          if (p >= 0) body = body.slice(0, p);
          break;
        case 'r':
        case 'a':
          body = repr(v);
          if (p >= 0) body = body.slice(0, p);
          break;
        case 'c':
          body = typeof v === 'string' ? v : String.fromCodePoint(Number(v));
          break;
        default: {
          if (!isInt(v) && !(v instanceof PyFloat)) {
            if ('diouxX'.includes(conv)) {
              throw typeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
            }
            throw typeError(`must be real number, not ${typeName(v)}`);
          }
          let n = v;
          if ('diouxX'.includes(conv) && n instanceof PyFloat) n = Math.trunc(n.v);
          const t = conv === 'i' || conv === 'u' ? 'd' : conv;
          const spec: Spec = {
            fill: ' ',
            align: '',
            sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-',
            alt: flags.includes('#'),
            zero: false,
            width: 0,
            grouping: '',
            precision: p,
            type: t,
          };
          [body, sign] = numberBody(n, spec);
        }
      }
      const total = sign.length + body.length;
      if (total < w) {
        if (left) return sign + body + ' '.repeat(w - total);
        if (zero && !'srac'.includes(conv)) return sign + '0'.repeat(w - total) + body;
        return ' '.repeat(w - total) + sign + body;
      }
      return sign + body;
    },
  );
  const spec = /%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?/y;
  for (let i = fmtStr.indexOf('%'); i >= 0; i = fmtStr.indexOf('%', i + 1)) {
    spec.lastIndex = i;
    const m = spec.exec(fmtStr) as RegExpExecArray;
    const end = i + m[0].length;
    const ch = fmtStr[end];
    if (ch === undefined) throw valueError('incomplete format');
    if (!'diouxXeEfFgGcrsa%'.includes(ch)) {
      throw valueError(`unsupported format character '${ch}' (0x${ch.charCodeAt(0).toString(16)}) at index ${end}`);
    }
    i = end;
  }
  if (ai < args.length && mapping === null) throw typeError('not all arguments converted during string formatting');
  return out;
}
fmt.percent = percent;

/** `str.format(*args, **kwargs)`. */
export function strFormat(s: string, args: readonly unknown[], kw: Map<string, unknown> | null): string {
  let auto = 0;
  let manual = false;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '{') {
      if (s[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      let depth = 1;
      let j = i + 1;
      while (j < s.length && depth > 0) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}') depth--;
        j++;
      }
      if (depth > 0)
        throw valueError(
          j - i === 1 || !s.slice(i + 1).includes('}')
            ? "Single '{' encountered in format string"
            : "expected '}' before end of string",
        );
      const field = s.slice(i + 1, j - 1);
      i = j;
      const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field) as RegExpExecArray;
      const name = m[1] as string;
      let spec = m[3] ?? '';
      if (spec.includes('{')) spec = strFormat(spec, args, kw);
      const parts = name.match(/^[^.[]*|\.[^.[]+|\[[^\]]*\]/g) ?? [''];
      const head = parts[0] as string;
      let v: unknown;
      if (head === '' && manual)
        throw valueError('cannot switch from manual field specification to automatic field numbering');
      if (/^\d+$/.test(head)) {
        if (auto > 0) throw valueError('cannot switch from automatic field numbering to manual field specification');
        manual = true;
      }
      if (head === '') {
        if (auto >= args.length)
          throw pyErr(fmt.IndexError as never, `Replacement index ${auto} out of range for positional args tuple`);
        v = args[auto++];
      } else if (/^\d+$/.test(head)) {
        const k = Number(head);
        if (k >= args.length)
          throw pyErr(fmt.IndexError as never, `Replacement index ${k} out of range for positional args tuple`);
        v = args[k];
      } else {
        if (kw === null || !kw.has(head)) throw (fmt.keyError as (k: unknown) => unknown)(head);
        v = kw.get(head);
      }
      for (const p of parts.slice(1)) {
        if (p.startsWith('.')) v = (fmt.getattr as (o: unknown, n: string) => unknown)(v, p.slice(1));
        else {
          const k = p.slice(1, -1);
          v = (fmt.getitem as (o: unknown, k: unknown) => unknown)(v, /^\d+$/.test(k) ? Number(k) : k);
        }
      }
      if (m[2] === 'r' || m[2] === 'a') v = repr(v);
      else if (m[2] === 's') v = str(v);
      out += formatValue(v, spec);
      continue;
    }
    if (c === '}') {
      if (s[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw valueError("Single '}' encountered in format string");
    }
    out += c;
    i++;
  }
  return out;
}

export { ValueError };

/** `ascii()`: repr with non-ASCII characters escaped. */
export function ascii(r: string): string {
  let out = '';
  for (const ch of r) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out += ch;
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out;
}
