/**
 * What a forked child sees of its arguments. Differs from CPython, whose `fork` copies the
 * whole address space: JavaScript cannot copy a closure's captured variables nor the
 * hidden state of model objects, so those are shared with the child (see process.ts);
 * plain data is copied deeply, so neither side sees the other's later changes.
 */

import { isGenerator } from '../drive.ts';
import { REDUCE, UNPICKLABLE } from '../pickle.ts';

/**
 * What a forked child sees of `value`: a deep copy of its data (arrays, plain objects,
 * class instances' own fields, maps, sets, byte arrays, errors), with functions,
 * generators and model objects shared, as JavaScript cannot copy them (see above).
 */
export function forkCopy<T>(value: T): T {
  return fc(value, new Map()) as T;
}

/** `forkCopy` with one memo across calls: what one fork copies of several values. */
export function forkCopier(): <T>(value: T) => T {
  const memo = new Map<object, unknown>();
  return <T>(value: T) => fc(value, memo) as T;
}

function fc(v: unknown, memo: Map<object, unknown>): unknown {
  if (v === null || typeof v !== 'object') return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (
    UNPICKLABLE in v ||
    REDUCE in v ||
    isGenerator(v) ||
    v instanceof Promise ||
    v instanceof WeakMap ||
    v instanceof WeakSet
  ) {
    return v;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    memo.set(v, out);
    for (const x of v) out.push(fc(x, memo));
    return out;
  }
  if (v instanceof Uint8Array) {
    const out = v.slice();
    memo.set(v, out);
    return out;
  }
  if (v instanceof Map) {
    const out = new Map();
    memo.set(v, out);
    for (const [a, b] of v) out.set(fc(a, memo), fc(b, memo));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    memo.set(v, out);
    for (const x of v) out.add(fc(x, memo));
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
  memo.set(v, out);
  const keys = v instanceof Error ? Object.getOwnPropertyNames(v) : Object.keys(v);
  for (const key of keys) {
    const d = Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
    if ('value' in d) Object.defineProperty(out, key, { ...d, value: fc(d.value, memo) });
  }
  return out;
}
