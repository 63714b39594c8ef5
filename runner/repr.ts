/**
 * A scenario's result as data any JSON printer can take: what `main` returns is the user's
 * value, and a cyclic object, a BigInt, a function or a string of millions of characters
 * must not crash `run --json` or the text report. Values JSON cannot hold become their
 * Python-style repr as a string (`12345678901234567890`, `<function f>`, `[...]` for a
 * cycle, as Python prints a list that contains itself); long strings and collections are
 * cut, saying how much was left out.
 */

/** Characters of a string kept before it is cut. */
const MAX_STRING = 10_000;
/** Items of an array or entries of an object kept before the rest are summarised. */
const MAX_ITEMS = 1_000;
/** Nesting kept before a value is summarised as `...`. */
const MAX_DEPTH = 32;

/** `value` as plain JSON data (null, booleans, finite numbers, strings, arrays, objects). */
export function jsonSafe(value: unknown): unknown {
  return safe(value, new Set(), 0);
}

function safe(v: unknown, path: Set<object>, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      return v.length <= MAX_STRING ? v : `${v.slice(0, MAX_STRING)}… (${v.length - MAX_STRING} more characters)`;
    case 'number':
      return Number.isFinite(v) ? v : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    case 'boolean':
      return v;
    case 'bigint':
      return v.toString();
    case 'undefined':
      return null;
    case 'symbol':
      return v.description === undefined ? 'Symbol()' : `Symbol(${v.description})`;
    case 'function':
      return `<function ${v.name || '<anonymous>'}>`;
    default:
      break;
  }
  if (v === null) return null;
  const o = v as object;
  if (path.has(o)) return Array.isArray(o) ? '[...]' : '{...}';
  if (depth >= MAX_DEPTH) return '...';
  path.add(o);
  try {
    if (Array.isArray(o) || o instanceof Set) return items([...o], path, depth);
    if (o instanceof Map)
      return entries(
        [...o].map(([k, x]) => [keyOf(k), x]),
        path,
        depth,
      );
    if (o instanceof Error) return `${o.name}(${JSON.stringify(o.message)})`;
    if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (ArrayBuffer.isView(o)) return items(Array.from(o as unknown as ArrayLike<unknown>), path, depth);
    return entries(Object.entries(o), path, depth);
  } catch (e) {
    // A getter or a proxy that throws: say so rather than fail the whole report.
    return `<unrepresentable: ${e instanceof Error ? e.message : String(e)}>`;
  } finally {
    path.delete(o);
  }
}

function items(xs: readonly unknown[], path: Set<object>, depth: number): unknown[] {
  const out = xs.slice(0, MAX_ITEMS).map((x) => safe(x, path, depth + 1));
  if (xs.length > MAX_ITEMS) out.push(`... (${xs.length - MAX_ITEMS} more)`);
  return out;
}

function entries(kv: readonly (readonly [string, unknown])[], path: Set<object>, depth: number): object {
  const out: Record<string, unknown> = {};
  for (const [k, x] of kv.slice(0, MAX_ITEMS)) out[k] = safe(x, path, depth + 1);
  if (kv.length > MAX_ITEMS) out['...'] = `${kv.length - MAX_ITEMS} more`;
  return out;
}

function keyOf(k: unknown): string {
  return typeof k === 'string' ? k : JSON.stringify(safe(k, new Set(), MAX_DEPTH - 1));
}

/** One JSON document for any value: `jsonSafe` first, so it cannot throw. */
export function toJson(value: unknown): string {
  return JSON.stringify(jsonSafe(value));
}
