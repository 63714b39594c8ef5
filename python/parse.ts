/**
 * The parser adapter: `@lezer/python` builds the syntax tree; this module finds its
 * error nodes and reports the first as CPython does (`File "...", line N`, the line, a
 * caret, `SyntaxError: ...`). Lezer recovers from errors rather than naming them, so the
 * messages are CPython's for the common cases ('(' was never closed, expected ':') and
 * `invalid syntax` otherwise.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';

export class PythonSyntaxError extends Error {
  override name = 'PythonSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
    readonly msg: string,
    readonly kind = 'SyntaxError',
  ) {
    super(message);
  }
}

/** Line starts of a source, to turn offsets into (line, column). */
export class Lines {
  readonly starts: number[] = [0];
  readonly lines: string[];
  constructor(readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.starts.push(i + 1);
    this.lines = src.split('\n');
  }
  /** 1-based line of an offset. */
  line(off: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  col(off: number): number {
    return off - (this.starts[this.line(off) - 1] as number);
  }
  text(line: number): string {
    return this.lines[line - 1] ?? '';
  }
}

/**
 * CPython's report: the line without its indentation, then carets from `col` to `endCol`
 * (one caret when no end is known; none for a TabError).
 */
export function syntaxError(
  filename: string,
  lines: Lines,
  line: number,
  col: number,
  msg: string,
  kind = 'SyntaxError',
  endCol = -1,
): PythonSyntaxError {
  const text = lines.text(line).replace(/\r$/, '');
  const stripped = text.replace(/^[ \t\f]+/, '');
  const indent = text.length - stripped.length;
  const caretCol = Math.max(0, col - indent);
  const body = stripped.trimEnd();
  const width = endCol > col ? endCol - col : 1;
  const caret = kind === 'TabError' ? '' : `    ${' '.repeat(caretCol)}${'^'.repeat(width)}\n`;
  const message = `  File "${filename}", line ${line}\n    ${body}\n${caret}${kind}: ${msg}`;
  return new PythonSyntaxError(message, line, col, msg, kind);
}

const BLOCK_NAMES: Record<string, string> = {
  def: 'function definition',
  class: 'class definition',
  if: "'if' statement",
  elif: "'elif' statement",
  else: "'else' statement",
  for: "'for' statement",
  while: "'while' statement",
  try: "'try' statement",
  except: "'except' statement",
  finally: "'finally' statement",
  with: "'with' statement",
};

/**
 * The tokenizer's errors, in source order: unterminated strings, invalid characters, and
 * indentation (tabs mixed inconsistently with spaces, a dedent to no outer level, a block
 * opener with no indented block). Returns the first, or null.
 */
function tokenizerError(src: string, filename: string, lines: Lines): PythonSyntaxError | null {
  const stack: [number, number][] = [[0, 0]];
  let depth = 0;
  let i = 0;
  let atLineStart = true;
  let pendingBlock: { kw: string; line: number } | null = null;
  let lineStart = 0;
  while (i < src.length) {
    if (atLineStart) {
      atLineStart = false;
      lineStart = i;
      let j = i;
      let c8 = 0;
      let c1 = 0;
      while (src[j] === ' ' || src[j] === '\t' || src[j] === '\f') {
        if (src[j] === '\t') c8 = (Math.floor(c8 / 8) + 1) * 8;
        else c8++;
        c1++;
        j++;
      }
      const blank = j >= src.length || src[j] === '\n' || src[j] === '#' || src[j] === '\r';
      if (!blank && depth === 0) {
        const line = lines.line(j);
        const top = stack[stack.length - 1] as [number, number];
        if (pendingBlock !== null) {
          if (c8 <= top[0]) {
            const what = BLOCK_NAMES[pendingBlock.kw] ?? 'statement';
            return syntaxError(
              filename,
              lines,
              line,
              j - lineStart,
              `expected an indented block after ${what} on line ${pendingBlock.line}`,
              'IndentationError',
            );
          }
          pendingBlock = null;
        }
        if (c8 > top[0]) {
          if (c1 <= top[1]) {
            return syntaxError(
              filename,
              lines,
              line,
              0,
              'inconsistent use of tabs and spaces in indentation',
              'TabError',
            );
          }
          stack.push([c8, c1]);
        } else {
          while (stack.length > 1 && c8 < (stack[stack.length - 1] as [number, number])[0]) stack.pop();
          const t = stack[stack.length - 1] as [number, number];
          if (c8 !== t[0]) {
            const text = lines.text(line);
            return syntaxError(
              filename,
              lines,
              line,
              text.trimEnd().length,
              'unindent does not match any outer indentation level',
              'IndentationError',
            );
          }
          if (c1 !== t[1]) {
            return syntaxError(
              filename,
              lines,
              line,
              0,
              'inconsistent use of tabs and spaces in indentation',
              'TabError',
            );
          }
        }
      }
      i = j;
      continue;
    }
    const c = src[i] as string;
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      if (depth === 0) {
        const lineText = src.slice(lineStart, i);
        const m = /^\s*(def|class|if|elif|else|for|while|try|except|finally|with)\b.*:\s*(#.*)?$/.exec(lineText);
        if (m !== null && pendingBlock === null) pendingBlock = { kw: m[1] as string, line: lines.line(lineStart) };
        atLineStart = true;
      }
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      const start = i;
      i += q.length;
      let closed = false;
      while (i < src.length) {
        if (src[i] === '\\') {
          i += 2;
          continue;
        }
        if (src.startsWith(q, i)) {
          closed = true;
          i += q.length;
          break;
        }
        if (!triple && src[i] === '\n') break;
        i++;
      }
      if (!closed) {
        const line = lines.line(start);
        const at = triple ? lines.line(Math.max(0, src.length - 1)) : line;
        return syntaxError(
          filename,
          lines,
          line,
          lines.col(start),
          `unterminated ${triple ? 'triple-quoted ' : ''}string literal (detected at line ${at})`,
        );
      }
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
      const prev = src[i - 1];
      if (prev === undefined || !(isIdent(prev) || (c !== '.' && prev === '.' && isDigit(src[i - 2])))) {
        const r = scanNumber(src, i);
        if (typeof r !== 'number') return syntaxError(filename, lines, lines.line(r.at), lines.col(r.at), r.msg);
        i = r;
        continue;
      }
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c.charCodeAt(0) > 0x7f && !/[\p{L}\p{N}_]/u.test(c)) {
      const cp = c.codePointAt(0) as number;
      return syntaxError(
        filename,
        lines,
        lines.line(i),
        lines.col(i),
        `invalid character '${c}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`,
      );
    }
    i++;
  }
  if (pendingBlock !== null) {
    const what = BLOCK_NAMES[pendingBlock.kw] ?? 'statement';
    const line = lines.starts.length;
    return syntaxError(
      filename,
      lines,
      line,
      0,
      `expected an indented block after ${what} on line ${pendingBlock.line}`,
      'IndentationError',
    );
  }
  return null;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isIdent = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
/** Keywords that may follow a number with no space (`1if x else 2`: CPython only warns). */
const AFTER_NUMBER = /^(and|else|for|if|in|is|not|or)\b/;

/**
 * A numeric literal at `i` as CPython's tokenizer reads it: its end, or the error it reports
 * (`invalid decimal literal`, `invalid hexadecimal literal`, leading zeros) with the offset of
 * its caret, the last character read before the one that broke the literal.
 */
function scanNumber(src: string, i: number): number | { at: number; msg: string } {
  const start = i;
  const digits = (ok: (c: string | undefined) => boolean): number | { at: number } => {
    while (ok(src[i])) {
      i++;
      if (src[i] === '_') {
        i++;
        if (!ok(src[i])) return { at: i - 1 };
      }
    }
    return i;
  };
  const tail = (kind: string): number | { at: number; msg: string } => {
    const c = src[i];
    if (isIdent(c) && !AFTER_NUMBER.test(src.slice(i))) return { at: i - 1, msg: `invalid ${kind} literal` };
    return i;
  };
  if (src[i] === '0' && /[xXoObB]/.test(src[i + 1] ?? '')) {
    const b = (src[i + 1] as string).toLowerCase();
    const kind = b === 'x' ? 'hexadecimal' : b === 'o' ? 'octal' : 'binary';
    const ok =
      b === 'x'
        ? (c?: string) => c !== undefined && /[0-9a-fA-F]/.test(c)
        : b === 'o'
          ? (c?: string) => c !== undefined && c >= '0' && c <= '7'
          : (c?: string) => c === '0' || c === '1';
    i += 2;
    if (src[i] === '_') i++;
    if (b !== 'x' && isDigit(src[i]) && !ok(src[i]))
      return { at: i, msg: `invalid digit '${src[i]}' in ${kind} literal` };
    if (!ok(src[i])) return { at: i - 1, msg: `invalid ${kind} literal` };
    const r = digits(ok);
    if (typeof r !== 'number') return { at: r.at, msg: `invalid ${kind} literal` };
    if (b !== 'x' && isDigit(src[i])) return { at: i, msg: `invalid digit '${src[i]}' in ${kind} literal` };
    return tail(kind);
  }
  if (src[i] !== '.') {
    const r = digits(isDigit);
    if (typeof r !== 'number') return { at: r.at, msg: 'invalid decimal literal' };
  }
  const intPart = src.slice(start, i);
  let isFloat = false;
  if (src[i] === '.') {
    isFloat = true;
    i++;
    if (isDigit(src[i])) {
      const r = digits(isDigit);
      if (typeof r !== 'number') return { at: r.at, msg: 'invalid decimal literal' };
    }
  }
  if (src[i] === 'e' || src[i] === 'E') {
    const e = i;
    i++;
    if (src[i] === '+' || src[i] === '-') i++;
    if (!isDigit(src[i])) {
      if (isIdent(src[e + 1]) && AFTER_NUMBER.test(src.slice(e))) return e;
      return { at: e - 1, msg: 'invalid decimal literal' };
    }
    const r = digits(isDigit);
    if (typeof r !== 'number') return { at: r.at, msg: 'invalid decimal literal' };
    isFloat = true;
  }
  if (src[i] === 'j' || src[i] === 'J') {
    i++;
    isFloat = true;
  }
  if (!isFloat && /^0[0_]*[1-9]/.test(intPart)) {
    return {
      at: start,
      msg: 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    };
  }
  return tail('decimal');
}

function firstError(tree: Tree): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter(n) {
      if (found !== null) return false;
      if (n.type.isError) {
        // lezer marks a bare `yield` (no value) with an empty error node: Python allows it
        const parent = n.node.parent;
        if (
          n.from === n.to &&
          parent !== null &&
          (parent.name === 'YieldExpression' || parent.name === 'YieldStatement')
        ) {
          return false;
        }
        found = n.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

/** Brackets left open at the end: CPython's "'(' was never closed". */
function unclosed(src: string): number {
  const stack: number[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      i += q.length;
      while (i < src.length && !src.startsWith(q, i)) {
        if (src[i] === '\\') i++;
        else if (!triple && src[i] === '\n') break;
        i++;
      }
      i += q.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    i++;
  }
  return stack.length > 0 ? (stack[0] as number) : -1;
}

/**
 * Token-level fixes for lezer, on a copy of the source with the same offsets (the compiler
 * reads every token's text from the real source):
 * - Lezer lexes `:=` in an f-string field (`{x:=^8}`, a format spec aligned with `=`) as the
 *   walrus operator: that `=` becomes `<`.
 * - Lezer's Number needs a digit after the point, so a float literal ending in one (`5.`,
 *   `1_0.e3`) would lex as `5` and a stray `.`: the point becomes a `0` (`50`, `10e3`), one
 *   Number token over the same span. Inside a string or comment the change is harmless.
 */
const TRAILING_POINT = /(?<![\p{L}\p{N}_.])(\d[\d_]*)\.(?=[eE][+-]?\d|[jJ]|[^\d_\p{L}]|$)/gu;

function forLezer(src: string): string {
  let out = src;
  if (out.includes(':=')) {
    out = out.replace(/\b[fF][rR]?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/g, (lit) =>
      lit.replace(/(\{[^{}()'"]*?):=/g, '$1:<'),
    );
  }
  if (/\d\./.test(out)) out = out.replace(TRAILING_POINT, '$10');
  return out;
}

const OPERATOR = /^(?:\*\*=|\/\/=|>>=|<<=|\.\.\.|->|:=|\*\*|\/\/|==|!=|<=|>=|<<|>>|[-+*/%@&|^]=)/;

/** The length of the token at `at`: CPython's generic "invalid syntax" underlines all of it. */
function tokenLength(src: string, at: number): number {
  const rest = src.slice(at, at + 200);
  const m = /^(?:[\p{L}_][\p{L}\p{N}_]*|\d[\w.]*)/u.exec(rest) ?? OPERATOR.exec(rest);
  return m === null ? 1 : m[0].length;
}

export function parse(src: string, filename: string, lines: Lines): Tree {
  const tok = tokenizerError(src, filename, lines);
  const tree = parser.parse(forLezer(src));
  const err = firstError(tree);
  // CPython's parser pulls tokens lazily. A tokenizer error that raises at once (an unterminated
  // string, an invalid character) wins wherever it is: after a parser error CPython tokenizes the
  // rest of the source to look for one (_PyPegen_tokenize_full_source_to_check_for_errors). An
  // indentation error (TabError, a bad dedent) is only a tokenizer state the parser reports when
  // it reaches that token, so a parser error on an earlier line wins over it.
  if (tok !== null && (err === null || lines.starts[tok.line - 1]! <= err.from || tok.kind === 'SyntaxError'))
    throw tok;
  if (err !== null) {
    const open = unclosed(src);
    if (open >= 0) {
      throw syntaxError(filename, lines, lines.line(open), lines.col(open), `'${src[open]}' was never closed`);
    }
    let at = err.from;
    // An error node that is empty sits after the token that broke the statement.
    const line = lines.line(at);
    const text = lines.text(line);
    const parent = err.parent;
    if (
      parent !== null &&
      /Statement|Definition/.test(parent.name) &&
      /^\s*(if|elif|while|for|def|class|with|try|except|else|finally)\b/.test(text) &&
      !/:\s*(#.*)?$/.test(text)
    ) {
      throw syntaxError(filename, lines, line, text.trimEnd().length, "expected ':'");
    }
    const cond = /^(\s*(?:if|elif|while)\s+)([^=:]*[^=!<>:]=[^=][^:]*?)\s*:\s*$/.exec(text);
    if (cond !== null) {
      const from = (cond[1] as string).length;
      throw syntaxError(
        filename,
        lines,
        line,
        from,
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        'SyntaxError',
        from + (cond[2] as string).trimEnd().length,
      );
    }
    const ann = /^(\s*)([A-Za-z_][\w.]*(?:\([^)]*\))+|\d[\w.]*|'[^']*'|"[^"]*")\s*:(?!=)/.exec(text);
    if (
      ann !== null &&
      !/^\s*(if|elif|else|while|for|def|class|with|try|except|finally|lambda|match|case)\b/.test(text)
    ) {
      const from = (ann[1] as string).length;
      throw syntaxError(
        filename,
        lines,
        line,
        from,
        'illegal target for annotation',
        'SyntaxError',
        from + (ann[2] as string).length,
      );
    }
    if (/^\s*(execpt|exept|excpet|expect|finaly|finnally)\b/.test(text)) {
      const m = /^(\s*)(\w+)/.exec(text) as RegExpExecArray;
      throw syntaxError(
        filename,
        lines,
        line,
        (m[1] as string).length,
        "expected 'except' or 'finally' block",
        'SyntaxError',
        (m[1] as string).length + (m[2] as string).length,
      );
    }
    if (/^\s*$/.test(text.slice(lines.col(at)))) at = lines.starts[line - 1] as number;
    const l = lines.line(at);
    const col = lines.col(at);
    throw syntaxError(filename, lines, l, col, 'invalid syntax', 'SyntaxError', col + tokenLength(src, at));
  }
  return tree;
}
