/**
 * Raising and catching: frames record themselves in an exception's traceback as it
 * leaves them (or enters one of their `except` clauses), JavaScript errors from the
 * models or the runtime become Python exceptions of the same name, and tracebacks print
 * in CPython 3.11's format, caret lines included.
 *
 * Differs from CPython: the implicit `__context__` is set only for exceptions raised
 * lexically inside an `except` block, not in functions it calls.
 */

import { activeKernel } from '../../engine/context.ts';
import type { Blocking } from '../../engine/index.ts';
import { callG, R } from './call.ts';
import { excStr, str } from './format.ts';
import { BoundMethod, PyExc, PyObject, PyTuple, PyType } from './objects.ts';
import {
  AssertionError,
  BaseException,
  BrokenBarrierError,
  GeneratorExit,
  isSubtype,
  makeExc,
  NameError,
  newType,
  objectType,
  PyTypeError,
  pyErr,
  QueueEmpty,
  QueueFull,
  RecursionError,
  RuntimeError,
  StopIteration,
  SystemError,
  TimeoutError,
  typeError,
  typeOf,
  UnboundLocalError,
  ValueError,
} from './types.ts';

/** What a compiled module registers so its frames can be printed. */
export interface ModuleCode {
  readonly filename: string;
  readonly lines: readonly string[];
  readonly positions: readonly (readonly number[])[];
  readonly codes: readonly string[];
}

/** A traceback entry: a compiled frame, or a fixed line of the standard library. */
export interface TbEntry {
  readonly mod: ModuleCode | null;
  readonly code: number;
  readonly p: number;
  /** Pre-rendered entry (threading.py's frames). */
  readonly text?: string;
}

let current: ModuleCode | null = null;

/** The exceptions being handled by the running thread (`sys.exc_info()`), innermost last. */
const mainStack: PyExc[] = [];
function handledStack(): PyExc[] {
  const f = activeKernel()?.current as { $pyExc?: PyExc[] } | null | undefined;
  if (f === null || f === undefined) return mainStack;
  let s = f.$pyExc;
  if (s === undefined) {
    s = [];
    f.$pyExc = s;
  }
  return s;
}
export function handlerEnter(e: PyExc): void {
  handledStack().push(e);
}
export function handlerExit(): void {
  handledStack().pop();
}
export function currentHandled(): PyExc | null {
  const s = handledStack();
  return s.length === 0 ? null : (s[s.length - 1] as PyExc);
}
/** A fresh exception takes the one being handled as its implicit `__context__`. */
function implicitContext(x: PyExc): void {
  if (x.tb.length !== 0 || x.context !== null) return;
  const h = currentHandled();
  if (h !== null && h !== x) ctx(x, h);
}
export function setCurrentModule(m: ModuleCode | null): void {
  current = m;
}

/** Turns anything thrown into a Python exception object. */
export function toPy(e: unknown): PyExc {
  if (e instanceof PyExc) return e;
  const cached = (e as { $py?: PyExc } | null)?.$py;
  if (cached !== undefined) return cached;
  let out: PyExc;
  if (e instanceof Error) {
    const name = e.name;
    const msg = e.message;
    const t = JS_ERRORS[name];
    if (e instanceof RangeError && /call stack/.test(msg)) {
      out = pyErr(RecursionError, 'maximum recursion depth exceeded');
    } else if (t !== undefined) {
      out = msg === '' ? makeExc(t, []) : pyErr(t, msg);
    } else if (name === 'StopIteration') {
      out = makeExc(StopIteration, []);
    } else {
      out = pyErr(SystemError, `${name}: ${msg}`);
    }
    (out as { js?: unknown }).js = e;
  } else {
    out = pyErr(SystemError, String(e));
  }
  try {
    (e as { $py?: PyExc }).$py = out;
  } catch {
    // primitives cannot cache
  }
  return out;
}

const JS_ERRORS: Record<string, PyType> = {
  RuntimeError,
  ValueError,
  TimeoutError,
  BrokenBarrierError,
  AssertionError,
  TypeError: PyTypeError,
  GeneratorExit,
  Empty: QueueEmpty,
  Full: QueueFull,
  UsageError: RuntimeError,
  NoKernelError: RuntimeError,
};

/** The frame's catch: records the frame (once) and rethrows. */
export function tb(e: unknown, code: number, p: number, fr: number): PyExc {
  const x = toPy(e);
  implicitContext(x);
  if (fr === 0 || x.fr !== fr) {
    const at = (x as { $p?: number }).$p;
    if (at !== undefined) {
      (x as { $p?: number | undefined }).$p = undefined;
      p = at;
    }
    x.tb.push({ mod: current, code, p } satisfies TbEntry);
  }
  x.fr = 0;
  return x;
}

const tracebackType = newType('traceback', [objectType]);
/**
 * `exc.__traceback__` (and the `tb` an `__exit__` receives): a chain of traceback objects
 * from the outermost recorded frame in (`tb_next`), each with its `tb_lineno`; None for an
 * exception never raised. No `tb_frame`.
 */
export function tracebackOf(x: PyExc): unknown {
  const entries = x.tb as TbEntry[];
  if (entries.length === 0) return null;
  const cached = (x as { $tbo?: [number, PyObject] }).$tbo;
  if (cached !== undefined && cached[0] === entries.length) return cached[1];
  let next: PyObject | null = null;
  for (const e of entries) {
    const o = new PyObject(tracebackType);
    o.d.tb_lineno = (e.mod?.positions[e.p] as readonly number[] | undefined)?.[0] ?? null;
    o.d.tb_next = next;
    next = o;
  }
  (x as { $tbo?: [number, PyObject] }).$tbo = [entries.length, next as PyObject];
  return next;
}

/** An `except` clause catching: records the frame and marks it recorded. */
export function caught(e: unknown, code: number, p: number, fr: number): PyExc {
  const x = toPy(e);
  implicitContext(x);
  if (x.fr !== fr) {
    const at = (x as { $p?: number }).$p;
    if (at !== undefined) {
      (x as { $p?: number | undefined }).$p = undefined;
      p = at;
    }
    x.tb.push({ mod: current, code, p } satisfies TbEntry);
  }
  x.fr = fr;
  return x;
}

/** An exception escaping an except block gets the handled one as `__context__`. */
export function ctx(e: unknown, handled: PyExc): PyExc {
  const x = toPy(e);
  if (x !== handled && x.context === null) {
    // avoid cycles
    let c: PyExc | null = handled;
    while (c !== null && c !== x) c = c.context;
    if (c === null) x.context = handled;
  }
  return x;
}

export function match(e: PyExc, types: unknown): boolean {
  if (types instanceof PyType && types.isException) return isSubtype(e.cls, types);
  if (types instanceof PyTuple && types.a.every((t) => t instanceof PyType && t.isException)) {
    return types.a.some((t) => isSubtype(e.cls, t as PyType));
  }
  // raised while the caught exception is being handled: it becomes the context
  const err = typeError('catching classes that do not inherit from BaseException is not allowed');
  err.context = e;
  throw err;
}

export function reraise(e: PyExc | undefined): PyExc {
  if (e === undefined) return pyErr(RuntimeError, 'No active exception to reraise');
  return e;
}

/** The exception object for `raise X [from Y]` (a class is instantiated). */
export function* mkraise(x: unknown, cause: unknown): Blocking<PyExc> {
  let e: unknown = x;
  if (x instanceof PyType) {
    if (!x.isException) throw typeError('exceptions must derive from BaseException');
    e = yield* callG(x, [], null, null);
  }
  if (!(e instanceof PyExc)) throw typeError('exceptions must derive from BaseException');
  if (cause !== undefined) {
    let c: unknown = cause;
    if (cause instanceof PyType) c = yield* callG(cause, [], null, null);
    if (c !== null && !(c instanceof PyExc)) throw typeError('exception causes must derive from BaseException');
    e.cause = c as PyExc | null;
    e.suppress = true;
  }
  e.fr = 0;
  implicitContext(e);
  return e;
}

export function nameError(
  name: string,
  p: number,
  locals: readonly string[] = [],
  globals: object | null = null,
): PyExc {
  const e = pyErr(NameError, `name '${name}' is not defined`);
  (e as { $p?: number }).$p = p;
  (e as { $suggest?: () => string | null }).$suggest = () => {
    let best = suggestion(name, locals);
    if (best === null && globals !== null) best = suggestion(name, Object.keys(globals));
    if (best === null && globals !== null)
      best = suggestion(
        name,
        Object.keys(Object.getPrototypeOf(globals) ?? {}).filter((k) => !k.startsWith('$')),
      );
    return best;
  };
  return e;
}

const MOVE_COST = 2;
const CASE_COST = 1;
function substitutionCost(a: string, b: string): number {
  const x = a.charCodeAt(0);
  const y = b.charCodeAt(0);
  if ((x & 31) !== (y & 31)) return MOVE_COST;
  if (a === b) return 0;
  return a.toLowerCase() === b.toLowerCase() ? CASE_COST : MOVE_COST;
}
/** CPython's suggestions.c: Levenshtein distance with case-insensitive substitutions cheaper. */
function levenshtein(a0: string, b0: string, maxCost: number): number {
  let a = a0;
  let b = b0;
  if (a === b) return 0;
  while (a.length > 0 && b.length > 0 && a[0] === b[0]) {
    a = a.slice(1);
    b = b.slice(1);
  }
  while (a.length > 0 && b.length > 0 && a[a.length - 1] === b[b.length - 1]) {
    a = a.slice(0, -1);
    b = b.slice(0, -1);
  }
  if (a.length === 0 || b.length === 0) return (a.length + b.length) * MOVE_COST;
  if (a.length > 40 || b.length > 40) return maxCost + 1;
  if (b.length < a.length) [a, b] = [b, a];
  if ((b.length - a.length) * MOVE_COST > maxCost) return maxCost + 1;
  const buffer: number[] = [];
  let tmp = MOVE_COST;
  for (let i = 0; i < a.length; i++) {
    buffer[i] = tmp;
    tmp += MOVE_COST;
  }
  let result = 0;
  for (let bi = 0; bi < b.length; bi++) {
    const code = b[bi] as string;
    let distance = bi * MOVE_COST;
    result = distance;
    let minimum = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < a.length; i++) {
      const substitute = distance + substitutionCost(code, a[i] as string);
      distance = buffer[i] as number;
      const insertDelete = Math.min(result, distance) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      buffer[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}
export function suggestion(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.MAX_SAFE_INTEGER;
  if (candidates.length > 750) return null;
  for (const item of candidates) {
    if (item === name) continue;
    let maxDistance = Math.floor(((name.length + item.length + 3) * MOVE_COST) / 6);
    maxDistance = Math.min(maxDistance, bestDistance - 1);
    const d = levenshtein(name, item, maxDistance);
    if (d > maxDistance) continue;
    if (best === null || d < bestDistance) {
      best = item;
      bestDistance = d;
    }
  }
  return best;
}

export function unboundError(name: string, p: number, local: boolean): PyExc {
  const e = local
    ? pyErr(UnboundLocalError, `cannot access local variable '${name}' where it is not associated with a value`)
    : pyErr(
        NameError,
        `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`,
      );
  (e as { $p?: number }).$p = p;
  return e;
}

export function assertErr(msg: unknown): PyExc {
  return msg === undefined ? makeExc(AssertionError, []) : makeExc(AssertionError, [msg]);
}

// ---- printing ---------------------------------------------------------------------------

function frameLines(entry: TbEntry): string {
  if (entry.text !== undefined) return entry.text;
  const mod = entry.mod as ModuleCode;
  const pos = mod.positions[entry.p] as readonly number[];
  const [line, col, endLine, endCol, left, right] = pos as [number, number, number, number, number, number];
  const name = mod.codes[entry.code] as string;
  let out = `  File "${mod.filename}", line ${line}, in ${name}\n`;
  const src = (mod.lines[line - 1] ?? '').replace(/\r$/, '');
  const stripped = src.trim();
  if (stripped === '') return out;
  out += `    ${stripped}\n`;
  const indent = src.length - src.trimStart().length;
  let end = endLine === line ? endCol : src.trimEnd().length;
  if (end > src.trimEnd().length) end = src.trimEnd().length;
  const start = col;
  const hasAnchors = left >= 0 && endLine === line;
  if (end - start >= stripped.length && !hasAnchors) return out;
  let carets = ' '.repeat(Math.max(0, displayWidth(src, indent, start)));
  for (let i = 0; i < end - start; i++) {
    const mark = hasAnchors ? (i < left ? '~' : i < right ? '^' : '~') : '^';
    carets += mark.repeat(displayWidth(src, start + i, start + i + 1));
  }
  return `${out}    ${carets}\n`;
}

/**
 * Terminal columns of `s[from, to)`, as CPython 3.11 places its carets: a wide or
 * fullwidth character (East Asian Width W or F) takes two, others one (the low half of a
 * surrogate pair none).
 */
function displayWidth(s: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x1100) w++;
    else if (c >= 0xdc00 && c <= 0xdfff) continue;
    else w += isWide(s.codePointAt(i) as number) ? 2 : 1;
  }
  return w;
}

/** East Asian Width W or F, by the Unicode ranges that hold such characters. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function formatTraceback(entries: readonly TbEntry[]): string {
  if (entries.length === 0) return '';
  let out = 'Traceback (most recent call last):\n';
  let last = '';
  let count = 0;
  const flush = () => {
    if (count > 3) {
      const n = count - 3;
      out += `  [Previous line repeated ${n} more time${n === 1 ? '' : 's'}]\n`;
    }
  };
  for (let i = entries.length - 1; i >= 0; i--) {
    const text = frameLines(entries[i] as TbEntry);
    if (text === last) {
      count++;
      if (count > 3) continue;
    } else {
      flush();
      last = text;
      count = 1;
    }
    out += text;
  }
  flush();
  return out;
}

function excLine(e: PyExc): string {
  const t = e.cls;
  const name = t.module === 'builtins' || t.module === '__main__' ? t.qualname : `${t.module}.${t.qualname}`;
  let msg: string;
  try {
    msg = excStr(e);
  } catch {
    msg = '<exception str() failed>';
  }
  const sug = (e as { $suggest?: () => string | null }).$suggest;
  if (sug !== undefined) {
    const best = sug();
    if (best !== null) msg += `. Did you mean: '${best}'?`;
  }
  return msg === '' ? `${name}\n` : `${name}: ${msg}\n`;
}

/** The whole report CPython prints for an uncaught exception, chained ones first. */
export function formatException(e: PyExc, seen = new Set<PyExc>()): string {
  seen.add(e);
  let out = '';
  if (e.cause !== null && !seen.has(e.cause)) {
    out += `${formatException(e.cause, seen)}\nThe above exception was the direct cause of the following exception:\n\n`;
  } else if (e.context !== null && !e.suppress && !seen.has(e.context)) {
    out += `${formatException(e.context, seen)}\nDuring handling of the above exception, another exception occurred:\n\n`;
  }
  const notes = e.d.__notes__;
  const noteText = Array.isArray(notes) ? notes.map((n) => `${str(n)}\n`).join('') : '';
  return out + formatTraceback(e.tb as TbEntry[]) + excLine(e) + noteText;
}

export function isBaseOnly(e: PyExc): boolean {
  return !isSubtype(e.cls, BaseException.mro[0] as PyType) || false;
}

export { BoundMethod, PyObject, str, typeOf };

const warned = new Set<string>();
/** Resets the once-per-location registry of warnings (a new run). */
export function resetWarnings(): void {
  warned.clear();
}

/**
 * `warnings.warn(msg, category)` as CPython's default filters show it: once per source
 * location, as `FILE:LINE: Category: msg` and the source line, on stderr. The location is
 * the last call made through the generic call path (where deprecated builtins are called).
 */
export function warn(category: string, msg: string, write: (s: string) => void): void {
  const mod = current;
  if (mod === null) return;
  const pos = mod.positions[R.p] as readonly number[] | undefined;
  if (pos === undefined) return;
  const line = pos[0] as number;
  const key = `${line}:${category}:${msg}`;
  if (warned.has(key)) return;
  warned.add(key);
  const src = (mod.lines[line - 1] ?? '').trim();
  write(`${mod.filename}:${line}: ${category}: ${msg}\n  ${src}\n`);
}
