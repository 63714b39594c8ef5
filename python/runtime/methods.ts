/**
 * Methods of the builtin types (str, list, dict, set, tuple, int, float, bytes, object,
 * BaseException, generator), installed in their classes' namespaces so the compiled code
 * finds them as it finds a user class's methods. Each takes `self` first; those that may
 * block (a generator's `send`) are marked `$blk`.
 */
import type { Blocking } from '../../engine/index.ts';
import { callG, callSync, unbox } from './call.ts';
import { formatValue, repr, str, strFormat } from './format.ts';
import { BLK, items, JsIter, nextSync, type PyGenerator, STOP, setItems, toArray } from './iter.ts';
import {
  type AnyFn,
  ClassMethod,
  EMPTY_TUPLE,
  Property,
  type PyBytes,
  PyDict,
  PyExc,
  PyFloat,
  PyObject,
  PySet,
  PyTuple,
  PyType,
  StaticMethod as StaticMethodBox,
} from './objects.ts';
import { compare, eq, hashKey, isInt, keyError, objId, truth } from './ops.ts';
import {
  BaseException,
  boolType,
  bytesType,
  dictType,
  floatType,
  frozensetType,
  generatorType,
  indexError,
  intType,
  listType,
  objectType,
  pyErr,
  RuntimeError,
  setType,
  strType,
  tupleType,
  typeError,
  typeName,
  typeType,
  ValueError,
  valueError,
} from './types.ts';

// biome-ignore lint/suspicious/noExplicitAny: builtin methods take Python values
type M = (self: any, ...a: any[]) => unknown;

export function def(t: PyType, name: string, f: M, opts: { kw?: string[]; blk?: boolean; raw?: boolean } = {}): AnyFn {
  const fn = f as AnyFn;
  fn.$name = name;
  if (opts.blk) fn.$blk = true;
  else fn.$nb = true;
  if (opts.kw !== undefined) {
    const names = opts.kw;
    fn.$kwf = (args, kw) => {
      const full = args.slice();
      if (kw !== null) {
        for (const [k, v] of kw) {
          const i = names.indexOf(k);
          if (i < 0) throw typeError(`${name}() got an unexpected keyword argument '${k}'`);
          while (full.length <= i + 1) full.push(undefined);
          full[i + 1] = v;
        }
      }
      return fn(...full);
    };
  }
  t.dict[name] = fn;
  return fn;
}

function normIndex(i: unknown, n: number, what: string): number {
  if (!isInt(i)) throw typeError(`${what} indices must be integers or slices, not ${typeName(i)}`);
  let k = Number(i);
  if (k < 0) k += n;
  return k;
}

function intArg(x0: unknown, dflt: number): number {
  const x = unbox(x0);
  if (x === undefined || x === null) return dflt;
  if (!isInt(x)) throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
  return Number(x);
}

// ---- str ------------------------------------------------------------------------------

function checkStr(x: unknown, m: string): string {
  if (typeof x !== 'string') throw typeError(`${m} arg must be None or str`);
  return x;
}

def(strType, 'join', (s: string, ...args: unknown[]) => {
  if (args.length !== 1) throw typeError(`str.join() takes exactly one argument (${args.length} given)`);
  const a = items(args[0]);
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== 'string') throw typeError(`sequence item ${i}: expected str instance, ${typeName(a[i])} found`);
  }
  return a.join(s);
});
def(strType, 'upper', (s: string) => s.toUpperCase());
def(strType, 'lower', (s: string) => s.toLowerCase());
/** Title case: upper case but for the four Latin digraphs, whose title forms are their own. */
const TITLE: Record<string, string> = {
  ǆ: 'ǅ',
  ǅ: 'ǅ',
  Ǆ: 'ǅ',
  ǉ: 'ǈ',
  ǈ: 'ǈ',
  Ǉ: 'ǈ',
  ǌ: 'ǋ',
  ǋ: 'ǋ',
  Ǌ: 'ǋ',
  ǳ: 'ǲ',
  ǲ: 'ǲ',
  Ǳ: 'ǲ',
};
const titleOf = (c: string): string => TITLE[c] ?? c.toUpperCase();
def(strType, 'title', (s: string) =>
  // a letter after one that is not cased (a digit, an apostrophe) starts a word, as in CPython
  s.toLowerCase().replace(/(^|[^\p{Lu}\p{Ll}\p{Lt}])(\p{Ll})/gu, (_m, a, b) => a + titleOf(b)),
);
def(strType, 'capitalize', (s: string) => titleOf(s.charAt(0)) + s.slice(1).toLowerCase());
def(strType, 'swapcase', (s: string) =>
  Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
);
/**
 * Python's whitespace (str.isspace, split, strip): JavaScript's \\s with the information
 * separators U+001C–U+001F and U+0085, without U+FEFF.
 */
const WS_CLASS = '[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const WS = new RegExp(WS_CLASS);
const WS_RUN = new RegExp(`${WS_CLASS}+`);
const WS_LEAD = new RegExp(`^${WS_CLASS}+`);
const WS_ALL = new RegExp(`^${WS_CLASS}+$`);

function stripChars(chars: unknown): string | null {
  return chars === undefined || chars === null ? null : checkStr(chars, 'strip');
}
function strip(s: string, chars: string | null, left: boolean, right: boolean): string {
  const isStrip = (c: string) => (chars === null ? WS.test(c) : chars.includes(c));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && isStrip(s[a] as string)) a++;
  if (right) while (b > a && isStrip(s[b - 1] as string)) b--;
  return s.slice(a, b);
}
def(strType, 'strip', (s: string, c?: unknown) => strip(s, stripChars(c), true, true));
def(strType, 'lstrip', (s: string, c?: unknown) => strip(s, stripChars(c), true, false));
def(strType, 'rstrip', (s: string, c?: unknown) => strip(s, stripChars(c), false, true));
def(
  strType,
  'split',
  (s: string, sep?: unknown, maxsplit?: unknown) => {
    const max = intArg(maxsplit, -1);
    if (sep === undefined || sep === null) {
      const out: string[] = [];
      let rest = s.replace(WS_LEAD, '');
      while (rest.length > 0) {
        if (max >= 0 && out.length >= max) {
          out.push(rest);
          return out;
        }
        const m = WS_RUN.exec(rest);
        if (m === null) {
          out.push(rest);
          break;
        }
        out.push(rest.slice(0, m.index));
        rest = rest.slice(m.index + m[0].length);
      }
      return out;
    }
    const sp = checkStr(sep, 'split');
    if (sp === '') throw valueError('empty separator');
    const parts = s.split(sp);
    if (max >= 0 && parts.length > max + 1) return [...parts.slice(0, max), parts.slice(max).join(sp)];
    return parts;
  },
  { kw: ['sep', 'maxsplit'] },
);
def(
  strType,
  'rsplit',
  (s: string, sep?: unknown, maxsplit?: unknown) => {
    const max = intArg(maxsplit, -1);
    if (sep === undefined || sep === null) {
      const parts = s.split(WS_RUN).filter((x) => x !== '');
      // the last piece keeps its leading whitespace once maxsplit splits are made
      if (max >= 0 && parts.length > max) {
        const head = s.trimEnd();
        const tailParts = parts.slice(parts.length - max);
        let cut = head.length;
        for (let i = tailParts.length - 1; i >= 0; i--) {
          cut = head.lastIndexOf(tailParts[i] as string, cut - 1);
        }
        return [head.slice(0, cut).trimEnd(), ...tailParts];
      }
      return parts;
    }
    const sp = checkStr(sep, 'rsplit');
    const parts = s.split(sp);
    if (max >= 0 && parts.length > max + 1)
      return [parts.slice(0, parts.length - max).join(sp), ...parts.slice(parts.length - max)];
    return parts;
  },
  { kw: ['sep', 'maxsplit'] },
);
def(strType, 'splitlines', (s: string, keep?: unknown) => {
  const out: string[] = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push(s.slice(at, truth(keep) ? m.index + m[0].length : m.index));
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
});
def(strType, 'replace', (s: string, a: string, b: string, n?: unknown) => {
  const count = intArg(n, -1);
  if (a === '') {
    const chars = Array.from(s);
    const k = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
    let out = '';
    for (let i = 0; i < chars.length; i++) out += (i < k ? b : '') + chars[i];
    return out + (chars.length + 1 <= k ? b : '');
  }
  if (count < 0) return s.split(a).join(b);
  const parts = s.split(a);
  if (parts.length - 1 <= count) return parts.join(b);
  return parts.slice(0, count + 1).join(b) + a + parts.slice(count + 1).join(a);
});
function sliceArgs(s: string, start: unknown, end: unknown): [number, number] {
  const n = s.length;
  let a = start === undefined || start === null ? 0 : Number(start);
  let b = end === undefined || end === null ? n : Number(end);
  if (a < 0) a = Math.max(0, a + n);
  if (b < 0) b = Math.max(0, b + n);
  return [Math.min(a, n), Math.min(b, n)];
}
def(strType, 'find', (s: string, sub: string, st?: unknown, en?: unknown) => {
  const [a, b] = sliceArgs(s, st, en);
  const i = s.slice(0, b).indexOf(sub, a);
  return i;
});
def(strType, 'rfind', (s: string, sub: string, st?: unknown, en?: unknown) => {
  const [a, b] = sliceArgs(s, st, en);
  const i = s.slice(a, b).lastIndexOf(sub);
  return i < 0 ? -1 : i + a;
});
def(strType, 'index', (s: string, sub: string, st?: unknown, en?: unknown) => {
  const [a, b] = sliceArgs(s, st, en);
  const i = s.slice(0, b).indexOf(sub, a);
  if (i < 0) throw valueError('substring not found');
  return i;
});
def(strType, 'rindex', (s: string, sub: string) => {
  const i = s.lastIndexOf(sub);
  if (i < 0) throw valueError('substring not found');
  return i;
});
def(strType, 'count', (s: string, sub: string, st?: unknown, en?: unknown) => {
  const [a, b] = sliceArgs(s, st, en);
  const t = s.slice(a, b);
  if (sub === '') return t.length + 1;
  return t.split(sub).length - 1;
});
function tupleOrStr(x: unknown): string[] {
  if (x instanceof PyTuple) return x.a as string[];
  return [x as string];
}
def(strType, 'startswith', (s: string, p: unknown, st?: unknown) => {
  const a = st === undefined ? 0 : Number(st);
  return tupleOrStr(p).some((x) => s.startsWith(x, a));
});
def(strType, 'endswith', (s: string, p: unknown) => tupleOrStr(p).some((x) => s.endsWith(x)));
def(strType, 'isdigit', (s: string) => /^[\p{Nd}²³¹⁰-⁹₀-₉]+$/u.test(s));
def(strType, 'isdecimal', (s: string) => /^\p{Nd}+$/u.test(s));
def(strType, 'isnumeric', (s: string) => /^\p{N}+$/u.test(s));
def(strType, 'isalpha', (s: string) => /^\p{L}+$/u.test(s));
def(strType, 'isalnum', (s: string) => /^[\p{L}0-9]+$/u.test(s));
def(strType, 'isspace', (s: string) => WS_ALL.test(s));
def(strType, 'isupper', (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase());
def(strType, 'islower', (s: string) => /[a-z]/.test(s) && s === s.toLowerCase());
def(strType, 'istitle', (s: string) => /[A-Za-z]/.test(s) && !/[A-Z][A-Z]|[a-z][A-Z]|(^|[^A-Za-z])[a-z]/.test(s));
def(strType, 'isprintable', (s: string) => !/[\p{C}\p{Z}]/u.test(s.replace(/ /g, '')));
def(strType, 'isascii', (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
});
def(strType, 'isidentifier', (s: string) => /^[A-Za-z_]\w*$/.test(s));
def(strType, 'center', (s: string, w: number, f?: string) => {
  const fill = f ?? ' ';
  const n = Number(w) - s.length;
  if (n <= 0) return s;
  const left = Math.floor(n / 2) + (n & Number(w) & 1);
  return fill.repeat(left) + s + fill.repeat(n - left);
});
def(strType, 'ljust', (s: string, w: number, f?: string) => s.padEnd(Number(w), f ?? ' '));
def(strType, 'rjust', (s: string, w: number, f?: string) => s.padStart(Number(w), f ?? ' '));
def(strType, 'zfill', (s: string, w: number) => {
  const sign = s[0] === '-' || s[0] === '+' ? (s[0] as string) : '';
  const body = sign ? s.slice(1) : s;
  return sign + body.padStart(Number(w) - sign.length, '0');
});
def(strType, 'partition', (s: string, sep: string) => {
  const i = s.indexOf(sep);
  return i < 0 ? new PyTuple([s, '', '']) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
});
def(strType, 'rpartition', (s: string, sep: string) => {
  const i = s.lastIndexOf(sep);
  return i < 0 ? new PyTuple(['', '', s]) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
});
def(
  strType,
  'encode',
  (s: string, enc?: unknown, errors?: unknown) =>
    (codecs.encode as (s: string, e?: unknown, r?: unknown) => unknown)(s, enc ?? 'utf-8', errors ?? 'strict'),
  { kw: ['encoding', 'errors'] },
);
/** Set by bytes.ts. */
export const codecs: Record<string, unknown> = {};
def(strType, 'removeprefix', (s: string, p: string) => (s.startsWith(p) ? s.slice(p.length) : s));
def(strType, 'removesuffix', (s: string, p: string) => (p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s));
def(strType, 'expandtabs', (s: string, n?: number) => {
  const size = n === undefined ? 8 : Number(n);
  let out = '';
  let col = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const pad = size > 0 ? size - (col % size) : 0;
      out += ' '.repeat(pad);
      col += pad;
    } else if (ch === '\n' || ch === '\r') {
      out += ch;
      col = 0;
    } else {
      out += ch;
      col++;
    }
  }
  return out;
});
def(strType, 'casefold', (s: string) => s.toLowerCase().replace(/ß/g, 'ss'));
def(strType, 'translate', (s: string, table: PyDict) => {
  let out = '';
  for (const ch of s) {
    const e = table.m.get(ch.codePointAt(0));
    if (e === undefined) out += ch;
    else if (e[1] === null) continue;
    else out += typeof e[1] === 'number' ? String.fromCodePoint(e[1]) : (e[1] as string);
  }
  return out;
});
{
  const mk = (x: unknown, y?: unknown, z?: unknown) => {
    const d = new PyDict();
    if (y === undefined && x instanceof PyDict) {
      for (const [k, v] of x.m.values()) dictSet(d, typeof k === 'string' ? k.codePointAt(0) : k, v);
      return d;
    }
    const a = Array.from(x as string);
    const b = Array.from(y as string);
    if (a.length !== b.length) throw valueError('the first two maketrans arguments must have equal length');
    a.forEach((c, i) => {
      dictSet(d, c.codePointAt(0), (b[i] as string).codePointAt(0));
    });
    if (typeof z === 'string') for (const c of z) dictSet(d, c.codePointAt(0), null);
    return d;
  };
  (mk as AnyFn).$nb = true;
  (mk as AnyFn).$name = 'maketrans';
  strType.dict.maketrans = new StaticMethodBox(mk);
}
const fmtFn = def(strType, 'format', (s: string, ...args: unknown[]) => strFormat(s, args, null));
fmtFn.$kwf = (args, kw) => strFormat(args[0] as string, args.slice(1), kw);
def(strType, 'format_map', (s: string, m: PyDict) => {
  const kw = new Map<string, unknown>();
  for (const [k, v] of m.m.values()) kw.set(k as string, v);
  return strFormat(s, [], kw);
});
def(strType, '__format__', (s: string, spec: string) => formatValue(s, spec));
def(strType, '__len__', (s: string) => s.length);

// ---- list -----------------------------------------------------------------------------

def(listType, 'append', (l: unknown[], ...a: unknown[]) => {
  if (a.length !== 1) throw typeError(`list.append() takes exactly one argument (${a.length} given)`);
  l.push(a[0]);
  return null;
});
def(listType, 'extend', (l: unknown[], x: unknown) => {
  const a = toArray(x);
  for (const v of a) l.push(v);
  return null;
});
def(listType, 'pop', (l: unknown[], i?: unknown) => {
  if (l.length === 0) throw indexError('pop from empty list');
  if (i === undefined) return l.pop();
  const k = normIndex(i, l.length, 'list');
  if (k < 0 || k >= l.length) throw indexError('pop index out of range');
  return l.splice(k, 1)[0];
});
def(listType, 'insert', (l: unknown[], i: unknown, x: unknown) => {
  let k = Number(i);
  if (k < 0) k = Math.max(0, k + l.length);
  l.splice(Math.min(k, l.length), 0, x);
  return null;
});
def(listType, 'remove', (l: unknown[], x: unknown) => {
  for (let i = 0; i < l.length; i++) {
    if (l[i] === x || eq(l[i], x)) {
      l.splice(i, 1);
      return null;
    }
  }
  throw valueError('list.remove(x): x not in list');
});
def(listType, 'index', (l: unknown[], x: unknown, st?: unknown) => {
  for (let i = st === undefined ? 0 : Number(st); i < l.length; i++) if (l[i] === x || eq(l[i], x)) return i;
  throw valueError(`${repr(x)} is not in list`);
});
def(listType, 'count', (l: unknown[], x: unknown) => l.filter((y) => y === x || eq(y, x)).length);
def(listType, 'clear', (l: unknown[]) => {
  l.length = 0;
  return null;
});
def(listType, 'copy', (l: unknown[]) => l.slice());
def(listType, 'reverse', (l: unknown[]) => {
  l.reverse();
  return null;
});
export function sortList(l: unknown[], key: unknown, reverse: unknown): void {
  const n = l.length;
  if (n < 64 && !truth(reverse ?? false)) {
    // CPython's sort of a short list: the first run, then binary insertion. The list is
    // empty while keys are computed and items compared, as in CPython.
    const items = l.slice();
    l.length = 0;
    let keys: unknown[];
    try {
      keys = key === undefined || key === null ? items : items.map((x) => callSync(key, [x]));
    } catch (e) {
      l.length = 0;
      l.push(...items);
      throw e;
    }
    const lt = (a: unknown, b: unknown) => truth(compare('<', a, b));
    const idx = items.map((_, i) => i);
    let done = false;
    try {
      sortRun(n, keys, idx, lt);
      done = true;
    } finally {
      if (!done) {
        l.length = 0;
        for (const i of idx) l.push(items[i]);
      }
    }
    const modified = l.length !== 0;
    l.length = 0;
    for (const i of idx) l.push(items[i]);
    if (modified) throw valueError('list modified during sort');
    return;
  }
  sortLong(l, key, reverse);
}

/** CPython's count_run + binarysort over `idx` (the order of comparisons matters for errors). */
function sortRun(n: number, keys: unknown[], idx: number[], lt: (a: unknown, b: unknown) => boolean): void {
  if (n >= 2) {
    let run = 2;
    if (lt(keys[1], keys[0])) {
      while (run < n && lt(keys[run], keys[run - 1])) run++;
      idx.splice(0, run, ...idx.slice(0, run).reverse());
    } else {
      while (run < n && !lt(keys[run], keys[run - 1])) run++;
    }
    for (let start = run; start < n; start++) {
      const pivot = idx[start] as number;
      let lo = 0;
      let hi = start;
      while (lo < hi) {
        const p = lo + ((hi - lo) >> 1);
        if (lt(keys[pivot], keys[idx[p] as number])) hi = p;
        else lo = p + 1;
      }
      idx.splice(start, 1);
      idx.splice(lo, 0, pivot);
    }
  }
}

function sortLong(l: unknown[], key: unknown, reverse: unknown): void {
  const keys = key === undefined || key === null ? l.slice() : l.map((x) => callSync(key, [x]));
  const idx = l.map((_, i) => i);
  const rev = truth(reverse ?? false);
  const lt = (a: unknown, b: unknown) => truth(compare('<', a, b));
  idx.sort((i, j) => {
    const a = keys[i];
    const b = keys[j];
    if (rev) {
      if (lt(b, a)) return -1;
      if (lt(a, b)) return 1;
      return i - j;
    }
    if (lt(a, b)) return -1;
    if (lt(b, a)) return 1;
    return i - j;
  });
  const src = l.slice();
  for (let i = 0; i < idx.length; i++) l[i] = src[idx[i] as number];
}
def(
  listType,
  'sort',
  (l: unknown[], key?: unknown, reverse?: unknown) => {
    sortList(l, key, reverse);
    return null;
  },
  { kw: ['key', 'reverse'] },
);
(listType.dict.sort as AnyFn).$kwf = (args, kw) => {
  sortList(args[0] as unknown[], kw?.get('key'), kw?.get('reverse'));
  return null;
};
def(listType, '__len__', (l: unknown[]) => l.length);

// ---- tuple ----------------------------------------------------------------------------

def(tupleType, 'index', (t: PyTuple, x: unknown) => {
  const i = t.a.findIndex((y) => y === x || eq(y, x));
  if (i < 0) throw valueError('tuple.index(x): x not in tuple');
  return i;
});
def(tupleType, 'count', (t: PyTuple, x: unknown) => t.a.filter((y) => y === x || eq(y, x)).length);
def(tupleType, '__len__', (t: PyTuple) => t.a.length);

// ---- dict -----------------------------------------------------------------------------

export function dictGet(d: PyDict, k: unknown): unknown {
  const e = d.m.get(hashKey(k));
  return e === undefined ? undefined : e[1];
}
export function dictSet(d: PyDict, k: unknown, v: unknown): void {
  const h = hashKey(k);
  const e = d.m.get(h);
  if (e !== undefined) e[1] = v;
  else d.m.set(h, [k, v]);
}

def(dictType, 'get', (d: PyDict, k: unknown, dflt?: unknown) => {
  const e = d.m.get(hashKey(k));
  return e === undefined ? (dflt ?? null) : e[1];
});
def(dictType, 'setdefault', (d: PyDict, k: unknown, dflt?: unknown) => {
  const h = hashKey(k);
  const e = d.m.get(h);
  if (e !== undefined) return e[1];
  d.m.set(h, [k, dflt ?? null]);
  return dflt ?? null;
});
def(dictType, 'pop', (d: PyDict, k: unknown, dflt?: unknown) => {
  const h = hashKey(k);
  const e = d.m.get(h);
  if (e === undefined) {
    if (dflt === undefined) throw keyError(k);
    return dflt;
  }
  d.m.delete(h);
  return e[1];
});
def(dictType, 'popitem', (d: PyDict) => {
  const last = [...d.m.entries()].pop();
  if (last === undefined) throw pyErr(dictKeyError(), 'popitem(): dictionary is empty');
  d.m.delete(last[0]);
  return new PyTuple([last[1][0], last[1][1]]);
});
function dictKeyError(): PyType {
  return (keyError(0) as PyExc).cls;
}
export function dictUpdate(d: PyDict, other: unknown): void {
  if (other instanceof PyDict) {
    for (const [h, [k, v]] of other.m) {
      const e = d.m.get(h);
      if (e !== undefined) e[1] = v;
      else d.m.set(h, [k, v]);
    }
    return;
  }
  if (other instanceof PyObject && typeof (other as { keys?: unknown }) === 'object') {
    const keysFn = callSync(getMethodOf(other, 'keys'), [other]);
    for (const k of toArray(keysFn)) dictSet(d, k, callSync(getMethodOf(other, '__getitem__'), [other, k]));
    return;
  }
  let n = 0;
  for (const item of toArray(other)) {
    let kv: readonly unknown[];
    try {
      kv = items(item);
    } catch {
      throw typeError(`cannot convert dictionary update sequence element #${n} to a sequence`);
    }
    n++;
    if (kv.length !== 2) {
      throw valueError(`dictionary update sequence element #0 has length ${kv.length}; 2 is required`);
    }
    dictSet(d, kv[0], kv[1]);
  }
}
function getMethodOf(o: PyObject, name: string): unknown {
  for (const t of o.cls.mro) if (t.dict[name] !== undefined) return t.dict[name];
  throw typeError(`'${o.cls.name}' object is not a mapping`);
}
const upd = def(dictType, 'update', (d: PyDict, other?: unknown) => {
  if (other !== undefined) dictUpdate(d, other);
  return null;
});
upd.$kwf = (args, kw) => {
  const d = args[0] as PyDict;
  if (args.length > 1) dictUpdate(d, args[1]);
  if (kw !== null) for (const [k, v] of kw) dictSet(d, k, v);
  return null;
};
def(dictType, 'clear', (d: PyDict) => {
  d.m.clear();
  return null;
});
def(dictType, 'copy', (d: PyDict) => {
  const r = new PyDict();
  for (const [h, [k, v]] of d.m) r.m.set(h, [k, v]);
  return r;
});
def(dictType, '__len__', (d: PyDict) => d.m.size);

/** `d.keys()`, `d.values()`, `d.items()`: live views, as in Python. */
export class DictView {
  constructor(
    readonly d: PyDict,
    readonly kind: 'keys' | 'values' | 'items',
  ) {}
  list(): unknown[] {
    const out: unknown[] = [];
    for (const [k, v] of this.d.m.values()) {
      out.push(this.kind === 'keys' ? k : this.kind === 'values' ? v : new PyTuple([k, v]));
    }
    return out;
  }
}
/** Iterating a view is iterating its dict: a change of size raises, as CPython's does. */
function* viewItems(v: DictView): Blocking {
  const d = v.d;
  const size = d.m.size;
  for (const [k, x] of d.m.values()) {
    yield v.kind === 'keys' ? k : v.kind === 'values' ? x : new PyTuple([k, x]);
    if (d.m.size !== size) throw pyErr(RuntimeError, 'dictionary changed size during iteration');
  }
}
const viewTypes = {
  keys: new PyType('dict_keys', [objectType]),
  values: new PyType('dict_values', [objectType]),
  items: new PyType('dict_items', [objectType]),
};
for (const t of Object.values(viewTypes)) {
  t.mro = [t, objectType];
  def(t, '__iter__', (v: DictView) => new JsIter(viewItems(v)));
  def(t, '__len__', (v: DictView) => v.d.m.size);
  def(t, '__repr__', (v: DictView) => `${t.name}(${repr(v.list())})`);
  def(t, '__contains__', (v: DictView, x: unknown) => {
    if (v.kind === 'keys') return v.d.m.has(hashKey(x));
    return v.list().some((y) => eq(y, x));
  });
}
Object.defineProperty(DictView.prototype, Symbol.for('pyType'), {
  get(this: DictView) {
    return viewTypes[this.kind];
  },
});
def(dictType, 'keys', (d: PyDict) => new DictView(d, 'keys'));
def(dictType, 'values', (d: PyDict) => new DictView(d, 'values'));
def(dictType, 'items', (d: PyDict) => new DictView(d, 'items'));

// ---- set ------------------------------------------------------------------------------

export function setAdd(s: PySet, x: unknown): void {
  const h = hashKey(x);
  if (!s.m.has(h)) s.m.set(h, x);
}
def(setType, 'add', (s: PySet, x: unknown) => {
  setAdd(s, x);
  return null;
});
def(setType, 'discard', (s: PySet, x: unknown) => {
  s.m.delete(hashKey(x));
  return null;
});
def(setType, 'remove', (s: PySet, x: unknown) => {
  if (!s.m.delete(hashKey(x))) throw keyError(x);
  return null;
});
def(setType, 'pop', (s: PySet) => {
  const first = setItems(s)[0];
  if (s.m.size === 0) throw pyErr(dictKeyError(), 'pop from an empty set');
  s.m.delete(hashKey(first));
  return first;
});
def(setType, 'clear', (s: PySet) => {
  s.m.clear();
  return null;
});
def(setType, 'update', (s: PySet, ...others: unknown[]) => {
  for (const o of others) for (const x of toArray(o)) setAdd(s, x);
  return null;
});
for (const t of [setType, frozensetType]) {
  def(t, 'copy', (s: PySet) => {
    const r = new PySet(s.frozen);
    for (const [k, v] of s.m) r.m.set(k, v);
    return r;
  });
  def(t, 'union', (s: PySet, ...others: unknown[]) => {
    const r = new PySet(s.frozen);
    for (const [k, v] of s.m) r.m.set(k, v);
    for (const o of others) for (const x of toArray(o)) setAdd(r, x);
    return r;
  });
  def(t, 'intersection', (s: PySet, o: unknown) => {
    const other = new PySet();
    for (const x of toArray(o)) setAdd(other, x);
    const r = new PySet(s.frozen);
    for (const [k, v] of s.m) if (other.m.has(k)) r.m.set(k, v);
    return r;
  });
  def(t, 'difference', (s: PySet, o: unknown) => {
    const other = new PySet();
    for (const x of toArray(o)) setAdd(other, x);
    const r = new PySet(s.frozen);
    for (const [k, v] of s.m) if (!other.m.has(k)) r.m.set(k, v);
    return r;
  });
  def(t, 'symmetric_difference', (s: PySet, o: unknown) => {
    const other = new PySet();
    for (const x of toArray(o)) setAdd(other, x);
    const r = new PySet(s.frozen);
    for (const [k, v] of s.m) if (!other.m.has(k)) r.m.set(k, v);
    for (const [k, v] of other.m) if (!s.m.has(k)) r.m.set(k, v);
    return r;
  });
  def(t, 'issubset', (s: PySet, o: unknown) => {
    const other = new PySet();
    for (const x of toArray(o)) setAdd(other, x);
    return [...s.m.keys()].every((k) => other.m.has(k));
  });
  def(t, 'issuperset', (s: PySet, o: unknown) => toArray(o).every((x) => s.m.has(hashKey(x))));
  def(t, 'isdisjoint', (s: PySet, o: unknown) => !toArray(o).some((x) => s.m.has(hashKey(x))));
  def(t, '__len__', (s: PySet) => s.m.size);
}
def(setType, 'difference_update', (s: PySet, o: unknown) => {
  for (const x of toArray(o)) s.m.delete(hashKey(x));
  return null;
});
def(setType, 'intersection_update', (s: PySet, o: unknown) => {
  const keep = new Set(toArray(o).map(hashKey));
  for (const k of [...s.m.keys()]) if (!keep.has(k)) s.m.delete(k);
  return null;
});

// ---- int / float ------------------------------------------------------------------------

def(intType, 'bit_length', (n: number | bigint) =>
  n === 0 || n === 0n ? 0 : (typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n)).toString(2).length,
);
def(intType, '__format__', (n: unknown, spec: string) => formatValue(n, spec));
def(floatType, 'is_integer', (f: PyFloat) => Number.isInteger(f.v));
def(floatType, '__format__', (f: PyFloat, spec: string) => formatValue(f, spec));

// ---- bytes ------------------------------------------------------------------------------

def(bytesType, 'decode', (b: PyBytes) => new TextDecoder().decode(b.b));
def(bytesType, '__len__', (b: PyBytes) => b.b.length);
def(bytesType, 'hex', (b: PyBytes) => Array.from(b.b, (x) => x.toString(16).padStart(2, '0')).join(''));

// ---- object / type ----------------------------------------------------------------------

def(objectType, '__init__', (_self: unknown) => null);
(objectType.dict.__init__ as AnyFn).$kwf = () => null;
def(objectType, '__repr__', (self: unknown) => {
  if (self instanceof PyObject) {
    const t = self.cls;
    return `<${t.module === 'builtins' ? '' : `${t.module}.`}${t.qualname} object at 0x${objId(self).toString(16).padStart(12, '0')}>`;
  }
  return repr(self);
});
def(objectType, '__str__', (self: unknown) =>
  self instanceof PyObject ? callSync(lookupRepr(self), [self]) : str(self),
);
function lookupRepr(o: PyObject): unknown {
  for (const t of o.cls.mro) if (t.dict.__repr__ !== undefined) return t.dict.__repr__;
  return objectType.dict.__repr__;
}
def(objectType, '__eq__', (self: unknown, o: unknown) => (self === o ? true : NotImpl()));
def(objectType, '__ne__', (self: unknown, o: unknown) => self !== o);
def(objectType, '__hash__', (self: unknown) => objId(self) >> 4);
def(objectType, '__setattr__', (self: PyObject, k: string, v: unknown) => {
  self.d[k] = v;
  return null;
});
def(objectType, '__getattribute__', (self: PyObject, k: string) => {
  const v = self.d[k];
  if (v === undefined) throw pyErr(dictKeyError(), k);
  return v;
});
def(objectType, '__init_subclass__', () => null);
def(objectType, '__format__', (self: unknown, spec: string) => {
  if (spec !== '') throw typeError(`unsupported format string passed to ${typeName(self)}.__format__`);
  return str(self);
});
function NotImpl(): unknown {
  return (notImpl as { v: unknown }).v;
}
export const notImpl = { v: null as unknown };
// `object.__new__` and `__init__` exist so `super().__init__()` works at the top of a chain.
delete objectType.dict.__eq__;
delete objectType.dict.__ne__;
delete objectType.dict.__hash__;
delete objectType.dict.__str__;
delete objectType.dict.__repr__;
delete objectType.dict.__format__;
def(typeType, 'mro', (t: PyType) => t.mro.slice());
def(typeType, '__subclasses__', () => []);

// ---- exceptions ------------------------------------------------------------------------

const excInit = def(BaseException, '__init__', (self: PyExc, ...args: unknown[]) => {
  if (args.length > 2 && self.cls.mro.some((t) => t.name === 'OSError' && t.module === 'builtins')) {
    (self as { filename?: unknown }).filename = args[2];
    args = args.slice(0, 2);
  }
  self.args = args.length === 0 ? EMPTY_TUPLE : new PyTuple(args);
  return null;
});
excInit.$kwf = (args) => excInit(...args);
def(BaseException, 'with_traceback', (self: PyExc) => self);
def(BaseException, 'add_note', (self: PyExc, note: unknown) => {
  if (typeof note !== 'string') throw typeError(`note must be a str, not '${typeName(note)}'`);
  if (!Array.isArray(self.d.__notes__)) self.d.__notes__ = [];
  (self.d.__notes__ as unknown[]).push(note);
  return null;
});

// ---- generators ------------------------------------------------------------------------

def(
  generatorType,
  'send',
  (g: PyGenerator, ...a: unknown[]) => {
    if (a.length !== 1) throw typeError(`generator.send() takes exactly one argument (${a.length} given)`);
    return g.resume('next', a[0]);
  },
  { blk: true },
);
def(
  generatorType,
  'throw',
  (g: PyGenerator, t: unknown, v?: unknown) => {
    if (!(t instanceof PyType && t.isException) && !(t instanceof PyExc)) {
      throw typeError(`exceptions must be classes or instances deriving from BaseException, not ${typeName(t)}`);
    }
    const exc = t instanceof PyType ? (v instanceof PyExc ? v : null) : t;
    if (exc === null) return throwType(g, t as PyType, v);
    return g.resume('throw', exc);
  },
  { blk: true },
);
function* throwType(g: PyGenerator, t: PyType, v: unknown): Blocking<unknown> {
  const e = yield* callG(t, v === undefined || v === null ? [] : [v], null, null);
  return yield* g.resume('throw', e);
}
def(generatorType, 'close', (g: PyGenerator) => {
  g.close();
  return null;
});
def(generatorType, '__next__', (g: PyGenerator) => g.resume('next', null), { blk: true });
def(generatorType, '__iter__', (g: PyGenerator) => g);

export { BLK, boolType, nextSync, STOP, ValueError };

// ---- item protocol methods, for explicit calls (`lst.__getitem__(0)`) -------------------

for (const t of [listType, dictType, tupleType, strType]) {
  def(t, '__getitem__', (o: unknown, k: unknown) => (itemOps.get as (o: unknown, k: unknown) => unknown)(o, k));
  def(t, '__contains__', (o: unknown, k: unknown) =>
    (itemOps.contains as (o: unknown, k: unknown) => unknown)(k === undefined ? o : o, k),
  );
}
for (const t of [listType, dictType]) {
  def(t, '__setitem__', (o: unknown, k: unknown, v: unknown) => {
    (itemOps.set as (o: unknown, k: unknown, v: unknown) => void)(o, k, v);
    return null;
  });
  def(t, '__delitem__', (o: unknown, k: unknown) => {
    (itemOps.del as (o: unknown, k: unknown) => void)(o, k);
    return null;
  });
}
/** Set by items.ts (which imports this module). */
export const itemOps: Record<string, unknown> = {};

const fromkeys = (_cls: unknown, keys: unknown, v?: unknown) => {
  const d = new PyDict();
  for (const k of toArray(keys)) dictSet(d, k, v ?? null);
  return d;
};
(fromkeys as AnyFn).$nb = true;
(fromkeys as AnyFn).$name = 'fromkeys';
dictType.dict.fromkeys = new ClassMethod(fromkeys);

// dict views combine as sets
for (const t of Object.values(viewTypes)) {
  const asSet = (x: unknown): PySet => {
    const s = new PySet();
    for (const v of x instanceof DictView ? x.list() : toArray(x)) setAdd(s, v);
    return s;
  };
  for (const [op, name] of [
    ['&', '__and__'],
    ['|', '__or__'],
    ['-', '__sub__'],
    ['^', '__xor__'],
  ] as const) {
    def(t, name, (a: unknown, b: unknown) =>
      (itemOps.binop as (o: string, a: unknown, b: unknown) => unknown)(op, asSet(a), asSet(b)),
    );
  }
  for (const [op, name] of [
    ['<', '__lt__'],
    ['<=', '__le__'],
    ['>', '__gt__'],
    ['>=', '__ge__'],
  ] as const) {
    def(t, name, (a: unknown, b: unknown) => compare(op, asSet(a), asSet(b)));
  }
  def(t, '__eq__', (a: DictView, b: unknown) => (a.kind === 'values' ? a === b : eq(asSet(a), asSet(b))));
}

// ---- arithmetic dunders of int, float and str, for explicit calls ------------------------

export function defArith(ops: Record<string, (a: unknown, b: unknown) => unknown>): void {
  const names: [string, string][] = [
    ['__add__', '+'],
    ['__sub__', '-'],
    ['__mul__', '*'],
    ['__truediv__', '/'],
    ['__floordiv__', '//'],
    ['__mod__', '%'],
    ['__pow__', '**'],
    ['__and__', '&'],
    ['__or__', '|'],
    ['__xor__', '^'],
    ['__lshift__', '<<'],
    ['__rshift__', '>>'],
  ];
  for (const [name, op] of names) {
    const f = ops[op] as (a: unknown, b: unknown) => unknown;
    for (const t of [intType, floatType]) def(t, name, (a: unknown, b: unknown) => f(a, b));
    def(intType, `__r${name.slice(2)}`, (a: unknown, b: unknown) => f(b, a));
  }
  def(strType, '__add__', (a: unknown, b: unknown) => (ops['+'] as (a: unknown, b: unknown) => unknown)(a, b));
  def(strType, '__mul__', (a: unknown, b: unknown) => (ops['*'] as (a: unknown, b: unknown) => unknown)(a, b));
  for (const t of [intType, floatType, strType]) {
    def(t, '__lt__', (a: unknown, b: unknown) => compare('<', a, b));
    def(t, '__le__', (a: unknown, b: unknown) => compare('<=', a, b));
    def(t, '__gt__', (a: unknown, b: unknown) => compare('>', a, b));
    def(t, '__ge__', (a: unknown, b: unknown) => compare('>=', a, b));
  }
}

/** A data descriptor on `t` from plain getter and setter functions (`property(fget, fset)` of a binding). */
export function prop<O>(t: PyType, name: string, get: (o: O) => unknown, set?: (o: O, v: unknown) => void): void {
  const g = ((o: O) => get(o)) as AnyFn;
  g.$nb = true;
  let s: AnyFn | null = null;
  if (set !== undefined) {
    s = ((o: O, v: unknown) => {
      set(o, v);
      return null;
    }) as AnyFn;
    s.$nb = true;
  }
  t.dict[name] = new Property(g, s, null, null);
}

/** Marks a binding's JavaScript function as a Python callable named `name`: blocking or not, with keyword handling. */
export function fnOf(name: string, f: AnyFn, o: { blk?: boolean; kwf?: AnyFn['$kwf'] } = {}): AnyFn {
  f.$name = name;
  if (o.blk) f.$blk = true;
  else f.$nb = true;
  if (o.kwf !== undefined) f.$kwf = o.kwf;
  return f;
}

// `str.__repr__(self)` and friends, as a subclass's own __repr__ calls them (the instance of a
// str or int subclass is boxed: these see its value). int's and float's str is their repr.
for (const t of [strType, intType]) def(t, '__repr__', (self: unknown) => repr(unbox(self)));
// a subclass's own __repr__ calling these must not reach itself: they format an untagged copy
def(floatType, '__repr__', (self: PyFloat) => repr(new PyFloat(self.v)));
def(tupleType, '__repr__', (self: PyTuple) => repr(new PyTuple(self.a)));
def(listType, '__repr__', (self: unknown[]) => repr(self.slice()));
def(dictType, '__repr__', (self: PyDict) => {
  const d = new PyDict();
  for (const [k, e] of self.m) d.m.set(k, e);
  return repr(d);
});
def(strType, '__str__', (self: unknown) => unbox(self));

// Numbers' attributes: an int is its own real part and numerator, a float its own real part.
const asInt = (x: unknown): unknown => (typeof x === 'boolean' ? Number(x) : unbox(x));
prop(intType, 'real', asInt);
prop(intType, 'imag', () => 0);
prop(intType, 'numerator', asInt);
prop(intType, 'denominator', () => 1);
def(intType, 'conjugate', asInt);
def(intType, '__abs__', (x: unknown) => {
  const v = asInt(x);
  return typeof v === 'bigint' ? (v < 0n ? -v : v) : Math.abs(v as number);
});
prop(floatType, 'real', (x: PyFloat) => new PyFloat(x.v));
prop(floatType, 'imag', () => new PyFloat(0));
def(floatType, 'conjugate', (x: PyFloat) => new PyFloat(x.v));
