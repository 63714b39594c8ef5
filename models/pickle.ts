/**
 * What crosses between simulated processes, as `pickle` would carry it: a deep copy (so
 * the two sides never share memory), a size in bytes estimated from pickle protocol 4's
 * encoding, and CPU time for pickling and unpickling at the cost model's rate.
 *
 * What cannot cross fails as in Python: generators, locks and the other synchronization
 * objects (`cannot pickle '_thread.lock' object`), and local functions.
 *
 * Differs from Python: JavaScript cannot tell a module-level function from a closure, so a
 * named function crosses by reference (as Python's module-level functions do) and only an
 * anonymous one (`(x) => x * x` written inline) fails as a local object. Class instances
 * cross with their prototype (by reference, like Python's classes) and a copy of their
 * own properties; model objects mark themselves unpicklable with `UNPICKLABLE`, or say how
 * they cross with `REDUCE`.
 */
import type { Blocking } from '../engine/index.ts';
import { computeTicks, kernel, type Op, op } from '../engine/index.ts';
import { Queue } from './queue.ts';
import { Barrier } from './threading/barrier.ts';
import { Condition } from './threading/condition.ts';
import { Event } from './threading/event.ts';
import { Lock } from './threading/lock.ts';
import { RLock } from './threading/rlock.ts';
import { BoundedSemaphore, Semaphore } from './threading/semaphore.ts';
import { Thread } from './threading/thread.ts';

/** Python's `pickle.PicklingError` (a subclass of `pickle.PickleError`). */
export class PicklingError extends Error {
  override name = 'PicklingError';
}

/** A prototype property naming the Python type of objects that cannot be pickled. */
export const UNPICKLABLE: unique symbol = Symbol.for('concsim.unpicklable');

/** Marks a model class as unpicklable, with the Python type name its errors show. */
export function markUnpicklable(cls: { prototype: object }, pythonType: string): void {
  Object.defineProperty(cls.prototype, UNPICKLABLE, { value: pythonType });
}

/**
 * A prototype method pickle calls on an instance, as Python calls `__reduce__`: it returns
 * what to pickle in the instance's place, or the instance itself to make it cross by
 * reference (an OS-level object every process sees: a pipe end, a process-shared queue).
 * It may throw, as a `__reduce__` that refuses does.
 */
export const REDUCE: unique symbol = Symbol.for('concsim.reduce');

/** A value as pickled: a private deep copy and its size. */
export interface Pickled {
  readonly bytes: number;
  /** Objects pickled (each scalar, container and element), which `pickleNsPerObject` charges. */
  readonly objects: number;
  /** @internal the detached copy; `loads` copies it again for each receiver. */
  readonly value: unknown;
}

// The synchronization objects hold OS locks, which pickle refuses, as Python's do.
for (const cls of [Lock, Condition, Event, Semaphore, BoundedSemaphore, Barrier, Thread, Queue]) {
  markUnpicklable(cls, '_thread.lock');
}
markUnpicklable(RLock, '_thread.RLock');

/** Frame header, protocol marker and STOP of a pickle. */
const HEADER_BYTES = 11;

interface Copy {
  value: unknown;
  bytes: number;
  objects: number;
}

function copy(v: unknown, memo: Map<object, unknown>, acc: { bytes: number; objects: number }): unknown {
  acc.objects++;
  switch (typeof v) {
    case 'undefined':
      acc.bytes += 1;
      return v;
    case 'boolean':
      acc.bytes += 1;
      return v;
    case 'number':
      acc.bytes += Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 5 : 9;
      return v;
    case 'bigint':
      acc.bytes += 2 + Math.ceil(v.toString(16).length / 2);
      return v;
    case 'string':
      acc.bytes += 5 + Buffer.byteLength(v, 'utf8');
      return v;
    case 'symbol':
      throw new PicklingError(`cannot pickle 'symbol' object`);
    case 'function':
      if (v.name === '') throw new PicklingError("Can't pickle local object '<lambda>'");
      acc.bytes += 10 + v.name.length; // a reference: module and qualified name
      return v;
    default:
      break;
  }
  if (v === null) {
    acc.bytes += 1;
    return v;
  }
  const o = v as object;
  const seen = memo.get(o);
  if (seen !== undefined) {
    acc.bytes += 2; // a memo reference
    return seen;
  }
  const reduce = (o as { [REDUCE]?: () => unknown })[REDUCE];
  if (typeof reduce === 'function') {
    const r = reduce.call(o);
    if (r === o) {
      acc.bytes += 16; // a handle: a reference both processes resolve
      memo.set(o, o);
      return o;
    }
    const out = copy(r, memo, acc);
    memo.set(o, out);
    return out;
  }
  const marked = (o as { [UNPICKLABLE]?: string })[UNPICKLABLE];
  if (marked !== undefined) throw new PicklingError(`cannot pickle '${marked}' object`);
  if (isGenerator(o)) throw new PicklingError("cannot pickle 'generator' object");
  if (o instanceof Promise || o instanceof WeakMap || o instanceof WeakSet) {
    throw new PicklingError(`cannot pickle '${o.constructor.name}' object`);
  }
  if (Array.isArray(o)) {
    const out: unknown[] = [];
    memo.set(o, out);
    acc.bytes += 3;
    for (const x of o) out.push(copy(x, memo, acc));
    return out;
  }
  if (o instanceof Uint8Array) {
    acc.bytes += 5 + o.length;
    const out = o.slice();
    memo.set(o, out);
    return out;
  }
  if (o instanceof Map) {
    const out = new Map();
    memo.set(o, out);
    acc.bytes += 3;
    for (const [k, x] of o) out.set(copy(k, memo, acc), copy(x, memo, acc));
    return out;
  }
  if (o instanceof Set) {
    const out = new Set();
    memo.set(o, out);
    acc.bytes += 3;
    for (const x of o) out.add(copy(x, memo, acc));
    return out;
  }
  if (o instanceof Error) {
    // An exception crosses with its class, message and attributes (its traceback as text).
    const out = Object.create(Object.getPrototypeOf(o)) as Error;
    memo.set(o, out);
    acc.bytes += 20 + o.name.length;
    for (const key of Object.getOwnPropertyNames(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key) as PropertyDescriptor;
      if ('value' in d) Object.defineProperty(out, key, { ...d, value: copy(d.value, memo, acc) });
    }
    return out;
  }
  const proto = Object.getPrototypeOf(o);
  const out = Object.create(proto) as Record<string, unknown>;
  memo.set(o, out);
  acc.bytes += proto === Object.prototype || proto === null ? 3 : 20 + (proto.constructor?.name?.length ?? 0);
  for (const key of Object.keys(o)) {
    acc.bytes += 5 + key.length;
    const value = copy((o as Record<string, unknown>)[key], memo, acc);
    // A dict key "__proto__" is an own property, not the prototype: assigning it would drop it.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function isGenerator(o: object): boolean {
  return typeof (o as Generator).next === 'function' && typeof (o as Generator).throw === 'function';
}

function deepCopy(value: unknown): Copy {
  const acc = { bytes: HEADER_BYTES, objects: 0 };
  const v = copy(value, new Map(), acc);
  return { value: v, bytes: acc.bytes, objects: acc.objects };
}

/** Pickles `value` without charging time: a detached copy and its size. Throws PicklingError. */
export function pickle(value: unknown): Pickled {
  return deepCopy(value);
}

/** A fresh copy of what was pickled, as unpickling gives. */
export function unpickle(p: Pickled): unknown {
  return deepCopy(p.value).value;
}

/** CPU ticks to pickle or unpickle `p` at the run's cost model: per byte, and per object on top. */
export function pickleTicks(p: Pickled): number {
  const c = kernel('pickleTicks()').costs;
  return Math.ceil((p.bytes * c.pickleNsPerByte + p.objects * c.pickleNsPerObject) / 1000);
}

function* dumpsGen(value: unknown): Blocking<Pickled> {
  const p = pickle(value);
  yield* computeTicks(pickleTicks(p));
  return p;
}

/** `pickle.dumps`, charging the pickling's CPU time to the calling thread. */
export function dumps(value: unknown): Op<Pickled> {
  return op('dumps()', dumpsGen(value));
}

function* loadsGen(p: Pickled): Blocking<unknown> {
  yield* computeTicks(pickleTicks(p));
  return unpickle(p);
}

/** `pickle.loads`, charging the unpickling's CPU time to the calling thread. */
export function loads(p: Pickled): Op<unknown> {
  return op('loads()', loadsGen(p));
}
