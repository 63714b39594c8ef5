/**
 * `json`: dumps/loads/dump/load with CPython's output spelling (`, ` and `: ` separators,
 * `ensure_ascii`, `indent`, `sort_keys`, float repr, NaN/Infinity) and JSONDecodeError's
 * messages for the common malformed inputs.
 */
import { callSync, getAttrOpt } from '../runtime/call.ts';
import { floatRepr } from '../runtime/format.ts';
import { dictSet } from '../runtime/methods.ts';
import { PyDict, PyFloat, PyModule, PyTuple } from '../runtime/objects.ts';
import { compare, norm, truth } from '../runtime/ops.ts';
import { JSONDecodeError, makeExc, typeError, typeName, valueError } from '../runtime/types.ts';
import { func, registerModule } from './registry.ts';

interface DumpOpts {
  sortKeys: boolean;
  indent: string | null;
  itemSep: string;
  keySep: string;
  ensureAscii: boolean;
  default: unknown;
}

function quote(s: string, ascii: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || (ascii && c > 0x7e)) {
      if (c > 0xffff) {
        const h = Math.floor((c - 0x10000) / 0x400) + 0xd800;
        const l = ((c - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${h.toString(16).padStart(4, '0')}\\u${l.toString(16).padStart(4, '0')}`;
      } else out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function floatJson(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return floatRepr(v);
}

function keyStr(k: unknown, o: DumpOpts): string | null {
  if (typeof k === 'string') return k;
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (k === null) return 'null';
  if (typeof k === 'number' || typeof k === 'bigint') return String(k);
  if (k instanceof PyFloat) return floatJson(k.v);
  void o;
  throw typeError(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

function dump(x: unknown, o: DumpOpts, depth: number): string {
  if (x === null) return 'null';
  if (x === true) return 'true';
  if (x === false) return 'false';
  if (typeof x === 'string') return quote(x, o.ensureAscii);
  if (typeof x === 'number' || typeof x === 'bigint') return String(x);
  if (x instanceof PyFloat) return floatJson(x.v);
  const nl = o.indent === null ? '' : `\n${o.indent.repeat(depth + 1)}`;
  const end = o.indent === null ? '' : `\n${o.indent.repeat(depth)}`;
  if (Array.isArray(x) || x instanceof PyTuple) {
    const a = Array.isArray(x) ? x : x.a;
    if (a.length === 0) return '[]';
    return `[${nl}${a.map((v) => dump(v, o, depth + 1)).join(o.itemSep + nl)}${end}]`;
  }
  if (x instanceof PyDict) {
    if (x.m.size === 0) return '{}';
    let entries = [...x.m.values()];
    if (o.sortKeys)
      entries = entries
        .slice()
        .sort((p, q) => (truth(compare('<', p[0], q[0])) ? -1 : truth(compare('<', q[0], p[0])) ? 1 : 0));
    const parts = entries.map(
      ([k, v]) => `${quote(keyStr(k, o) as string, o.ensureAscii)}${o.keySep}${dump(v, o, depth + 1)}`,
    );
    return `{${nl}${parts.join(o.itemSep + nl)}${end}}`;
  }
  if (o.default !== null && o.default !== undefined) return dump(callSync(o.default, [x]), o, depth);
  throw typeError(`Object of type ${typeName(x)} is not JSON serializable`);
}

function dumpsOpts(kw: Map<string, unknown> | null): DumpOpts {
  const indent = kw?.get('indent');
  const seps = kw?.get('separators') as PyTuple | undefined | null;
  const ind =
    indent === undefined || indent === null ? null : typeof indent === 'string' ? indent : ' '.repeat(Number(indent));
  return {
    sortKeys: truth(kw?.get('sort_keys') ?? false),
    indent: ind,
    itemSep: seps ? (seps.a[0] as string) : ind === null ? ', ' : ',',
    keySep: seps ? (seps.a[1] as string) : ': ',
    ensureAscii: truth(kw?.get('ensure_ascii') ?? true),
    default: kw?.get('default') ?? null,
  };
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}
  fail(msg: string, at = this.i): never {
    const before = this.s.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    const e = makeExc(JSONDecodeError, [`${msg}: line ${line} column ${col} (char ${at})`]);
    throw e;
  }
  ws(): void {
    while (/[ \t\n\r]/.test(this.s[this.i] ?? '')) this.i++;
  }
  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const rest = this.s.slice(this.i);
    for (const [lit, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
      ['NaN', new PyFloat(Number.NaN)],
      ['Infinity', new PyFloat(Number.POSITIVE_INFINITY)],
      ['-Infinity', new PyFloat(Number.NEGATIVE_INFINITY)],
    ] as const) {
      if (rest.startsWith(lit)) {
        this.i += lit.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (m === null || m[0] === '' || m[0] === '-') this.fail('Expecting value');
    this.i += m[0].length;
    if (m[2] === undefined && m[3] === undefined) return norm(BigInt(m[0]));
    return new PyFloat(Number(m[0]));
  }
  string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('Unterminated string starting at', start);
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const map: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          b: '\b',
          f: '\f',
          '"': '"',
          '\\': '\\',
          '/': '/',
        };
        if (e === 'u') {
          out += String.fromCharCode(Number.parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        if (e === undefined || map[e] === undefined) this.fail('Invalid \\escape', this.i);
        out += map[e];
        this.i += 2;
        continue;
      }
      if (c < ' ') this.fail('Invalid control character at');
      out += c;
      this.i++;
    }
  }
  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === ']') this.fail('Expecting value');
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.fail("Expecting ',' delimiter");
    }
  }
  object(): PyDict {
    this.i++;
    const d = new PyDict();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return d;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('Expecting property name enclosed in double quotes');
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("Expecting ':' delimiter");
      this.i++;
      dictSet(d, k, this.value());
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        continue;
      }
      if (c === '}') {
        this.i++;
        return d;
      }
      this.fail("Expecting ',' delimiter");
    }
  }
}

export function loads(s: unknown): unknown {
  if (typeof s !== 'string') throw typeError(`the JSON object must be str, bytes or bytearray, not ${typeName(s)}`);
  const p = new Parser(s);
  const v = p.value();
  p.ws();
  if (p.i < s.length) p.fail('Extra data');
  return v;
}

registerModule('json', () => {
  const m = new PyModule('json');
  func(m, 'dumps', (x: unknown) => dump(x, dumpsOpts(null), 0), { raw: (a, kw) => dump(a[0], dumpsOpts(kw), 0) });
  func(m, 'loads', loads, { raw: (a) => loads(a[0]) });
  func(m, 'dump', (x: unknown, f: unknown) => callSync(getAttrOpt(f, 'write'), [dump(x, dumpsOpts(null), 0)]), {
    raw: (a, kw) => callSync(getAttrOpt(a[1], 'write'), [dump(a[0], dumpsOpts(kw), 0)]),
  });
  func(m, 'load', (f: unknown) => loads(callSync(getAttrOpt(f, 'read'), [])));
  m.d.JSONDecodeError = JSONDecodeError;
  void valueError;
  return m;
});
