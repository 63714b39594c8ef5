/**
 * Subscripts: `x[i]`, `x[a:b:c]`, assignment and deletion through them, with CPython's
 * error messages (`list index out of range`, `KeyError: 'a'`, `'int' object is not
 * subscriptable`).
 */
import { callSync, lookup, SUB, selfOf, userDunder } from './call.ts';
import { PyRange, toArray } from './iter.ts';
import { dictSet, itemOps } from './methods.ts';
import { PyBoxed, PyBytes, PyDict, PyObject, PySlice, PyTuple, PyType } from './objects.ts';
import { hashKey, isInt, keyError } from './ops.ts';
import { indexError, pyErr, typeError, typeName, typeOf, ValueError } from './types.ts';

/** The indices a slice selects from a sequence of length n. */
export function sliceIndices(s: PySlice, n: number): [number, number, number] {
  const step = s.step === null ? 1 : Number(s.step);
  if (step === 0) throw pyErr(ValueError, 'slice step cannot be zero');
  const clamp = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    let k: number;
    try {
      k = asIndex(v, 'slice');
    } catch {
      throw typeError('slice indices must be integers or None or have an __index__ method');
    }
    if (k < 0) k += n;
    return Math.min(Math.max(k, lo), hi);
  };
  if (step > 0) return [clamp(s.start, 0, 0, n), clamp(s.stop, n, 0, n), step];
  return [clamp(s.start, n - 1, -1, n - 1), clamp(s.stop, -1, -1, n - 1), step];
}

function sliceOf<T>(a: readonly T[], s: PySlice): T[] {
  const [start, stop, step] = sliceIndices(s, a.length);
  if (step === 1) return a.slice(start, Math.max(start, stop));
  const out: T[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(a[i] as T);
  else for (let i = start; i > stop; i += step) out.push(a[i] as T);
  return out;
}

/** An index: an int, or an object with `__index__`. */
export function asIndex(i: unknown, what: string): number {
  if (isInt(i)) return Number(i);
  if (i instanceof PyBoxed && typeof i.v !== 'string') return asIndex(i.v, what);
  if (i instanceof PyObject) {
    const f = lookup(i.cls, '__index__');
    if (f !== undefined) {
      const r = callSync(f, [i]);
      if (!isInt(r)) throw typeError(`__index__ returned non-int (type ${typeName(r)})`);
      return Number(r);
    }
  }
  throw typeError(`${what} indices must be integers or slices, not ${typeName(i)}`);
}

function seqIndex(i: unknown, n: number, what: string): number {
  let k = asIndex(i, what);
  if (k < 0) k += n;
  if (k < 0 || k >= n) throw indexError(`${what} index out of range`);
  return k;
}

export function getItem(o: unknown, k: unknown): unknown {
  if (SUB.on) {
    const f = userDunder(o, '__getitem__');
    if (f !== undefined) return callSync(f, [o, k]);
  }
  return getItemRaw(o, k);
}

/** `o[k]` by the builtin type's own rules (what `list.__getitem__` does for a subclass). */
export function getItemRaw(o: unknown, k: unknown): unknown {
  if (Array.isArray(o)) {
    if (typeof k === 'number') {
      const i = k < 0 ? k + o.length : k;
      if (i >= 0 && i < o.length) return o[i];
      throw indexError('list index out of range');
    }
    if (k instanceof PySlice) return sliceOf(o, k);
    return o[seqIndex(k, o.length, 'list')];
  }
  if (o instanceof PyDict && o.$cls === undefined) {
    const e = o.m.get(hashKey(k));
    if (e !== undefined) return e[1];
    throw keyError(k);
  }
  if (o instanceof PyDict) {
    const e = o.m.get(hashKey(k));
    if (e !== undefined) return e[1];
    if (o.$cls !== undefined) {
      const miss = lookup(o.$cls, '__missing__');
      if (miss !== undefined) return callSync(miss, [o, k]);
    }
    throw keyError(k);
  }
  if (o instanceof PyTuple) {
    if (k instanceof PySlice) return new PyTuple(sliceOf(o.a, k));
    return o.a[seqIndex(k, o.a.length, 'tuple')];
  }
  if (typeof o === 'string') {
    if (k instanceof PySlice) return sliceOf(Array.from(o), k).join('');
    const chars = isAscii(o) ? o : Array.from(o);
    return chars[seqIndex(k, chars.length, 'string')];
  }
  if (o instanceof PyObject) {
    const f = lookup(o.cls, '__getitem__');
    if (f !== undefined) return callSync(f, [selfOf(o, f), k]);
    if (o.cls.native !== null) {
      const nf = lookup(o.cls.native, '__getitem__');
      if (nf !== undefined) return callSync(nf, [o, k]);
    }
  }
  if (o instanceof PyRange) {
    if (k instanceof PySlice) {
      const [a, b, s] = sliceIndices(k, o.length);
      return new PyRange(o.at(a), o.at(b), o.step * s);
    }
    return o.at(seqIndex(k, o.length, 'range object'));
  }
  if (o instanceof PyBytes) {
    if (k instanceof PySlice) {
      const r = new PyBytes(Uint8Array.from(sliceOf(Array.from(o.b), k)));
      if ((o as { mutable?: boolean }).mutable) (r as { mutable?: boolean }).mutable = true;
      return r;
    }
    return o.b[seqIndex(k, o.b.length, 'index')];
  }
  if (o instanceof PyType) return new GenericAlias(o, k instanceof PyTuple ? k.a : [k]);
  const f = lookup(typeOf(o), '__getitem__');
  if (typeof f === 'function') return callSync(f, [o, k]);
  throw typeError(`'${typeName(o)}' object is not subscriptable`);
}

export function setItem(o: unknown, k: unknown, v: unknown): void {
  if (SUB.on) {
    const f = userDunder(o, '__setitem__');
    if (f !== undefined) {
      callSync(f, [o, k, v]);
      return;
    }
  }
  setItemRaw(o, k, v);
}

export function setItemRaw(o: unknown, k: unknown, v: unknown): void {
  if (Array.isArray(o)) {
    if (k instanceof PySlice) {
      const [start, stop, step] = sliceIndices(k, o.length);
      const vals = toArray(v);
      if (step === 1) {
        o.splice(start, Math.max(0, stop - start), ...vals);
        return;
      }
      const idx: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) idx.push(i);
      else for (let i = start; i > stop; i += step) idx.push(i);
      if (idx.length !== vals.length) {
        throw pyErr(
          ValueError,
          `attempt to assign sequence of size ${vals.length} to extended slice of size ${idx.length}`,
        );
      }
      idx.forEach((i, j) => {
        o[i] = vals[j];
      });
      return;
    }
    if (!isInt(k)) throw typeError(`list indices must be integers or slices, not ${typeName(k)}`);
    let i = Number(k);
    if (i < 0) i += o.length;
    if (i < 0 || i >= o.length) throw indexError('list assignment index out of range');
    o[i] = v;
    return;
  }
  if (o instanceof PyDict) {
    dictSet(o, k, v);
    return;
  }
  if (o instanceof PyBytes && (o as { mutable?: boolean }).mutable) {
    const i = seqIndex(k, o.b.length, 'bytearray');
    if (!isInt(v) || Number(v) < 0 || Number(v) > 255) throw pyErr(ValueError, 'byte must be in range(0, 256)');
    o.b[i] = Number(v);
    return;
  }
  if (o instanceof PyObject) {
    const f = lookup(o.cls, '__setitem__');
    if (f !== undefined) {
      callSync(f, [o, k, v]);
      return;
    }
  }
  const f = lookup(typeOf(o), '__setitem__');
  if (typeof f === 'function') {
    callSync(f, [o, k, v]);
    return;
  }
  throw typeError(`'${typeName(o)}' object does not support item assignment`);
}

export function delItem(o: unknown, k: unknown): void {
  if (SUB.on) {
    const f = userDunder(o, '__delitem__');
    if (f !== undefined) {
      callSync(f, [o, k]);
      return;
    }
  }
  delItemRaw(o, k);
}

export function delItemRaw(o: unknown, k: unknown): void {
  if (Array.isArray(o)) {
    if (k instanceof PySlice) {
      const [start, stop, step] = sliceIndices(k, o.length);
      if (step === 1) {
        o.splice(start, Math.max(0, stop - start));
        return;
      }
      const idx: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) idx.push(i);
      else for (let i = start; i > stop; i += step) idx.push(i);
      for (const i of idx.sort((a, b) => b - a)) o.splice(i, 1);
      return;
    }
    if (!isInt(k)) throw typeError(`list indices must be integers or slices, not ${typeName(k)}`);
    let i = Number(k);
    if (i < 0) i += o.length;
    if (i < 0 || i >= o.length) throw indexError('list assignment index out of range');
    o.splice(i, 1);
    return;
  }
  if (o instanceof PyDict) {
    if (!o.m.delete(hashKey(k))) throw keyError(k);
    return;
  }
  if (o instanceof PyBytes && (o as { mutable?: boolean }).mutable) {
    const i = seqIndex(k, o.b.length, 'bytearray');
    const a = Array.from(o.b);
    a.splice(i, 1);
    (o as { b: Uint8Array }).b = Uint8Array.from(a);
    return;
  }
  if (o instanceof PyObject) {
    const f = lookup(o.cls, '__delitem__');
    if (f !== undefined) {
      callSync(f, [o, k]);
      return;
    }
  }
  const f = lookup(typeOf(o), '__delitem__');
  if (typeof f === 'function') {
    callSync(f, [o, k]);
    return;
  }
  throw typeError(`'${typeName(o)}' object doesn't support item deletion`);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

itemOps.get = getItemRaw;
itemOps.set = setItemRaw;
itemOps.del = delItemRaw;

/** `list[int]`: types.GenericAlias, printed as written; calling it makes the origin. */
export class GenericAlias {
  constructor(
    readonly origin: PyType,
    readonly args: readonly unknown[],
  ) {}
}
