/**
 * Compiles a lezer Python syntax tree to JavaScript source: each Python function becomes
 * a JavaScript generator function (so a call that blocks is `yield*`ed into the models'
 * generators), locals become JavaScript `let`s (closures and `nonlocal` are JavaScript's),
 * module globals live in an object whose prototype is the builtins.
 *
 * Every operation that can raise records its source position in the frame's `$p`
 * (an index into the module's position table) so tracebacks print CPython 3.11's caret
 * lines. Calls go through a fast path: a compiled function called positionally with the
 * right count is `yield* f(a, b)`, a plain builtin is `f(a, b)`, anything else is the
 * generic `$cg`.
 *
 * Lezer's grammar parses `not a and b` as `not (a and b)`; `notOf` restores Python's
 * precedence. Comparison chains arrive left-nested and are flattened here.
 */
import type { SyntaxNode } from '@lezer/common';
import { type Lines, syntaxError } from './parse.ts';

/** A source position for tracebacks: [line, col, endLine, endCol, leftAnchor, rightAnchor]. */
export type Pos = [number, number, number, number, number, number];

/** The Python type of a module-level literal constant (a `--param`). */
export type ConstantType = 'int' | 'float' | 'bool' | 'str';

function constantType(v: unknown, text: string): ConstantType {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  return /[.eE]/.test(text) ? 'float' : 'int';
}

export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
}

type ScopeKind = 'module' | 'function' | 'class';

class Scope {
  readonly locals = new Set<string>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly temps: string[] = [];
  isGen = false;
  /** An `async def` (with isGen: an asynchronous generator, whose `yield` is marked for its `__anext__`). */
  isAsync = false;
  nt = 0;
  code = 0;
  firstParam: string | null = null;
  isDef = false;
  /** Names this function reads from enclosing functions (its closure cells). */
  readonly free = new Set<string>();
  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
    readonly name: string,
    readonly qualname: string,
  ) {}
  tmp(): string {
    const t = `$${++this.nt}`;
    this.temps.push(t);
    return t;
  }
  /** The nearest enclosing function scope that binds `name` as a local, for closures. */
  isLocal(name: string): boolean {
    return this.locals.has(name) && !this.globals.has(name) && !this.nonlocals.has(name);
  }
}

/** CPython's recursion limit: checked on entry, before the frame can record itself. */
const DEPTH_IN = 'if (++$R.depth > $R.limit) { $R.depth--; throw $recursion(); }\n';

/** CPython's eval-breaker check (function entry, loop back edges, after calls). */
const BREAKER = 'if (--$R.b < 0) yield* $brk();';

const BIN_OPS = new Set(['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '@']);
const CMP = new Set(['<', '>', '<=', '>=', '==', '!=', 'in', 'not in', 'is', 'is not']);

/** `\N{NAME}` for the names a program is likely to spell (no full Unicode name table). */
function unicodeName(name: string): string | null {
  const n = name.toUpperCase();
  const m = /^LATIN (CAPITAL|SMALL) LETTER ([A-Z])$/.exec(n);
  if (m !== null) return m[1] === 'CAPITAL' ? (m[2] as string) : (m[2] as string).toLowerCase();
  const digits = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];
  const d = /^DIGIT (\w+)$/.exec(n);
  if (d !== null && digits.includes(d[1] as string)) return String(digits.indexOf(d[1] as string));
  const named: Record<string, string> = {
    SPACE: ' ',
    'NO-BREAK SPACE': '\u00a0',
    'EM DASH': '\u2014',
    'EN DASH': '\u2013',
    BULLET: '\u2022',
    'HORIZONTAL ELLIPSIS': '\u2026',
    SNOWMAN: '\u2603',
    'BLACK STAR': '\u2605',
    'CHECK MARK': '\u2713',
    'EURO SIGN': '\u20ac',
    'POUND SIGN': '\u00a3',
    'DEGREE SIGN': '\u00b0',
    'GREEK SMALL LETTER ALPHA': '\u03b1',
    'GREEK SMALL LETTER PI': '\u03c0',
    'LATIN SMALL LETTER E WITH ACUTE': '\u00e9',
    'RIGHTWARDS ARROW': '\u2192',
    'LEFTWARDS ARROW': '\u2190',
    'GRINNING FACE': '\u{1f600}',
    'ZERO WIDTH SPACE': '\u200b',
  };
  return named[n] ?? null;
}

function jsStr(s: string): string {
  return JSON.stringify(s);
}

function varName(name: string): string {
  return `v$${name}`;
}

function isIdent(s: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(s);
}

function prop(obj: string, name: string): string {
  return isIdent(name) ? `${obj}.${name}` : `${obj}[${jsStr(name)}]`;
}

interface Loop {
  brk: string;
  cont: string;
}

export interface CompiledModule {
  js: string;
  positions: Pos[];
  constants: Map<string, unknown>;
  constantTypes: Map<string, ConstantType>;
}

export class Compiler {
  readonly positions: Pos[] = [];
  readonly constants = new Map<string, unknown>();
  /** Each constant's Python type: a float's value is a JS number like an int's. */
  readonly constantTypes = new Map<string, ConstantType>();
  scope: Scope;
  loops: Loop[] = [];
  labels = 0;
  /** Set by funcDef for an `async def`, read (and cleared) by functionCode. */
  asyncDef = false;
  /** The exception variable of each enclosing except handler (for `raise` with no argument). */
  handlers: string[] = [];

  constructor(
    readonly src: string,
    readonly filename: string,
    readonly lines: Lines,
  ) {
    this.scope = new Scope('module', null, '<module>', '');
  }

  // ---- helpers ----------------------------------------------------------------------

  /** The operand an enclosing `await` applies to, inside the arithmetic lezer put under it. */
  awaitLeft: SyntaxNode | null = null;

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c !== null; c = c.nextSibling) out.push(c);
    return out;
  }

  /** A SyntaxError over node `n`'s span (its first line). */
  syntaxAt(n: SyntaxNode, msg: string, caretOnly = false, at = n.from): never {
    const line = this.lines.line(at);
    const col = this.lines.col(at);
    const endLine = this.lines.line(n.to);
    const end = caretOnly ? -1 : endLine === line ? this.lines.col(n.to) : this.lines.text(line).trimEnd().length;
    throw syntaxError(this.filename, this.lines, line, col, msg, 'SyntaxError', end);
  }

  unsupported(n: SyntaxNode, what: string): never {
    throw new UnsupportedError(
      `line ${this.lines.line(n.from)}: ${what} ${what.endsWith('s') ? 'are' : 'is'} not supported`,
    );
  }

  /** Strips parentheses as CPython's AST offsets do. */
  inner(n: SyntaxNode): SyntaxNode {
    while (n.name === 'ParenthesizedExpression') {
      const k = this.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
      if (k.length !== 1) break;
      n = k[0] as SyntaxNode;
    }
    return n;
  }

  /** Registers a position for node `n` (anchors for binary operators and subscripts). */
  pos(n: SyntaxNode, anchor?: 'bin' | 'sub', a?: SyntaxNode, b?: SyntaxNode): number {
    const from = n.from;
    let to = n.to;
    const line = this.lines.line(from);
    const endLine = this.lines.line(to);
    let left = -1;
    let right = -1;
    if (anchor === 'bin' && a !== undefined && b !== undefined) {
      let i = this.inner(a).to;
      const rs = this.inner(b).from;
      while (i < rs && /[\s)]/.test(this.src[i] as string)) i++;
      left = i - from;
      right = left + 1;
      if (i + 1 < rs && !/\s/.test(this.src[i + 1] as string)) right++;
    } else if (anchor === 'sub' && a !== undefined && b !== undefined) {
      left = this.inner(a).to - from;
      right = this.inner(b).to + 1 - from;
    }
    if (endLine !== line) to = (this.lines.starts[line - 1] as number) + this.lines.text(line).length;
    this.positions.push([line, this.lines.col(from), endLine, this.lines.col(to), left, right]);
    return this.positions.length - 1;
  }

  // ---- scope analysis ---------------------------------------------------------------

  /** Collects the names a body binds (not descending into nested scopes). */
  collect(body: SyntaxNode[], s: Scope): void {
    const seen = new Set<string>();
    const visitTarget = (t: SyntaxNode) => {
      switch (t.name) {
        case 'VariableName':
          s.locals.add(this.text(t));
          seen.add(this.text(t));
          break;
        case 'TupleExpression':
        case 'ArrayExpression':
        case 'ParenthesizedExpression':
          for (const k of this.kids(t)) visitTarget(k);
          break;
      }
    };
    const walk = (n: SyntaxNode) => {
      switch (n.name) {
        case 'FunctionDefinition':
        case 'ClassDefinition': {
          const nm = this.kids(n).find((k) => k.name === 'VariableName');
          if (nm) s.locals.add(this.text(nm));
          if (n.name === 'ClassDefinition') {
            // bases and decorators are evaluated here, but cannot bind
          }
          return;
        }
        case 'LambdaExpression':
        case 'ArrayComprehensionExpression':
        case 'DictionaryComprehensionExpression':
        case 'SetComprehensionExpression':
        case 'ComprehensionExpression':
          // Walrus inside a comprehension binds in the enclosing scope.
          this.walrusTargets(n, s);
          return;
        case 'AssignStatement': {
          const k = this.kids(n);
          const lastOp = k.map((x) => x.name).lastIndexOf('AssignOp');
          for (let i = 0; i < lastOp; i++) visitTarget(k[i] as SyntaxNode);
          for (let i = lastOp + 1; i < k.length; i++) walk(k[i] as SyntaxNode);
          return;
        }
        case 'UpdateStatement':
          visitTarget(n.firstChild as SyntaxNode);
          break;
        case 'ForStatement': {
          const k = this.kids(n);
          const inIdx = k.findIndex((x) => x.name === 'in');
          const forIdx = k.findIndex((x) => x.name === 'for');
          for (let i = forIdx + 1; i < inIdx; i++) visitTarget(k[i] as SyntaxNode);
          break;
        }
        case 'WithStatement':
        case 'TryStatement': {
          const k = this.kids(n);
          k.forEach((x, i) => {
            if (x.name === 'as') visitTarget(k[i + 1] as SyntaxNode);
          });
          break;
        }
        case 'ImportStatement': {
          this.importNames(n).forEach((b) => {
            s.locals.add(b);
          });
          return;
        }
        case 'ScopeStatement': {
          const k = this.kids(n);
          const kw = this.text(k[0] as SyntaxNode);
          for (const v of k.slice(1)) {
            if (v.name !== 'VariableName') continue;
            const name = this.text(v);
            if (kw === 'nonlocal' && s.kind === 'module') {
              if (s.locals.has(name)) this.syntaxAt(n, `name '${name}' is assigned to before nonlocal declaration`);
              this.syntaxAt(n, 'nonlocal declaration not allowed at module level');
            }
            if (seen.has(name)) {
              const how = s.locals.has(name) ? 'assigned to' : 'used';
              this.syntaxAt(n, `name '${name}' is ${how} prior to ${kw} declaration`);
            }
            (kw === 'global' ? s.globals : s.nonlocals).add(name);
          }
          return;
        }
        case 'VariableName':
          seen.add(this.text(n));
          break;
        case 'DeleteStatement':
          for (const k of this.kids(n)) visitTarget(k);
          return;
        case 'NamedExpression':
          visitTarget(n.firstChild as SyntaxNode);
          break;
        case 'YieldExpression':
        case 'YieldStatement':
          s.isGen = true;
          break;
      }
      for (let c = n.firstChild; c !== null; c = c.nextSibling) walk(c);
    };
    for (const b of body) walk(b);
  }

  walrusTargets(n: SyntaxNode, s: Scope): void {
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if (c.name === 'NamedExpression') s.locals.add(this.text(c.firstChild as SyntaxNode));
      if (c.name === 'YieldExpression' && n.name !== 'LambdaExpression') s.isGen = true;
      if (c.name !== 'LambdaExpression') this.walrusTargets(c, s);
    }
  }

  importNames(n: SyntaxNode): string[] {
    const k = this.kids(n);
    const out: string[] = [];
    if (k[0]?.name === 'from') {
      const imp = k.findIndex((x) => x.name === 'import');
      for (let i = imp + 1; i < k.length; i++) {
        const x = k[i] as SyntaxNode;
        if (x.name === 'VariableName') {
          if (k[i + 1]?.name === 'as') continue;
          out.push(this.text(x));
        }
      }
    } else {
      for (let i = 1; i < k.length; i++) {
        const x = k[i] as SyntaxNode;
        if (x.name !== 'VariableName') continue;
        const prev = k[i - 1] as SyntaxNode;
        if (prev.name === 'as') out.push(this.text(x));
        else if (prev.name === '.') continue;
        else {
          // `import a.b` binds `a`; `import a.b as c` binds c (handled above)
          let j = i + 1;
          while (k[j]?.name === '.') j += 2;
          if (k[j]?.name !== 'as') out.push(this.text(x));
        }
      }
    }
    return out;
  }

  // ---- names ------------------------------------------------------------------------

  /** Where a name lives, from the current scope: a JS variable, the class namespace or a global. */
  resolve(name: string): { kind: 'local' | 'global' | 'class'; outer?: string } {
    const s = this.scope;
    if (s.kind === 'module') return { kind: 'global' };
    if (s.globals.has(name)) return { kind: 'global' };
    if (s.kind === 'class') {
      if (s.locals.has(name)) return { kind: 'class' };
    } else if (s.locals.has(name) && !s.nonlocals.has(name)) return { kind: 'local' };
    for (let p = s.parent; p !== null; p = p.parent) {
      if (p.kind === 'module') break;
      if (p.kind === 'class') continue;
      if (p.globals.has(name)) return { kind: 'global' };
      if (p.locals.has(name) && !p.nonlocals.has(name)) {
        for (let q: Scope | null = s; q !== null && q !== p; q = q.parent) q.free.add(name);
        return { kind: 'local' };
      }
    }
    return { kind: 'global' };
  }

  loadName(name: string, n: SyntaxNode): string {
    if (name === '__class__' && !this.scope.locals.has(name)) {
      let d: Scope | null = this.scope;
      while (d !== null && !d.isDef) d = d.parent;
      if (d?.parent?.kind === 'class') return `$f${d.code}.$cls`;
    }
    const r = this.resolve(name);
    const p = this.pos(n);
    const t = this.scope.tmp();
    const globalRead = `((${t} = ${prop('G', name)}) !== undefined ? ${t} : $ne(${jsStr(name)}, ${p}, ${this.localNames()}))`;
    if (r.kind === 'local') {
      const v = varName(name);
      const local = this.scope.locals.has(name) && this.scope.kind !== 'class';
      return `(${v} !== undefined ? ${v} : $unb(${jsStr(name)}, ${p}, ${local}))`;
    }
    if (r.kind === 'class') {
      // Class bodies see their own names, then the enclosing function's, then globals.
      const saved = this.scope;
      const outerScope = saved.parent as Scope;
      this.scope = outerScope;
      let outer: string;
      try {
        outer = this.loadName(name, n);
      } finally {
        this.scope = saved;
      }
      return `((${t} = ${prop('$ns', name)}) !== undefined ? ${t} : ${outer})`;
    }
    return globalRead;
  }

  /** The current function's local names, for NameError's suggestion (as JSON). */
  localNames(): string {
    const s = this.scope;
    if (s.kind !== 'function') return '[]';
    return JSON.stringify([...s.locals]);
  }

  storeName(name: string, value: string): string {
    const r = this.resolve(name);
    if (r.kind === 'local') return `${varName(name)} = ${value}`;
    if (r.kind === 'class') return `${prop('$ns', name)} = ${value}`;
    return `${prop('G', name)} = ${value}`;
  }

  // ---- expressions ------------------------------------------------------------------

  expr(n: SyntaxNode): string {
    const aw = this.awaitLeft;
    if (aw !== null && n.from === aw.from && n.to === aw.to && n.name === aw.name) {
      this.awaitLeft = null;
      return `(yield* $await(${this.expr(n)}))`;
    }
    switch (n.name) {
      case 'VariableName':
        return this.loadName(this.text(n), n);
      case 'Number':
        return this.number(n);
      case 'String':
      case 'ContinuedString':
      case 'FormatString':
        return this.string(n);
      case 'Boolean':
        return this.text(n) === 'True' ? 'true' : 'false';
      case 'None':
        return 'null';
      case 'Ellipsis':
        return '$ELLIPSIS';
      case 'ParenthesizedExpression': {
        const k = this.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
        if (k.length === 1) return this.expr(k[0] as SyntaxNode);
        return this.tuple(k);
      }
      case 'TupleExpression':
        return this.tuple(this.kids(n).filter((c) => c.name !== '(' && c.name !== ')'));
      case 'ArrayExpression':
        return this.seqItems(this.kids(n).filter((c) => c.name !== '[' && c.name !== ']'));
      case 'SetExpression': {
        const items = this.kids(n).filter((c) => c.name !== '{' && c.name !== '}');
        const folded = this.constantSet(items);
        return folded === null ? `$mkset(${this.seqItems(items)})` : `$mkconstset(${this.seqItems(folded)})`;
      }
      case 'DictionaryExpression':
        return this.dict(n);
      case 'BinaryExpression':
        return this.binary(n);
      case 'UnaryExpression':
        return this.unary(n);
      case 'CallExpression':
        return this.call(n);
      case 'MemberExpression':
        return this.member(n);
      case 'ConditionalExpression': {
        const k = this.kids(n);
        const [a, , c, , b] = k as [SyntaxNode, SyntaxNode, SyntaxNode, SyntaxNode, SyntaxNode];
        return `($truth(${this.expr(c)}) ? ${this.expr(a)} : ${this.expr(b)})`;
      }
      case 'LambdaExpression':
        return this.lambda(n);
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression':
        return this.comprehension(n);
      case 'YieldExpression':
        return this.yieldExpr(n);
      case 'NamedExpression': {
        const k = this.kids(n);
        const t = this.scope.tmp();
        const name = this.text(k[0] as SyntaxNode);
        const saved = this.scope;
        // A walrus in a comprehension binds in the enclosing function.
        let s: Scope = saved;
        while (s.name.startsWith('<') && s.name.endsWith('comp>') && s.parent !== null) s = s.parent;
        this.scope = s;
        let store: string;
        try {
          store = this.storeName(name, t);
        } finally {
          this.scope = saved;
        }
        return `(${t} = ${this.expr(k[2] as SyntaxNode)}, ${store}, ${t})`;
      }
      case 'AwaitExpression': {
        // `await x` delegates to x's awaitable (a coroutine's generator, a future): what it
        // yields goes up to the task stepping the outermost coroutine.
        const e = this.kids(n).find((c) => c.name !== 'await') as SyntaxNode;
        if (!this.scope.isAsync) {
          let end = e;
          while (end.name === 'BinaryExpression' && end.firstChild !== null) end = end.firstChild;
          const span = { from: n.from, to: end.to } as SyntaxNode;
          let fn: Scope | null = this.scope;
          while (fn !== null && fn.kind !== 'function') fn = fn.parent;
          this.syntaxAt(span, fn === null ? "'await' outside function" : "'await' outside async function");
        }
        if (e.name === 'BinaryExpression') {
          // Lezer gives `await` the whole arithmetic expression after it (`await a + b` as
          // `await (a + b)`); Python's await takes a primary: `(await a) + b`, `(await x) ** 2`.
          // The expression is compiled with its leftmost operand awaited.
          let left = e;
          while (left.name === 'BinaryExpression' && left.firstChild !== null) left = left.firstChild;
          const saved = this.awaitLeft;
          this.awaitLeft = left;
          try {
            return this.expr(e);
          } finally {
            this.awaitLeft = saved;
          }
        }
        return `(yield* $await(${this.expr(e)}))`;
      }
      case 'Slice':
        return this.unsupported(n, 'this slice');
      default:
        if (n.type.isError)
          throw syntaxError(
            this.filename,
            this.lines,
            this.lines.line(n.from),
            this.lines.col(n.from),
            'invalid syntax',
          );
        return this.unsupported(n, `\`${n.name}\``);
    }
  }

  number(n: SyntaxNode): string {
    const t = this.text(n).replace(/_/g, '');
    if (/[jJ]$/.test(t))
      return `$unsupported(${jsStr(`line ${this.lines.line(n.from)}: complex numbers are not supported`)})`;
    if (/^0[xXoObB]/.test(t)) {
      const b = BigInt(t.toLowerCase());
      return b <= 9007199254740991n ? String(b) : `${b}n`;
    }
    if (/^\d+$/.test(t)) {
      const b = BigInt(t);
      return b <= 9007199254740991n ? String(b) : `${b}n`;
    }
    return `$F(${Number(t)})`;
  }

  /** A string literal (with prefixes, escapes, implicit concatenation and f-strings). */
  string(n: SyntaxNode): string {
    const parts = n.name === 'ContinuedString' ? this.kids(n) : [n];
    const pieces: string[] = [];
    let bytes: boolean | null = null;
    for (const p of parts) {
      const raw = this.text(p);
      const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(raw) as RegExpExecArray;
      const prefix = (m[1] as string).toLowerCase();
      const q = m[2] as string;
      const isBytes = prefix.includes('b');
      if (bytes !== null && bytes !== isBytes) this.unsupported(p, 'mixing bytes and str literals');
      bytes = isBytes;
      const start = p.from + (m[0] as string).length;
      const end = p.to - q.length;
      if (prefix.includes('f')) {
        pieces.push(this.fstring(p, start, end, prefix.includes('r')));
      } else {
        pieces.push(jsStr(this.unescape(this.src.slice(start, end), prefix.includes('r'), isBytes)));
      }
    }
    const joined = pieces.length === 1 ? (pieces[0] as string) : `(${pieces.join(' + ')})`;
    return bytes ? `$bytes(${joined})` : joined;
  }

  unescape(s: string, raw: boolean, bytes: boolean): string {
    if (raw) return s;
    return s.replace(
      /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r?\n|.)/gs,
      (_m, e: string) => {
        switch (e[0]) {
          case 'n':
            return '\n';
          case 't':
            return '\t';
          case 'r':
            return '\r';
          case '0':
          case '1':
          case '2':
          case '3':
          case '4':
          case '5':
          case '6':
          case '7':
            return String.fromCharCode(Number.parseInt(e, 8));
          case 'x':
            return String.fromCharCode(Number.parseInt(e.slice(1), 16));
          case 'u':
          case 'U':
            if (bytes) return `\\${e}`;
            return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
          case 'N':
            return (e.length > 1 ? unicodeName(e.slice(2, -1)) : null) ?? `\\${e}`;
          case '\\':
            return '\\';
          case "'":
            return "'";
          case '"':
            return '"';
          case 'a':
            return '\x07';
          case 'b':
            return '\b';
          case 'f':
            return '\f';
          case 'v':
            return '\v';
          case '\n':
          case '\r':
            return '';
          default:
            return `\\${e}`;
        }
      },
    );
  }

  /** An f-string: literal text between the replacement fields lezer finds. */
  fstring(n: SyntaxNode, start: number, end: number, raw: boolean): string {
    const out: string[] = [];
    let at = start;
    const lit = (a: number, b: number) => {
      if (b > a)
        out.push(jsStr(this.unescape(this.src.slice(a, b).replace(/\{\{/g, '{').replace(/\}\}/g, '}'), raw, false)));
    };
    for (const r of this.kids(n)) {
      if (r.name !== 'FormatReplacement') continue;
      lit(at, r.from);
      out.push(this.replacement(r, raw));
      at = r.to;
    }
    lit(at, end);
    if (out.length === 0) return '""';
    return `(${out.join(' + ')})`;
  }

  replacement(r: SyntaxNode, raw: boolean): string {
    const k = this.kids(r).filter((c) => c.name !== '{' && c.name !== '}');
    let conv = '';
    let spec = '""';
    let exprNode: SyntaxNode | null = null;
    let debug = '';
    for (const c of k) {
      if (c.name === 'FormatConversion') conv = this.text(c).slice(1);
      else if (c.name === 'FormatSpec') spec = this.fstring(c, c.from + 1, c.to, raw);
      else if (c.name === 'FormatSelfDoc' || this.text(c) === '=') debug = '=';
      else if (exprNode === null) exprNode = c;
    }
    if (exprNode === null) return '""';
    let v = this.expr(exprNode);
    const after = this.src.slice(exprNode.to, r.to);
    const selfDoc = /^\s*=/.test(after) || debug === '=';
    let prefix = '';
    if (selfDoc) {
      const eq = this.src.indexOf('=', exprNode.to);
      prefix = jsStr(this.src.slice(r.from + 1, eq + 1) + (/^=\s*/.exec(this.src.slice(eq))?.[0].slice(1) ?? ''));
      if (conv === '' && spec === '""') conv = 'r';
    }
    if (conv === 'r') v = `$repr(${v})`;
    else if (conv === 'a') v = `$ascii(${v})`;
    else if (conv === 's') v = `$str(${v})`;
    const body = spec === '""' ? `$fmt0(${v})` : `$format(${v}, ${spec})`;
    return prefix === '' ? body : `(${prefix} + ${body})`;
  }

  tuple(items: SyntaxNode[]): string {
    const k = items.filter((c) => c.name !== ',');
    if (k.some((c) => c.name === '*')) return `$tuple(${this.seqItems(items)})`;
    return `$T([${k.map((c) => this.expr(c)).join(', ')}])`;
  }

  /** A list of items with `*x` unpacking: a JS array expression. */
  /**
   * CPython folds a display of three or more constants into one frozenset constant, and
   * merges equal constants across the module: `{0, 1, 8}` after `{8, 1, 0}` is that same
   * frozenset, so it keeps the first one's order. The items of a later equal display are
   * put in the first one's order (they are constants, so no evaluation moves).
   */
  constantSet(items: SyntaxNode[]): SyntaxNode[] | null {
    const elts = items.filter((c) => c.name !== ',');
    if (elts.length < 3) return null;
    const keys: string[] = [];
    for (const e of elts) {
      const v = this.literal([e]);
      if (v === undefined || typeof v === 'boolean') return null;
      const t = typeof v === 'string' ? 'str' : constantType(v, this.text(e));
      keys.push(`${t}:${String(v)}`);
    }
    const key = [...new Set(keys)].sort().join('\u0000');
    const first = this.constantSets.get(key);
    if (first === undefined) {
      this.constantSets.set(key, keys);
      return items;
    }
    return first.map((k) => elts[keys.indexOf(k)] as SyntaxNode);
  }
  private readonly constantSets = new Map<string, string[]>();

  seqItems(items: SyntaxNode[]): string {
    const parts: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const c = items[i] as SyntaxNode;
      if (c.name === ',') continue;
      if (c.name === '*') {
        parts.push(`...$items(${this.expr(items[++i] as SyntaxNode)})`);
        continue;
      }
      parts.push(this.expr(c));
    }
    return `[${parts.join(', ')}]`;
  }

  dict(n: SyntaxNode): string {
    const k = this.kids(n).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
    const parts: string[] = [];
    for (let i = 0; i < k.length; i++) {
      const c = k[i] as SyntaxNode;
      if (c.name === '**') {
        parts.push(`$dictUpdate($d, ${this.expr(k[++i] as SyntaxNode)})`);
        continue;
      }
      const v = k[i + 2] as SyntaxNode;
      parts.push(`$dictSet($d, ${this.expr(c)}, ${this.expr(v)})`);
      i += 2;
    }
    if (parts.length === 0) return '$dict()';
    const d = this.scope.tmp();
    return `(${d} = $dict(), ${parts.map((p) => p.replace('$d,', `${d},`)).join(', ')}, ${d})`;
  }

  opText(_n: SyntaxNode, a: SyntaxNode, b: SyntaxNode): string {
    return this.src
      .slice(a.to, b.from)
      .replace(/\\\r?\n/g, ' ')
      .trim()
      .replace(/\s+/g, ' ');
  }

  isCompare(n: SyntaxNode): boolean {
    if (n.name !== 'BinaryExpression') return false;
    const a = n.firstChild as SyntaxNode;
    const b = n.lastChild as SyntaxNode;
    return CMP.has(this.opText(n, a, b));
  }

  binary(n: SyntaxNode): string {
    const a = n.firstChild as SyntaxNode;
    const b = n.lastChild as SyntaxNode;
    const op = this.opText(n, a, b);
    if (op === 'and' || op === 'or') {
      const t = this.scope.tmp();
      const l = this.expr(a);
      const r = this.expr(b);
      return op === 'and' ? `($truth(${t} = ${l}) ? ${r} : ${t})` : `($truth(${t} = ${l}) ? ${t} : ${r})`;
    }
    if (CMP.has(op)) return this.compare(n);
    if (!BIN_OPS.has(op)) this.unsupported(n, `the operator ${op}`);
    const l = this.expr(a);
    const r = this.expr(b);
    const p = this.pos(n, 'bin', a, b);
    switch (op) {
      case '+':
        return `$add(${l}, ${r}, $p = ${p})`;
      case '-':
        return `$sub(${l}, ${r}, $p = ${p})`;
      case '*':
        return `$mul(${l}, ${r}, $p = ${p})`;
      default:
        return `$binop(${jsStr(op)}, ${l}, ${r}, $p = ${p})`;
    }
  }

  /** Comparisons, chained as Python chains them (each middle operand evaluated once). */
  compare(n: SyntaxNode): string {
    const operands: SyntaxNode[] = [];
    const ops: string[] = [];
    const flatten = (x: SyntaxNode) => {
      const a = x.firstChild as SyntaxNode;
      const b = x.lastChild as SyntaxNode;
      if (this.isCompare(a)) flatten(a);
      else operands.push(a);
      ops.push(this.opText(x, a, b));
      operands.push(b);
    };
    flatten(n);
    const p = this.pos(n);
    const one = (op: string, l: string, r: string): string => {
      switch (op) {
        case '<':
          return `$lt(${l}, ${r}, $p = ${p})`;
        case '<=':
          return `$le(${l}, ${r}, $p = ${p})`;
        case '>':
          return `$gt(${l}, ${r}, $p = ${p})`;
        case '>=':
          return `$ge(${l}, ${r}, $p = ${p})`;
        case '==':
          return `$eq(${l}, ${r}, $p = ${p})`;
        case '!=':
          return `$ne_(${l}, ${r}, $p = ${p})`;
        case 'is':
          return `$is(${l}, ${r})`;
        case 'is not':
          return `!$is(${l}, ${r})`;
        case 'in':
          return `$contains(${r}, ${l}, $p = ${p})`;
        default:
          return `!$contains(${r}, ${l}, $p = ${p})`;
      }
    };
    if (ops.length === 1)
      return one(ops[0] as string, this.expr(operands[0] as SyntaxNode), this.expr(operands[1] as SyntaxNode));
    const res = this.scope.tmp();
    let code = '';
    let left = this.expr(operands[0] as SyntaxNode);
    const parts: string[] = [];
    for (let i = 0; i < ops.length; i++) {
      const isLast = i === ops.length - 1;
      const rt = isLast ? '' : this.scope.tmp();
      const right = isLast
        ? this.expr(operands[i + 1] as SyntaxNode)
        : `(${rt} = ${this.expr(operands[i + 1] as SyntaxNode)})`;
      parts.push(`(${res} = ${one(ops[i] as string, left, right)})`);
      left = rt;
    }
    code = parts.reduceRight((acc, cur) => `($truth(${cur}) ? ${acc} : ${res})`);
    return code;
  }

  unary(n: SyntaxNode): string {
    const k = this.kids(n);
    const op = this.text(k[0] as SyntaxNode);
    const arg = k[1] as SyntaxNode;
    if (op === 'not') return this.notOf(arg);
    const p = this.pos(n);
    if (op === '-') {
      if (arg.name === 'Number') {
        const num = this.number(arg);
        if (num.startsWith('$F(')) return `$F(-${num.slice(3, -1)})`;
        return num === '0' ? '0' : `-${num}`;
      }
      return `$neg(${this.expr(arg)}, $p = ${p})`;
    }
    if (op === '+') return `$posv(${this.expr(arg)}, $p = ${p})`;
    if (op === '~') return `$invert(${this.expr(arg)}, $p = ${p})`;
    return this.unsupported(n, `the operator ${op}`);
  }

  /** `not x`, undoing lezer's precedence for `not a and b` and `not a if c else b`. */
  notOf(arg: SyntaxNode): string {
    if (arg.name === 'BinaryExpression') {
      const a = arg.firstChild as SyntaxNode;
      const b = arg.lastChild as SyntaxNode;
      const op = this.opText(arg, a, b);
      if (op === 'and' || op === 'or') {
        const t = this.scope.tmp();
        const l = this.notOf(a);
        const r = this.expr(b);
        return op === 'and' ? `($truth(${t} = ${l}) ? ${r} : ${t})` : `($truth(${t} = ${l}) ? ${t} : ${r})`;
      }
    }
    if (arg.name === 'ConditionalExpression') {
      const [x, , c, , y] = this.kids(arg) as [SyntaxNode, SyntaxNode, SyntaxNode, SyntaxNode, SyntaxNode];
      return `($truth(${this.expr(c)}) ? ${this.notOf(x)} : ${this.expr(y)})`;
    }
    return `!$truth(${this.expr(arg)})`;
  }

  member(n: SyntaxNode): string {
    const k = this.kids(n);
    const obj = k[0] as SyntaxNode;
    if (k[1]?.name === '.') {
      const name = this.text(k[2] as SyntaxNode);
      return `$ga(${this.expr(obj)}, ${jsStr(name)}, $p = ${this.pos(n)})`;
    }
    const idx = this.subscript(k.slice(2, -1));
    return `$gi(${this.expr(obj)}, ${idx}, $p = ${this.pos(n, 'sub', obj, k[k.length - 2] as SyntaxNode)})`;
  }

  /** The index of `x[...]`: an expression, a slice, or a tuple of them. */
  subscript(k: SyntaxNode[]): string {
    const groups: SyntaxNode[][] = [[]];
    for (const c of k) {
      if (c.name === ',') groups.push([]);
      else (groups[groups.length - 1] as SyntaxNode[]).push(c);
    }
    if (groups[groups.length - 1]?.length === 0 && groups.length > 1) groups.pop();
    const one = (g: SyntaxNode[]): string => {
      if (!g.some((c) => c.name === ':')) {
        if (g.length === 1) return this.expr(g[0] as SyntaxNode);
        if (g[0]?.name === '*') return `...$items(${this.expr(g[1] as SyntaxNode)})`;
      }
      const parts: (string | null)[] = [null, null, null];
      let idx = 0;
      for (const c of g) {
        if (c.name === ':') idx++;
        else parts[idx] = this.expr(c);
      }
      return `$slice(${parts[0] ?? 'null'}, ${parts[1] ?? 'null'}, ${parts[2] ?? 'null'})`;
    };
    if (groups.length === 1 && k[k.length - 1]?.name !== ',') return one(groups[0] as SyntaxNode[]);
    return `$T([${groups.map(one).join(', ')}])`;
  }

  // ---- calls --------------------------------------------------------------------------

  /** A call, then the eval breaker's check that CPython makes after it. */
  fastCall(f: string, args: string[]): string {
    const a = args.join(', ');
    const r = this.scope.tmp();
    return `(${r} = (${f}?.$s === ${args.length} ? (yield* ${f}(${a})) : ${f}?.$nb === true ? ${f}(${a}) : (yield* ($R.p = $p, $cg(${f}, [${a}], null, null)))), --$R.b < 0 && (yield* $brk()), ${r})`;
  }

  call(n: SyntaxNode): string {
    const k = this.kids(n);
    const callee = k[0] as SyntaxNode;
    const argList = k[1] as SyntaxNode;
    const ak = this.kids(argList).filter((c) => c.name !== '(' && c.name !== ')');
    // f(x for x in y): a generator expression as the only argument
    if (ak.some((c) => c.name === 'for')) {
      ak.splice(0, ak.length, argList);
    }
    const pos: string[] = [];
    const star: (string | null)[] = [];
    const kwn: string[] = [];
    const kwv: string[] = [];
    let dstar: string[] = [];
    const kwparts: string[] = [];
    let simple = true;
    for (let i = 0; i < ak.length; i++) {
      const c = ak[i] as SyntaxNode;
      if (c.name === ',') continue;
      if (c === argList) {
        pos.push(this.comprehension(argList, 'ComprehensionExpression'));
        star.push(null);
        continue;
      }
      if (c.name === '*') {
        simple = false;
        star.push(this.expr(ak[++i] as SyntaxNode));
        pos.push('');
        continue;
      }
      if (c.name === '**') {
        simple = false;
        const d = this.expr(ak[++i] as SyntaxNode);
        dstar = [...dstar, d];
        kwparts.push(`[null, ${d}]`);
        continue;
      }
      if (ak[i + 1]?.name === 'AssignOp') {
        simple = false;
        if (kwn.includes(this.text(c))) {
          const v = ak[i + 2] as SyntaxNode;
          this.syntaxAt({ from: c.from, to: v.to } as SyntaxNode, `keyword argument repeated: ${this.text(c)}`);
        }
        kwn.push(this.text(c));
        const kv = this.expr(ak[i + 2] as SyntaxNode);
        kwv.push(kv);
        kwparts.push(`[${jsStr(this.text(c))}, ${kv}]`);
        i += 2;
        continue;
      }
      if (kwn.length > 0 || dstar.length > 0) {
        if (dstar.length > 0) this.syntaxAt(c, 'positional argument follows keyword argument unpacking', true, c.to);
        this.syntaxAt(c, 'positional argument follows keyword argument', true, c.to);
      }
      pos.push(this.expr(c));
      star.push(null);
    }
    const s = this.scope;
    if (
      callee.name === 'VariableName' &&
      this.text(callee) === 'super' &&
      pos.length === 0 &&
      simple &&
      this.resolve('super').kind === 'global'
    ) {
      let d: Scope | null = s;
      while (d !== null && !d.isDef) d = d.parent;
      if (d !== null && d.firstParam !== null) {
        const fp = d.firstParam;
        return `$super($f${d.code}.$cls, ${varName(fp)}, $p = ${this.pos(n)})`;
      }
    }
    if (
      callee.name === 'VariableName' &&
      pos.length === 0 &&
      simple &&
      this.resolve(this.text(callee)).kind === 'global'
    ) {
      const fname = this.text(callee);
      if (fname === 'locals' || (fname === 'vars' && s.kind !== 'module')) {
        if (s.kind === 'function') {
          const names = [...s.locals].filter((x) => !s.nonlocals.has(x));
          return `$localsDict([${names.map((x) => `[${jsStr(x)}, ${varName(x)}]`).join(', ')}])`;
        }
        if (s.kind === 'class') return '$localsDict(Object.entries($ns))';
        return '$globalsDict(G)';
      }
      if (fname === 'globals') return '$globalsDict(G)';
    }
    const p = this.pos(n);
    const f = s.tmp();
    let head: string;
    let self: string | null = null;
    const ck = this.kids(callee);
    if (callee.name === 'MemberExpression' && ck[1]?.name === '.') {
      const o = s.tmp();
      self = s.tmp();
      const name = this.text(ck[2] as SyntaxNode);
      head = `${o} = ${this.expr(ck[0] as SyntaxNode)}, $p = ${this.pos(callee)}, ${f} = $gm(${o}, ${jsStr(name)}), ${self} = $R.s`;
    } else {
      head = `${f} = ${this.expr(callee)}`;
    }
    if (simple) {
      const temps = pos.map(() => s.tmp());
      const assigns = pos.map((v, i) => `${temps[i]} = ${v}`);
      const seq = [head, ...assigns, `$p = ${p}`];
      if (self === null) return `(${seq.join(', ')}, ${this.fastCall(f, temps)})`;
      return `(${seq.join(', ')}, ${self} === $NOSELF ? ${this.fastCall(f, temps)} : ${this.fastCall(f, [self, ...temps])})`;
    }
    const parts = pos.map((v, i) => (star[i] !== null ? `...$staritems(${star[i]}, ${f})` : v));
    const argsArr = `[${parts.join(', ')}]`;
    const kwArr = kwn.length > 0 || dstar.length > 0 ? s.tmp() : null;
    let kwSetup = '';
    let kwNames = 'null';
    let kwVals = 'null';
    if (kwArr !== null) {
      kwSetup = `, ${kwArr} = $kwargs([${kwparts.join(', ')}], ${f})`;
      kwNames = `${kwArr}[0]`;
      kwVals = `${kwArr}[1]`;
    }
    const a = s.tmp();
    const args = self === null ? argsArr : `(${self} === $NOSELF ? ${argsArr} : [${self}, ...${argsArr}])`;
    const r = s.tmp();
    return `(${head}, ${a} = ${args}${kwSetup}, $p = ${p}, $R.p = $p, ${r} = (yield* $cg(${f}, ${a}, ${kwNames}, ${kwVals})), --$R.b < 0 && (yield* $brk()), ${r})`;
  }

  // ---- functions --------------------------------------------------------------------

  /** Parameters: names, defaults (code), star markers. */
  params(pl: SyntaxNode | undefined): {
    names: string[];
    npos: number;
    defaults: string[];
    kwdefaults: [string, string][];
    varargs: string | null;
    varkw: string | null;
    posonly: number;
    annotations: [string, string][];
  } {
    const names: string[] = [];
    const defaults: string[] = [];
    const kwdefaults: [string, string][] = [];
    let npos = -1;
    let varargs: string | null = null;
    let varkw: string | null = null;
    let posonly = -1;
    const kwonly: string[] = [];
    const all = pl === undefined ? [] : this.kids(pl).filter((c) => c.name !== '(' && c.name !== ')');
    const annotations: [string, string][] = [];
    all.forEach((c, i) => {
      const prev = all[i - 1];
      if (c.name === 'TypeDef' && prev?.name === 'VariableName') {
        const e = this.kids(c).find((x) => x.name !== ':');
        if (e !== undefined) annotations.push([this.text(prev), this.expr(e)]);
      }
    });
    const k = all.filter((c) => c.name !== 'TypeDef');
    let prevEnd = pl === undefined ? 0 : pl.from;
    for (let i = 0; i < k.length; i++) {
      const c = k[i] as SyntaxNode;
      const gap = this.src.slice(prevEnd, c.from);
      prevEnd = c.to;
      if (c.name === ',') {
        // lezer keeps no node for the positional-only marker `/`
        if (gap.includes('/')) posonly = names.length;
        continue;
      }
      if (c.name === '*') {
        npos = names.length;
        if (k[i + 1]?.name === 'VariableName') varargs = this.text(k[++i] as SyntaxNode);
        continue;
      }
      if (c.name === '**') {
        varkw = this.text(k[++i] as SyntaxNode);
        continue;
      }
      if (c.name === 'VariableName') {
        const name = this.text(c);
        let def: string | null = null;
        if (k[i + 1]?.name === 'AssignOp') {
          def = this.expr(k[i + 2] as SyntaxNode);
          i += 2;
        }
        if (npos >= 0) {
          kwonly.push(name);
          if (def !== null) kwdefaults.push([name, def]);
        } else {
          names.push(name);
          if (def !== null) defaults.push(def);
        }
        continue;
      }
      if (c.name === '/') continue;
      this.unsupported(c, `this parameter syntax (${this.text(c)})`);
    }
    if (npos < 0) npos = names.length;
    if (pl !== undefined && posonly < 0 && /\/\s*\)?\s*$/.test(this.src.slice(prevEnd, pl.to))) posonly = names.length;
    return {
      names: [...names, ...kwonly],
      npos,
      defaults,
      kwdefaults,
      varargs,
      varkw,
      posonly: Math.max(posonly, 0),
      annotations,
    };
  }

  /** A function body in a fresh scope; returns the JS function expression. */
  functionCode(
    name: string,
    qualname: string,
    pl: SyntaxNode | undefined,
    body: SyntaxNode[],
    isLambda: boolean,
    extraSetup = '',
    returns: SyntaxNode | null = null,
  ): string {
    const parent = this.scope;
    const s = new Scope('function', parent, name, qualname);
    const isAsync = this.asyncDef;
    this.asyncDef = false;
    s.isAsync = isAsync;
    s.code = this.codeInfo(name);
    const ps = this.params(pl);
    s.isDef = !isLambda;
    s.firstParam = ps.names[0] ?? ps.varargs;
    for (const p of ps.names) s.locals.add(p);
    if (ps.varargs) s.locals.add(ps.varargs);
    if (ps.varkw) s.locals.add(ps.varkw);
    if (isLambda) {
      this.walrusTargets(body[0] as SyntaxNode, s);
      if ((body[0] as SyntaxNode).name === 'YieldExpression') s.isGen = true;
    } else this.collect(body, s);
    for (const g of s.globals) s.locals.delete(g);
    const savedLoops = this.loops;
    const savedHandlers = this.handlers;
    this.loops = [];
    this.handlers = [];
    this.scope = s;
    let code: string;
    try {
      code = isLambda ? `return ${this.expr(body[0] as SyntaxNode)};` : this.block(body);
    } finally {
      this.scope = parent;
      this.loops = savedLoops;
      this.handlers = savedHandlers;
    }
    const jsParams = [...ps.names, ...(ps.varargs ? [ps.varargs] : []), ...(ps.varkw ? [ps.varkw] : [])].map(varName);
    const params = new Set(jsParams);
    const locals = [...s.locals]
      .filter((l) => !s.nonlocals.has(l))
      .map(varName)
      .filter((v) => !params.has(v));
    const decl = ['$p = 0', '$fr = 0', ...s.temps, ...locals].join(', ');
    const codeIdx = s.code;
    const frame =
      s.isGen || isAsync
        ? `let ${decl};\n${extraSetup}try {\n${BREAKER}\n${code}\n} catch ($e) { throw $tb($e, ${codeIdx}, $p, $fr); }`
        : `let ${decl};\n${extraSetup}${DEPTH_IN}try {\n${BREAKER}\n${code}\n} catch ($e) { throw $tb($e, ${codeIdx}, $p, $fr); } finally { $R.depth--; }`;
    const doc = isLambda ? null : this.docstring(body);
    const info = `{name: ${jsStr(name)}, qualname: ${jsStr(qualname)}, params: ${JSON.stringify(ps.names)}, npos: ${ps.npos}, posonly: ${ps.posonly}, varargs: ${ps.varargs !== null}, varkw: ${ps.varkw !== null}, gen: ${s.isGen},${isAsync ? ' async: true,' : ''} doc: ${doc === null ? 'null' : jsStr(doc)}, nfree: ${s.free.size}}`;
    const defs = `[${ps.defaults.join(', ')}]`;
    const kwdefs =
      ps.kwdefaults.length === 0 ? 'null' : `{${ps.kwdefaults.map(([k, v]) => `${jsStr(k)}: ${v}`).join(', ')}}`;
    const fn =
      isAsync && s.isGen
        ? `function* $f${s.code}(${jsParams.join(', ')}) { return new $AGen((function* () {\n${frame}\n})(), ${jsStr(name)}, ${jsStr(qualname)}); }`
        : isAsync
          ? `function* $f${s.code}(${jsParams.join(', ')}) { return new $Coro((function* () {\n${frame}\n})(), ${jsStr(name)}, ${jsStr(qualname)}); }`
          : s.isGen
            ? `function* $f${s.code}(${jsParams.join(', ')}) { return new $Gen((function* () {\n${frame}\n})(), ${jsStr(name)}, ${jsStr(qualname)}); }`
            : `function* $f${s.code}(${jsParams.join(', ')}) {\n${frame}\n}`;
    const ann = [...ps.annotations];
    if (returns !== null) {
      const e = this.kids(returns).find((x) => x.name !== ':');
      if (e !== undefined) ann.push(['return', this.expr(e)]);
    }
    const annCode = ann.length === 0 ? '' : `, [${ann.map(([k, v]) => `[${jsStr(k)}, ${v}]`).join(', ')}]`;
    return `$mkfn(${fn}, ${info}, ${defs}, ${kwdefs}, G${annCode})`;
  }

  /** A body's docstring: its first statement, when that is a plain string literal. */
  docstring(body: SyntaxNode[]): string | null {
    // comments before it do not count (a file's header comment above its docstring)
    const first = body.find((n) => n.name !== 'Comment');
    if (first?.name !== 'ExpressionStatement') return null;
    const e = first.firstChild;
    if (e === null || e.nextSibling !== null || e.name !== 'String') return null;
    const v = this.literal([e]);
    return typeof v === 'string' ? v : null;
  }

  codes: string[] = [];
  codeInfo(name: string): number {
    this.codes.push(name);
    return this.codes.length - 1;
  }

  qual(name: string): string {
    const s = this.scope;
    if (s.kind === 'module') return name;
    if (s.kind === 'class') return `${s.qualname}.${name}`;
    return `${s.qualname}.<locals>.${name}`;
  }

  lambda(n: SyntaxNode): string {
    const k = this.kids(n);
    const pl = k.find((c) => c.name === 'ParamList');
    const body = k[k.length - 1] as SyntaxNode;
    return this.functionCode('<lambda>', this.qual('<lambda>'), pl, [body], true);
  }

  /** Comprehensions run in their own scope, as a generator function called at once. */
  comprehension(n: SyntaxNode, kind = n.name): string {
    const k = this.kids(n).filter((c) => !['[', ']', '{', '}', '(', ')'].includes(c.name));
    const forIdx = k.findIndex((c) => c.name === 'for');
    const asyncAt0 = k.findIndex((c) => c.name === 'async');
    const elt = k.slice(0, asyncAt0 >= 0 && asyncAt0 < forIdx ? asyncAt0 : forIdx);
    // clauses: for T in X [if C]* ...
    const clauses: {
      kind: 'for' | 'if';
      target?: SyntaxNode[];
      iter?: SyntaxNode;
      cond?: SyntaxNode;
      isAsync?: boolean;
    }[] = [];
    for (let i = forIdx; i < k.length; ) {
      const c = k[i] as SyntaxNode;
      if (c.name === 'for') {
        const inIdx = k.findIndex((x, j) => j > i && x.name === 'in');
        const isAsync = k[i - 1]?.name === 'async';
        clauses.push({ kind: 'for', target: k.slice(i + 1, inIdx), iter: k[inIdx + 1] as SyntaxNode, isAsync });
        i = inIdx + 2;
      } else if (c.name === 'if') {
        clauses.push({ kind: 'if', cond: k[i + 1] as SyntaxNode });
        i += 2;
      } else i++;
    }
    const name =
      kind === 'ArrayComprehensionExpression'
        ? '<listcomp>'
        : kind === 'SetComprehensionExpression'
          ? '<setcomp>'
          : kind === 'DictionaryComprehensionExpression'
            ? '<dictcomp>'
            : '<genexpr>';
    const first = clauses[0] as { iter: SyntaxNode; isAsync: boolean };
    if (clauses.some((c) => c.isAsync)) {
      if (
        kind !== 'ArrayComprehensionExpression' &&
        kind !== 'SetComprehensionExpression' &&
        kind !== 'DictionaryComprehensionExpression'
      ) {
        this.unsupported(n, 'asynchronous generator expressions');
      }
      if (!this.scope.isAsync) this.syntaxAt(n, 'asynchronous comprehension outside of an asynchronous function');
    }
    const firstIter = first.isAsync ? this.expr(first.iter) : `$iter(${this.expr(first.iter)})`;
    const parent = this.scope;
    const s = new Scope('function', parent, name, this.qual(name));
    s.isAsync = parent.isAsync;
    s.code = this.codeInfo(name);
    for (const c of clauses) {
      if (c.kind === 'for') for (const t of c.target as SyntaxNode[]) this.collectTarget(t, s);
    }
    this.scope = s;
    const savedLoops = this.loops;
    this.loops = [];
    let body: string;
    try {
      let inner: string;
      if (name === '<listcomp>') inner = `$r.push(${this.expr(elt[0] as SyntaxNode)});`;
      else if (name === '<setcomp>') inner = `$setAdd($r, ${this.expr(elt[0] as SyntaxNode)});`;
      else if (name === '<dictcomp>')
        inner = `$dictSet($r, ${this.expr(elt[0] as SyntaxNode)}, ${this.expr(elt[2] as SyntaxNode)});`;
      else inner = `yield ${this.expr(elt[0] as SyntaxNode)};`;
      for (let i = clauses.length - 1; i >= 0; i--) {
        const c = clauses[i] as (typeof clauses)[number];
        if (c.kind === 'if') inner = `if ($truth(${this.expr(c.cond as SyntaxNode)})) {\n${inner}\n}`;
        else {
          const it =
            i === 0
              ? '$it0'
              : c.isAsync
                ? this.expr(c.iter as SyntaxNode)
                : `$iter(${this.expr(c.iter as SyntaxNode)})`;
          inner = this.forLoop(
            it,
            c.target as SyntaxNode[],
            inner,
            null,
            c.iter as SyntaxNode,
            null,
            c.isAsync === true,
          );
        }
      }
      body = inner;
    } finally {
      this.scope = parent;
      this.loops = savedLoops;
    }
    const locals = [...s.locals].map(varName);
    const decl = ['$p = 0', '$fr = 0', ...s.temps, ...locals].join(', ');
    const codeIdx = s.code;
    const init =
      name === '<listcomp>' ? '[]' : name === '<setcomp>' ? '$mkset([])' : name === '<dictcomp>' ? '$dict()' : 'null';
    const frame = `let ${decl}; const $r = ${init};\ntry {\n${body}\n} catch ($e) { throw $tb($e, ${codeIdx}, $p, $fr); }\nreturn $r;`;
    if (name === '<genexpr>') {
      return `new $Gen((function* ($it0) {\n${frame}\n})(${firstIter}), "<genexpr>", ${jsStr(s.qualname)})`;
    }
    const cp = this.pos(n);
    const it0 = this.scope.tmp();
    return `(yield* (function* ($it0) {\n${frame}\n})((${it0} = ${firstIter}, $p = ${cp}, ${it0})))`;
  }

  collectTarget(t: SyntaxNode, s: Scope): void {
    if (t.name === 'VariableName') s.locals.add(this.text(t));
    else for (const c of this.kids(t)) this.collectTarget(c, s);
  }

  yieldExpr(n: SyntaxNode): string {
    const k = this.kids(n);
    if (k[1]?.name === 'from') return `(yield* $yf(${this.expr(k[2] as SyntaxNode)}))`;
    const vals = k.slice(1).filter((c) => !c.type.isError);
    if (vals.length === 0) return `($p = ${this.pos(n)}, (yield ${this.scope.isAsync ? '$ayield(null)' : 'null'}))`;
    // the frame's position is the yield while suspended (a throw() lands there)
    const t = this.scope.tmp();
    const v = vals.some((c) => c.name === ',') ? this.tuple(vals) : this.expr(vals[0] as SyntaxNode);
    if (this.scope.isAsync) return `(${t} = ${v}, $p = ${this.pos(n)}, (yield $ayield(${t})))`;
    return `(${t} = ${v}, $p = ${this.pos(n)}, (yield ${t}))`;
  }

  // ---- statements -------------------------------------------------------------------

  block(stmts: SyntaxNode[]): string {
    return stmts.map((s) => this.stmt(s)).join('\n');
  }

  bodyOf(n: SyntaxNode): SyntaxNode[] {
    return this.kids(n).filter((c) => c.name !== ':');
  }

  stmt(n: SyntaxNode): string {
    switch (n.name) {
      case 'Comment':
        return '';
      case 'StatementGroup':
        return this.block(this.kids(n).filter((c) => c.name !== ';'));
      case 'ExpressionStatement': {
        const k = this.kids(n);
        if (k.length > 1) return `${this.tuple(k)};`;
        return `${this.expr(k[0] as SyntaxNode)};`;
      }
      case 'PassStatement':
        return '';
      case 'AssignStatement':
        return this.annotation(n) + this.assign(n);
      case 'UpdateStatement':
        return this.update(n);
      case 'ReturnStatement': {
        if (this.scope.kind !== 'function') this.syntaxAt(n, "'return' outside function");
        const k = this.kids(n).slice(1);
        if (k.length > 0 && this.scope.isAsync && this.scope.isGen) {
          this.syntaxAt(n, "'return' with value in async generator");
        }
        if (k.length === 0) return 'return null;';
        if (k.length > 1) return `return ${this.tuple(k)};`;
        return `return ${this.expr(k[0] as SyntaxNode)};`;
      }
      case 'IfStatement':
        return this.ifStmt(n);
      case 'WhileStatement':
        return this.whileStmt(n);
      case 'ForStatement':
        return this.forStmt(n);
      case 'BreakStatement': {
        const l = this.loops[this.loops.length - 1];
        if (l === undefined) this.syntaxAt(n, "'break' outside loop");
        return `break ${l.brk};`;
      }
      case 'ContinueStatement': {
        const l = this.loops[this.loops.length - 1];
        if (l === undefined) this.syntaxAt(n, "'continue' not properly in loop");
        return `continue ${l.cont};`;
      }
      case 'FunctionDefinition':
        return this.funcDef(n, []);
      case 'ClassDefinition':
        return this.classDef(n, []);
      case 'DecoratedStatement': {
        const k = this.kids(n);
        const decs = k.filter((c) => c.name === 'Decorator');
        const def = k[k.length - 1] as SyntaxNode;
        if (def.name === 'ClassDefinition') return this.classDef(def, decs);
        return this.funcDef(def, decs);
      }
      case 'RaiseStatement':
        return this.raise(n);
      case 'TryStatement':
        return this.tryStmt(n);
      case 'WithStatement':
        return this.withStmt(n);
      case 'AssertStatement': {
        const k = this.kids(n).filter((c) => c.name !== ',');
        const p = this.pos(k[1] as SyntaxNode);
        const msg = k[2] ? `$str(${this.expr(k[2] as SyntaxNode)})` : 'undefined';
        return `if (!$truth(${this.expr(k[1] as SyntaxNode)})) { $p = ${p}; throw $assertErr(${k[2] ? this.expr(k[2] as SyntaxNode) : 'undefined'}); }`.replace(
          msg,
          msg,
        );
      }
      case 'DeleteStatement':
        return this.kids(n)
          .slice(1)
          .filter((c) => c.name !== ',')
          .map((t) => this.del(t))
          .join('\n');
      case 'ImportStatement':
        return this.importStmt(n);
      case 'ScopeStatement':
        return '';
      case 'YieldStatement':
        return `${this.yieldExpr(n)};`;
      case 'MatchStatement':
        return this.unsupported(n, '`match` statements');
      case 'PrintStatement':
        throw syntaxError(
          this.filename,
          this.lines,
          this.lines.line(n.from),
          this.lines.col(n.from),
          "Missing parentheses in call to 'print'. Did you mean print(...)?",
        );
      default:
        if (n.type.isError)
          throw syntaxError(
            this.filename,
            this.lines,
            this.lines.line(n.from),
            this.lines.col(n.from),
            'invalid syntax',
          );
        if (/async/.test(this.text(n).slice(0, 6))) this.unsupported(n, '`async` functions');
        return this.unsupported(n, `\`${n.name}\``);
    }
  }

  /** `<target> = value` for one target (a name, attribute, subscript or a tuple). */
  store(t: SyntaxNode, value: string): string {
    switch (t.name) {
      case 'VariableName':
        return `${this.storeName(this.text(t), value)};`;
      case 'MemberExpression': {
        const k = this.kids(t);
        if (k[1]?.name === '.') {
          return `$sa(${this.expr(k[0] as SyntaxNode)}, ${jsStr(this.text(k[2] as SyntaxNode))}, ${value}, $p = ${this.pos(t)});`;
        }
        return `$si(${this.expr(k[0] as SyntaxNode)}, ${this.subscript(k.slice(2, -1))}, ${value}, $p = ${this.pos(t, 'sub', k[0], k[k.length - 2])});`;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression': {
        const items = this.kids(t).filter((c) => !['(', ')', '[', ']'].includes(c.name));
        if (t.name === 'ParenthesizedExpression' && !items.some((c) => c.name === ',')) {
          return this.store(items[0] as SyntaxNode, value);
        }
        return this.storeSeq(items, value, t);
      }
      default:
        throw syntaxError(
          this.filename,
          this.lines,
          this.lines.line(t.from),
          this.lines.col(t.from),
          `cannot assign to ${t.name === 'CallExpression' ? 'function call' : 'expression'}`,
        );
    }
  }

  storeSeq(items: SyntaxNode[], value: string, at: SyntaxNode): string {
    const targets: SyntaxNode[] = [];
    let star = -1;
    for (let i = 0; i < items.length; i++) {
      const c = items[i] as SyntaxNode;
      if (c.name === ',') continue;
      if (c.name === '*') {
        star = targets.length;
        continue;
      }
      targets.push(c);
    }
    const t = this.scope.tmp();
    const out = [`${t} = $unpack(${value}, ${targets.length}, ${star}, $p = ${this.pos(at)});`];
    targets.forEach((x, i) => {
      out.push(this.store(x, i === star ? `$list(${t}[${i}])` : `${t}[${i}]`));
    });
    return out.join('\n');
  }

  assign(n: SyntaxNode): string {
    const k = this.kids(n).filter((c) => c.name !== 'TypeDef');
    const groups: SyntaxNode[][] = [[]];
    for (const c of k) {
      if (c.name === 'AssignOp') groups.push([]);
      else (groups[groups.length - 1] as SyntaxNode[]).push(c);
    }
    const valueNodes = groups.pop() as SyntaxNode[];
    if (groups.length === 0) return ''; // `x: int`
    let value: string;
    if (valueNodes.length > 1 || valueNodes[0]?.name === '*') value = this.tuple(valueNodes);
    else value = this.expr(valueNodes[0] as SyntaxNode);
    if (
      this.scope.kind === 'module' &&
      groups.length === 1 &&
      groups[0]?.length === 1 &&
      groups[0][0]?.name === 'VariableName'
    ) {
      const lit = this.literal(valueNodes);
      if (lit !== undefined) {
        const name = this.text(groups[0][0]);
        if (!this.constants.has(name)) {
          this.constants.set(name, lit);
          this.constantTypes.set(name, constantType(lit, this.text(valueNodes[0] as SyntaxNode)));
        }
        value = `$param(${jsStr(name)}, ${value})`;
      }
    }
    this.stmtPos(n);
    if (groups.length === 1) {
      const g = groups[0] as SyntaxNode[];
      if (g.length === 1) {
        const target = g[0] as SyntaxNode;
        if (target.name === 'VariableName') return `$p = ${this.pos(n)};\n${this.store(target, value)}`;
        // Python evaluates the value before the target's object and index
        const t = this.scope.tmp();
        return `${t} = ${value};\n$p = ${this.pos(n)};\n${this.store(target, t)}`;
      }
      return this.storeSeq(g, value, n);
    }
    const t = this.scope.tmp();
    const out = [`${t} = ${value};`];
    for (const g of groups) out.push(g.length === 1 ? this.store(g[0] as SyntaxNode, t) : this.storeSeq(g, t, n));
    return out.join('\n');
  }

  stmtPos(_n: SyntaxNode): void {}

  /** `x: T` at module or class level records T in `__annotations__` (evaluated, as 3.11 does). */
  annotation(n: SyntaxNode): string {
    const all = this.kids(n);
    const td = all.find((c) => c.name === 'TypeDef');
    if (td === undefined || this.scope.kind === 'function') return '';
    const target = all[0] as SyntaxNode;
    const e = this.kids(td).find((x) => x.name !== ':');
    if (target.name !== 'VariableName' || e === undefined) return '';
    return `$annot(${this.scope.kind === 'class' ? '$ns' : 'G'}, ${jsStr(this.text(target))}, ${this.expr(e)});\n`;
  }

  /** A module-level `NAME = <literal>`'s value, for `--param`. */
  literal(v: SyntaxNode[]): unknown {
    if (v.length !== 1) return undefined;
    const n = v[0] as SyntaxNode;
    const t = this.text(n);
    if (n.name === 'Number') {
      const c = t.replace(/_/g, '');
      // an int past 2**53 is a bigint at run time: not a parameter
      if (/^\d+$/.test(c)) return Number.isSafeInteger(Number(c)) ? Number(c) : undefined;
      if (/^[\d.eE+-]+$/.test(c)) return Number(c);
      return undefined;
    }
    if (n.name === 'UnaryExpression' && /^-\s*[\d.]+$/.test(t)) {
      const x = Number(t.replace(/\s/g, ''));
      return t.includes('.') || Number.isSafeInteger(x) ? x : undefined;
    }
    if (n.name === 'String' && !/^[a-zA-Z]*[fFbB]/.test(t)) {
      const m = /^([rR]?)('''|"""|'|")([\s\S]*)\2$/.exec(t);
      if (m) return this.unescape(m[3] as string, m[1] !== '', false);
    }
    if (n.name === 'Boolean') return t === 'True';
    return undefined;
  }

  update(n: SyntaxNode): string {
    const k = this.kids(n);
    const target = k[0] as SyntaxNode;
    const op = this.text(k[1] as SyntaxNode).slice(0, -1);
    const valueNodes = k.slice(2);
    const value = valueNodes.length > 1 ? this.tuple(valueNodes) : this.expr(valueNodes[0] as SyntaxNode);
    const p = this.pos(n);
    const apply = (cur: string) =>
      op === '+' ? `$iadd(${cur}, ${value}, $p = ${p})` : `$inplace(${jsStr(op)}, ${cur}, ${value}, $p = ${p})`;
    if (target.name === 'VariableName') {
      const name = this.text(target);
      return `${this.storeName(name, apply(this.loadName(name, target)))};`;
    }
    if (target.name === 'MemberExpression') {
      const tk = this.kids(target);
      const o = this.scope.tmp();
      if (tk[1]?.name === '.') {
        const attr = jsStr(this.text(tk[2] as SyntaxNode));
        const tp = this.pos(target);
        return `${o} = ${this.expr(tk[0] as SyntaxNode)};\n$sa(${o}, ${attr}, ${apply(`$ga(${o}, ${attr}, $p = ${tp})`)}, $p = ${tp});`;
      }
      const i = this.scope.tmp();
      const tp = this.pos(target, 'sub', tk[0], tk[tk.length - 2]);
      return `${o} = ${this.expr(tk[0] as SyntaxNode)}; ${i} = ${this.subscript(tk.slice(2, -1))};\n$si(${o}, ${i}, ${apply(`$gi(${o}, ${i}, $p = ${tp})`)}, $p = ${tp});`;
    }
    throw syntaxError(
      this.filename,
      this.lines,
      this.lines.line(target.from),
      this.lines.col(target.from),
      "'expression' is an illegal expression for augmented assignment",
    );
  }

  del(t: SyntaxNode): string {
    switch (t.name) {
      case 'VariableName': {
        const name = this.text(t);
        const r = this.resolve(name);
        const p = this.pos(t);
        if (r.kind === 'local')
          return `if (${varName(name)} === undefined) $unb(${jsStr(name)}, ${p}, true); ${varName(name)} = undefined;`;
        if (r.kind === 'class') return `$delName($ns, ${jsStr(name)}, ${p});`;
        return `$delName(G, ${jsStr(name)}, ${p});`;
      }
      case 'MemberExpression': {
        const k = this.kids(t);
        if (k[1]?.name === '.')
          return `$da(${this.expr(k[0] as SyntaxNode)}, ${jsStr(this.text(k[2] as SyntaxNode))}, $p = ${this.pos(t)});`;
        return `$di(${this.expr(k[0] as SyntaxNode)}, ${this.subscript(k.slice(2, -1))}, $p = ${this.pos(t, 'sub', k[0], k[k.length - 2])});`;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        return this.kids(t)
          .filter((c) => !['(', ')', '[', ']', ','].includes(c.name))
          .map((c) => this.del(c))
          .join('\n');
      default:
        return this.unsupported(t, 'this `del` target');
    }
  }

  cond(n: SyntaxNode): string {
    return `$truth(${this.expr(n)})`;
  }

  ifStmt(n: SyntaxNode): string {
    const k = this.kids(n);
    let out = '';
    for (let i = 0; i < k.length; i++) {
      const c = k[i] as SyntaxNode;
      if (c.name === 'if' || c.name === 'elif') {
        const test = k[i + 1] as SyntaxNode;
        const body = k[i + 2] as SyntaxNode;
        // `if __name__ == '__main__':` is true: the program runs as __main__.
        out += `${c.name === 'if' ? '' : ' else '}if (${this.cond(test)}) {\n${this.block(this.bodyOf(body))}\n}`;
        i += 2;
      } else if (c.name === 'else') {
        out += ` else {\n${this.block(this.bodyOf(k[i + 1] as SyntaxNode))}\n}`;
        i++;
      }
    }
    return out;
  }

  whileStmt(n: SyntaxNode): string {
    const k = this.kids(n);
    const test = k[1] as SyntaxNode;
    const body = k[2] as SyntaxNode;
    const elseIdx = k.findIndex((c) => c.name === 'else');
    const id = ++this.labels;
    const loop = { brk: `B${id}`, cont: `C${id}` };
    this.loops.push(loop);
    let b: string;
    try {
      b = this.block(this.bodyOf(body));
    } finally {
      this.loops.pop();
    }
    const els = elseIdx >= 0 ? this.block(this.bodyOf(k[elseIdx + 1] as SyntaxNode)) : '';
    return `B${id}: {\nC${id}: while (${this.cond(test)}) {\n${BREAKER}\n${b}\n}\n${els}\n}`;
  }

  forLoop(
    it: string,
    target: SyntaxNode[],
    body: string,
    loop: Loop | null,
    iterNode: SyntaxNode,
    loopNode: SyntaxNode | null = null,
    isAsync = false,
  ): string {
    const s = this.scope;
    const itv = s.tmp();
    const v = s.tmp();
    const tgt =
      target.length === 1 ? this.store(target[0] as SyntaxNode, v) : this.storeSeq(target, v, target[0] as SyntaxNode);
    const label = loop === null ? '' : `${loop.cont}: `;
    const lp = loopNode === null ? -1 : this.pos(loopNode);
    const setP = lp < 0 ? '' : `$p = ${lp}; `;
    if (isAsync) {
      // `async for`: __aiter__ once, then each item is `await it.__anext__()` until StopAsyncIteration.
      const at = it.startsWith('$it0') ? it : `($p = ${this.pos(iterNode)}, ${it})`;
      return `${itv} = $aiter(${at});\n${label}for (;;) {\n${BREAKER}\n${setP}${v} = yield* $anext(${itv}); if (${v} === $STOP) break;\n${tgt}\n${body}\n}`;
    }
    return `${itv} = ${it.startsWith('$it0') ? it : `($p = ${this.pos(iterNode)}, ${it})`};\n${label}for (;;) {\n${BREAKER}\n${setP}${v} = ${itv}.$n(); if (${v} === $BLK) ${v} = yield* ${itv}.$bn(); if (${v} === $STOP) break;\n${tgt}\n${body}\n}`;
  }

  forStmt(n: SyntaxNode): string {
    const k = this.kids(n);
    const inIdx = k.findIndex((c) => c.name === 'in');
    const isAsync = k[0]?.name === 'async';
    if (isAsync && !this.scope.isAsync) this.syntaxAt(n, "'async for' outside async function");
    const target = k.slice(isAsync ? 2 : 1, inIdx);
    const bodyIdx = k.findIndex((c, i) => i > inIdx && c.name === 'Body');
    const iterNodes = k.slice(inIdx + 1, bodyIdx);
    const iterExpr = iterNodes.length > 1 ? this.tuple(iterNodes) : this.expr(iterNodes[0] as SyntaxNode);
    const elseIdx = k.findIndex((c) => c.name === 'else');
    const id = ++this.labels;
    const loop = { brk: `B${id}`, cont: `C${id}` };
    this.loops.push(loop);
    let b: string;
    try {
      b = `${this.block(this.bodyOf(k[bodyIdx] as SyntaxNode))}`;
    } finally {
      this.loops.pop();
    }
    const tgt = target.filter((c) => c.name !== ',');
    const tgtNodes = tgt.length === 1 ? tgt : target;
    const loopCode = isAsync
      ? this.forLoop(iterExpr, tgtNodes, b, loop, iterNodes[0] as SyntaxNode, n, true)
      : this.forLoop(`$iter(${iterExpr})`, tgtNodes, b, loop, iterNodes[0] as SyntaxNode, n);
    const els = elseIdx >= 0 ? this.block(this.bodyOf(k[elseIdx + 1] as SyntaxNode)) : '';
    if (!isAsync && iterNodes.length === 1 && iterNodes[0]?.name === 'CallExpression') {
      // The loop holds the only reference to a generator made in its header: CPython's
      // reference counting finalizes it as soon as a break or return leaves the loop.
      const m = /^(\$\d+) = /.exec(loopCode);
      const vm = /\n(\$\d+) = \1\.\$n\(\)/.exec(loopCode) ?? /; (\$\d+) = (\$\d+)\.\$n\(\)/.exec(loopCode);
      if (m !== null && vm !== null) {
        const itv = m[1] as string;
        const v = vm[1] as string;
        return `B${id}: {\ntry {\n${loopCode}\n} finally { if (${v} !== $STOP) $abandon(${itv}); }\n${els}\n}`;
      }
    }
    return `B${id}: {\n${loopCode}\n${els}\n}`;
  }

  funcDef(n: SyntaxNode, decorators: SyntaxNode[]): string {
    const k = this.kids(n);
    // `async def`: calling it makes a coroutine object (python/modules/coroutine.ts).
    this.asyncDef = k[0]?.name === 'async';
    const nameNode = k.find((c) => c.name === 'VariableName') as SyntaxNode;
    const name = this.text(nameNode);
    const pl = k.find((c) => c.name === 'ParamList');
    const body = k.find((c) => c.name === 'Body') as SyntaxNode;
    const decs = decorators.map((d) => this.decorator(d));
    const returns = k.find((c) => c.name === 'TypeDef') ?? null;
    let fn = this.functionCode(name, this.qual(name), pl, this.bodyOf(body), false, '', returns);
    for (let i = decs.length - 1; i >= 0; i--) {
      const f = this.scope.tmp();
      fn = `(${f} = ${decs[i]}, $p = ${this.pos(decorators[i] as SyntaxNode)}, ${this.fastCall(f, [fn])})`;
    }
    return `${this.storeName(name, fn)};`;
  }

  decorator(d: SyntaxNode): string {
    const k = this.kids(d).filter((c) => c.name !== 'At');
    // `@a.b(args)`: lezer gives the parts flat; rebuild the expression text's value.
    if (k.length === 1) return this.expr(k[0] as SyntaxNode);
    let code = this.expr(k[0] as SyntaxNode);
    for (let i = 1; i < k.length; i++) {
      const c = k[i] as SyntaxNode;
      if (c.name === '.') {
        code = `$ga(${code}, ${jsStr(this.text(k[++i] as SyntaxNode))}, $p = ${this.pos(d)})`;
      } else if (c.name === 'ArgList') {
        code = this.callWith(code, c, d);
      }
    }
    return code;
  }

  /** A call of an already compiled callee expression with an ArgList (decorators). */
  callWith(callee: string, argList: SyntaxNode, at: SyntaxNode): string {
    const ak = this.kids(argList).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',');
    const pos: string[] = [];
    const kwn: string[] = [];
    const kwv: string[] = [];
    for (let i = 0; i < ak.length; i++) {
      const c = ak[i] as SyntaxNode;
      if (ak[i + 1]?.name === 'AssignOp') {
        kwn.push(this.text(c));
        kwv.push(this.expr(ak[i + 2] as SyntaxNode));
        i += 2;
      } else pos.push(this.expr(c));
    }
    const f = this.scope.tmp();
    const kw = kwn.length > 0 ? `${JSON.stringify(kwn)}, [${kwv.join(', ')}]` : 'null, null';
    return `(${f} = ${callee}, $p = ${this.pos(at)}, (yield* $cg(${f}, [${pos.join(', ')}], ${kw})))`;
  }

  classDef(n: SyntaxNode, decorators: SyntaxNode[]): string {
    const k = this.kids(n);
    const nameNode = k.find((c) => c.name === 'VariableName') as SyntaxNode;
    const name = this.text(nameNode);
    const argList = k.find((c) => c.name === 'ArgList');
    const body = k.find((c) => c.name === 'Body') as SyntaxNode;
    const bases: string[] = [];
    const kwn: string[] = [];
    const kwv: string[] = [];
    if (argList !== undefined) {
      const ak = this.kids(argList).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',');
      for (let i = 0; i < ak.length; i++) {
        const c = ak[i] as SyntaxNode;
        if (ak[i + 1]?.name === 'AssignOp') {
          kwn.push(this.text(c));
          kwv.push(this.expr(ak[i + 2] as SyntaxNode));
          i += 2;
        } else bases.push(this.expr(c));
      }
    }
    const decs = decorators.map((d) => this.decorator(d));
    const parent = this.scope;
    const qualname = this.qual(name);
    const s = new Scope('class', parent, name, qualname);
    s.code = this.codeInfo(name);
    const stmts = this.bodyOf(body);
    this.collect(stmts, s);
    this.scope = s;
    let code: string;
    const savedLoops = this.loops;
    this.loops = [];
    try {
      code = this.block(stmts);
    } finally {
      this.scope = parent;
      this.loops = savedLoops;
    }
    const codeIdx = s.code;
    const decl = ['$p = 0', '$fr = 0', ...s.temps].join(', ');
    const doc = this.docstring(stmts);
    const docSet = doc === null ? '' : `$ns.__doc__ = ${jsStr(doc)};\n`;
    const bodyFn = `function* ($ns) {\nlet ${decl};\n${docSet}try {\n${code}\n} catch ($e) { throw $tb($e, ${codeIdx}, $p, $fr); }\n}`;
    const p = this.pos(n);
    let cls = `($p = ${p}, (yield* $mkclass(${jsStr(name)}, ${jsStr(qualname)}, [${bases.join(', ')}], ${bodyFn}, G, ${JSON.stringify(kwn)}, [${kwv.join(', ')}])))`;
    for (let i = decs.length - 1; i >= 0; i--) {
      const f = this.scope.tmp();
      cls = `(${f} = ${decs[i]}, ${this.fastCall(f, [cls])})`;
    }
    return `${this.storeName(name, cls)};`;
  }

  raise(n: SyntaxNode): string {
    const k = this.kids(n).slice(1);
    const p = this.pos(n);
    if (k.length === 0) {
      const h = this.handlers[this.handlers.length - 1];
      return `$p = ${p}; throw $reraise(${h ?? 'undefined'});`;
    }
    const fromIdx = k.findIndex((c) => c.name === 'from');
    const exc = this.expr(k[0] as SyntaxNode);
    const cause = fromIdx >= 0 ? this.expr(k[fromIdx + 1] as SyntaxNode) : 'undefined';
    const t = this.scope.tmp();
    return `${t} = (yield* $mkraise(${exc}, ${cause})); $p = ${p}; throw ${t};`;
  }

  tryStmt(n: SyntaxNode): string {
    const k = this.kids(n);
    let body = '';
    const handlers: { types: SyntaxNode | null; name: string | null; body: SyntaxNode; star: boolean }[] = [];
    let elseBody: SyntaxNode | null = null;
    let finallyBody: SyntaxNode | null = null;
    for (let i = 0; i < k.length; i++) {
      const c = k[i] as SyntaxNode;
      if (c.name === 'try') {
        body = this.block(this.bodyOf(k[++i] as SyntaxNode));
      } else if (c.name === 'except') {
        let j = i + 1;
        let star = false;
        if (k[j]?.name === '*') {
          star = true;
          j++;
        }
        let types: SyntaxNode | null = null;
        let name: string | null = null;
        if (k[j]?.name !== 'Body') types = k[j++] as SyntaxNode;
        if (k[j]?.name === 'as') {
          name = this.text(k[j + 1] as SyntaxNode);
          j += 2;
        }
        handlers.push({ types, name, body: k[j] as SyntaxNode, star });
        i = j;
      } else if (c.name === 'else') elseBody = k[++i] as SyntaxNode;
      else if (c.name === 'finally') finallyBody = k[++i] as SyntaxNode;
    }
    if (handlers.some((h) => h.star)) this.unsupported(n, '`except*` clauses');
    let code: string;
    if (handlers.length > 0) {
      const e = this.scope.tmp();
      const ok = elseBody !== null ? this.scope.tmp() : null;
      let chain = '';
      for (const h of handlers) {
        this.handlers.push(e);
        let hb: string;
        try {
          hb = this.block(this.bodyOf(h.body));
        } finally {
          this.handlers.pop();
        }
        const bind = h.name !== null ? `${this.storeName(h.name, e)};\n` : '';
        const unbind = h.name !== null ? this.unbindExcName(h.name) : '';
        const inner = `${bind}$hpush(${e});\ntry {\n${hb}\n} catch ($x) { throw $ctx($x, ${e}); } finally { $hpop(); ${unbind} }`;
        const test = h.types === null ? 'true' : `$match(${e}, ${this.expr(h.types)})`;
        chain += `${chain === '' ? '' : ' else '}if (${test}) {\n${inner}\n}`;
      }
      chain += ` else { throw ${e}; }`;
      const tryBody = ok !== null ? `${ok} = false;\n${body}\n${ok} = true;` : body;
      code = `try {\n${tryBody}\n} catch ($x) {\n${ok !== null ? `if (${ok}) throw $x;\n` : ''}${e} = $caught($x, ${this.scope.code}, $p, $fr || ($fr = ++$R.frames));\n${chain}\n}`;
      if (ok !== null) {
        code = `${ok} = false;\n${code}\nif (${ok}) {\n${this.block(this.bodyOf(elseBody as SyntaxNode))}\n}`;
      }
    } else {
      code = `{\n${body}\n}`;
    }
    if (finallyBody !== null) {
      // While a finally block runs because of an exception, that exception is the one
      // being handled: what the block raises takes it as __context__.
      const fx = this.scope.tmp();
      code = `${fx} = null;\ntry {\n${code}\n} catch ($x) { ${fx} = $toPy($x); throw ${fx}; } finally {\nif (${fx} !== null) $hpush(${fx});\ntry {\n${this.block(this.bodyOf(finallyBody))}\n} catch ($y) { throw ${fx} !== null ? $ctx($y, ${fx}) : $y; } finally { if (${fx} !== null) $hpop(); }\n}`;
    }
    return code;
  }

  unbindExcName(name: string): string {
    const r = this.resolve(name);
    if (r.kind === 'local') return `${varName(name)} = undefined;`;
    if (r.kind === 'class') return `delete ${prop('$ns', name)};`;
    return `delete ${prop('G', name)};`;
  }

  withStmt(n: SyntaxNode): string {
    const k = this.kids(n);
    // `async with`: __aenter__/__aexit__ awaited ($aenter/$aexit, python/modules/coroutine.ts).
    const isAsync = k[0]?.name === 'async';
    if (isAsync && !this.scope.isAsync) this.syntaxAt(n, "'async with' outside async function");
    if (isAsync) k.shift();
    const bodyNode = k[k.length - 1] as SyntaxNode;
    const items: { ctx: SyntaxNode; target: SyntaxNode | null }[] = [];
    const parts = k.slice(1, -1).filter((c) => c.name !== '(' && c.name !== ')');
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i] as SyntaxNode;
      if (c.name === ',') continue;
      if (parts[i + 1]?.name === 'as') {
        items.push({ ctx: c, target: parts[i + 2] as SyntaxNode });
        i += 2;
      } else items.push({ ctx: c, target: null });
    }
    let code = this.block(this.bodyOf(bodyNode));
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i] as (typeof items)[number];
      const m = this.scope.tmp();
      const ex = this.scope.tmp();
      const ok = this.scope.tmp();
      const v = this.scope.tmp();
      const p = this.pos(it.ctx);
      const bind = it.target !== null ? this.store(it.target, v) : '';
      if (isAsync) {
        code = `${m} = ${this.expr(it.ctx)}; $p = ${p}; ${v} = yield* $aenter(${m}); ${ok} = true;
try {
${bind}
${code}
} catch ($x) {
${ok} = false; $x = $caught($x, ${this.scope.code}, $p, $fr || ($fr = ++$R.frames)); $hpush($x);
try { ${ex} = yield* $aexit(${m}, $typeOf($x), $x, $tbOf($x)); } catch ($y) { throw $ctx($y, $x); } finally { $hpop(); }
if (!$truth(${ex})) throw $x;
} finally {
if (${ok}) { $p = ${p}; yield* $aexit(${m}, null, null, null); }
}`;
        continue;
      }
      code = `${m} = ${this.expr(it.ctx)}; $p = ${p}; ${ex} = $exitOf(${m}); ${v} = yield* $enter(${m}); ${ok} = true;
try {
${bind}
${code}
} catch ($x) {
${ok} = false; $x = $caught($x, ${this.scope.code}, $p, $fr || ($fr = ++$R.frames)); $hpush($x);
try { ${v} = yield* $cg(${ex}, [${m}, $typeOf($x), $x, $tbOf($x)], null, null); } catch ($y) { throw $ctx($y, $x); } finally { $hpop(); }
if (!$truth(${v})) throw $x;
} finally {
if (${ok}) { $p = ${p}; yield* $cg(${ex}, [${m}, null, null, null], null, null); }
}`;
    }
    return `{\n${code}\n}`;
  }

  importStmt(n: SyntaxNode): string {
    const k = this.kids(n);
    const p = this.pos(n);
    if (k[0]?.name === 'from') {
      const imp = k.findIndex((c) => c.name === 'import');
      const mod = k
        .slice(1, imp)
        .map((c) => this.text(c))
        .join('');
      if (mod.startsWith('.')) this.unsupported(n, 'relative imports');
      const out: string[] = [`$p = ${p};`];
      const m = this.scope.tmp();
      out.push(`${m} = $import(${jsStr(mod)});`);
      const names = k.slice(imp + 1).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',');
      for (let i = 0; i < names.length; i++) {
        const c = names[i] as SyntaxNode;
        if (c.name === '*') {
          out.push(`$importStar(${m}, G);`);
          continue;
        }
        const name = this.text(c);
        let as = name;
        if (names[i + 1]?.name === 'as') {
          as = this.text(names[i + 2] as SyntaxNode);
          i += 2;
        }
        out.push(`${this.storeName(as, `$importFrom(${m}, ${jsStr(name)}, ${jsStr(mod)})`)};`);
      }
      return out.join('\n');
    }
    const out: string[] = [`$p = ${p};`];
    const items = k.slice(1);
    for (let i = 0; i < items.length; i++) {
      const c = items[i] as SyntaxNode;
      if (c.name === ',') continue;
      let j = i;
      let mod = this.text(c);
      while (items[j + 1]?.name === '.') {
        mod += `.${this.text(items[j + 2] as SyntaxNode)}`;
        j += 2;
      }
      if (items[j + 1]?.name === 'as') {
        out.push(`${this.storeName(this.text(items[j + 2] as SyntaxNode), `$import(${jsStr(mod)})`)};`);
        j += 2;
      } else {
        const top = mod.split('.')[0] as string;
        out.push(`${this.storeName(top, `$import(${jsStr(mod)}, true)`)};`);
      }
      i = j;
    }
    return out.join('\n');
  }

  // ---- module -------------------------------------------------------------------------

  module(top: SyntaxNode): string {
    const stmts = this.kids(top);
    this.scope.code = this.codeInfo('<module>');
    this.collect(stmts, this.scope);
    const doc = this.docstring(stmts);
    const code = (doc === null ? '' : `G.__doc__ = ${jsStr(doc)};\n`) + this.block(stmts);
    const decl = ['$p = 0', '$fr = 0', ...this.scope.temps].join(', ');
    const codeIdx = this.scope.code;
    return `return function* $main() {\nlet ${decl};\ntry {\n${code}\n} catch ($e) { throw $tb($e, ${codeIdx}, $p, $fr); }\n};`;
  }
}
