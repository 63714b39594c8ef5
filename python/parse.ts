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

export function syntaxError(
  filename: string,
  lines: Lines,
  line: number,
  col: number,
  msg: string,
  kind = 'SyntaxError',
): PythonSyntaxError {
  const text = lines.text(line).replace(/\r$/, '');
  const stripped = text.trimStart();
  const indent = text.length - stripped.length;
  const caretCol = Math.max(0, col - indent);
  const body = stripped.trimEnd();
  const message = `  File "${filename}", line ${line}\n    ${body}\n    ${' '.repeat(Math.min(caretCol, body.length))}^\n${kind}: ${msg}`;
  return new PythonSyntaxError(message, line, col, msg, kind);
}

function firstError(tree: Tree): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter(n) {
      if (found !== null) return false;
      if (n.type.isError) {
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

export function parse(src: string, filename: string, lines: Lines): Tree {
  const tree = parser.parse(src);
  const err = firstError(tree);
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
    if (/^\s*$/.test(text.slice(lines.col(at)))) at = lines.starts[line - 1] as number;
    const l = lines.line(at);
    throw syntaxError(filename, lines, l, lines.col(at), 'invalid syntax');
  }
  return tree;
}
