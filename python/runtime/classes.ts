/**
 * Classes: `class` statements (the body runs as a function filling a namespace),
 * instantiation (`__new__` for builtin bases, then `__init__`, which may block), `super()`,
 * and the attributes every object and class has (`__class__`, `__name__`, `__dict__`...).
 *
 * Differs from CPython: metaclasses other than `type` are not supported, and
 * `super()` with no arguments finds its class and instance from the calling frame's
 * first parameter as CPython's `__class__` cell does, through `$super`'s arguments.
 */
import { type Blocking, Op } from '../../engine/index.ts';
import { callG, classChanged, getAttrOpt, hooks, lookup, SUB, specialAttrs } from './call.ts';
import { tracebackOf } from './exceptions.ts';
import { BLK, PyGenerator, type PyIter, STOP } from './iter.ts';
import {
  type AnyFn,
  BoundMethod,
  ClassMethod,
  type FnInfo,
  Property,
  PyBoxed,
  PyDict,
  PyExc,
  PyFloat,
  PyObject,
  PyTuple,
  PyType,
  StaticMethod,
} from './objects.ts';
import {
  computeMro,
  floatType,
  functionType,
  generatorType,
  intType,
  newType,
  noAttr,
  objectType,
  strType,
  tupleType,
  typeError,
  typeName,
  typeOf,
  typeType,
} from './types.ts';

export function mkfn(
  f: AnyFn,
  info: FnInfo,
  defaults: unknown[],
  kwdefaults: Record<string, unknown> | null,
  G: Record<string, unknown>,
  annotations?: [string, unknown][],
): AnyFn {
  if (annotations !== undefined) {
    const d = new PyDict();
    for (const [k, v] of annotations) d.m.set(k, [k, v]);
    (info as { annotations?: PyDict }).annotations = d;
  }
  info.defaults = defaults;
  info.kwdefaults = kwdefaults;
  info.dict = null;
  info.module = (G.__name__ as string) ?? '__main__';
  f.$fn = info;
  // The positional fast path: exactly the positional parameters, no extras.
  if (!info.varargs && !info.varkw && info.npos === info.params.length && !info.gen) f.$s = info.npos;
  else if (info.gen && !info.varargs && !info.varkw && info.npos === info.params.length) f.$s = info.npos;
  return f;
}

export function* mkclass(
  name: string,
  qualname: string,
  bases: unknown[],
  body: (ns: Record<string, unknown>) => Blocking<unknown>,
  G: Record<string, unknown>,
  kwn: string[],
  _kwv: unknown[],
): Blocking<PyType> {
  if (kwn.includes('metaclass')) throw typeError('metaclasses are not supported by concsim');
  for (const b of bases) {
    if (!(b instanceof PyType)) throw typeError(`bases must be types`);
  }
  const ns: Record<string, unknown> = Object.create(null);
  ns.__module__ = (G.__name__ as string) ?? '__main__';
  ns.__qualname__ = qualname;
  yield* body(ns);
  const t = new PyType(name, bases.length === 0 ? [objectType] : (bases as PyType[]));
  t.qualname = qualname;
  t.module = ns.__module__ as string;
  t.mro = computeMro(t);
  for (const b of t.mro) {
    if (b.isException) t.isException = true;
    if (t.native === null && b.make !== null) t.native = b;
  }
  for (const k of Object.keys(ns)) {
    let v = ns[k];
    // __init_subclass__ and __class_getitem__ are implicit classmethods
    if ((k === '__init_subclass__' || k === '__class_getitem__') && typeof v === 'function') v = new ClassMethod(v);
    if (k === '__new__' && typeof v === 'function') v = new StaticMethod(v);
    t.dict[k] = v;
  }
  if (t.dict.__eq__ !== undefined && t.dict.__hash__ === undefined) t.dict.__hash__ = null;
  const native = nativeOf(t);
  if (native === strType || native === intType) unboxArguments(native);
  else if (
    native !== null &&
    native !== objectType &&
    Object.keys(ns).some((k) => k.startsWith('__') && k.endsWith('__') && typeof ns[k] === 'function')
  ) {
    SUB.on = true;
  }
  for (const v of Object.values(ns)) {
    if (typeof v === 'function') (v as AnyFn).$cls = t;
    else if (v instanceof StaticMethod || v instanceof ClassMethod) (v.fn as AnyFn).$cls = t;
    else if (v !== null && typeof v === 'object' && 'fget' in v) {
      for (const f of [(v as unknown as { fget: unknown }).fget, (v as unknown as { fset: unknown }).fset]) {
        if (typeof f === 'function') (f as AnyFn).$cls = t;
      }
    }
  }
  const parentInit = lookupAfter(t, t, '__init_subclass__');
  if (parentInit instanceof ClassMethod) yield* callG(parentInit.fn, [t], null, null);
  return t;
}

declare module './objects.ts' {
  interface PyType {
    /** Per-class hook run by `cls(...)` for builtin bases (set by bindings). */
    init?: unknown;
  }
}

function lookupAfter(t: PyType, start: PyType, name: string): unknown {
  const mro = t.mro;
  let i = mro.indexOf(start) + 1;
  for (; i < mro.length; i++) {
    const v = (mro[i] as PyType).dict[name];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** `cls(*args, **kw)`. */
export function* instantiate(
  cls: PyType,
  args: unknown[],
  kwn: readonly string[] | null,
  kwv: unknown[] | null,
): Blocking<unknown> {
  if (cls === typeType && args.length === 1 && kwn === null) return typeOf(args[0]);
  const userNew = lookup(cls, '__new__');
  let obj: unknown;
  if (userNew instanceof StaticMethod && (userNew.fn as AnyFn).$fn !== undefined) {
    obj = yield* callG(userNew.fn, [cls, ...args], kwn, kwv);
    if (!(obj instanceof PyObject) || !isSub(obj.cls, cls)) return obj;
  } else if (nativeOf(cls)?.make) {
    const native = cls.native as PyType;
    const kw = kwn === null || kwn.length === 0 ? null : new Map(kwn.map((k, i) => [k, (kwv as unknown[])[i]]));
    if (args.length > 0 && args[0] instanceof PyGenerator) args = [yield* drain(args[0]), ...args.slice(1)];
    obj = (native.make as NonNullable<PyType['make']>)(cls, args, kw);
    if (obj instanceof Op) obj = yield* obj as Op<unknown>;
    if (native === cls) return obj;
    obj = subclassValue(cls, obj);
  } else {
    obj = new PyObject(cls);
  }
  const init = lookup(cls, '__init__');
  if (init !== undefined && typeof init === 'function') {
    const r = yield* callG(init, [obj, ...args], kwn, kwv);
    if (r !== null && r !== undefined) throw typeError(`__init__() should return None, not '${typeName(r)}'`);
  } else if (
    init === undefined &&
    (args.length > 0 || (kwn !== null && kwn.length > 0)) &&
    !cls.isException &&
    cls.native === null
  ) {
    throw typeError(`${cls.name}() takes no arguments`);
  }
  return obj;
}
hooks.instantiate = instantiate;

/**
 * An instance of a user subclass of a builtin type, from the value its `make` built: a str
 * or int is boxed, a float or tuple is a new one tagged with the class (list and dict tag
 * their own).
 */
export function subclassValue(cls: PyType, v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return new PyBoxed(cls, typeof v === 'boolean' ? Number(v) : v);
  }
  if (v instanceof PyFloat) {
    const f = new PyFloat(v.v);
    f.$cls = cls;
    return f;
  }
  if (v instanceof PyTuple) {
    const t = new PyTuple(v.a);
    t.$cls = cls;
    return t;
  }
  return v;
}

const unboxing = new Set<PyType>();
/** Run once, when a program first subclasses str or int (builtins.ts wraps a few builtin functions). */
export const onValueSubclass: ((wrap: (f: AnyFn, name: string) => AnyFn) => void)[] = [];
/**
 * Once a program subclasses str, the builtin type's methods take an instance of a subclass
 * wherever they take a str (`','.join(tags)`, `s.split(tag)`): each is wrapped to pass
 * values on. Done on first need, so that programs without such subclasses pay nothing.
 */
function unboxArguments(t: PyType): void {
  if (unboxing.has(t)) return;
  const first = unboxing.size === 0;
  unboxing.add(t);
  const plain = (a: unknown[]): unknown[] => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (x instanceof PyBoxed) a[i] = x.v;
      else if (Array.isArray(x) && x.some((y) => y instanceof PyBoxed))
        a[i] = x.map((y) => (y instanceof PyBoxed ? y.v : y));
    }
    return a;
  };
  const wrap = (f: AnyFn, name: string): AnyFn => {
    const w = ((...a: unknown[]) => f(...plain(a))) as AnyFn;
    w.$name = f.$name ?? name;
    if (f.$nb) w.$nb = true;
    if (f.$blk) w.$blk = true;
    const kwf = f.$kwf;
    if (kwf !== undefined) w.$kwf = (args, kw) => kwf(plain(args.slice()), kw);
    return w;
  };
  for (const name of Object.keys(t.dict)) {
    const f = t.dict[name] as AnyFn;
    if (
      typeof f !== 'function' ||
      f.$fn !== undefined ||
      name === '__new__' ||
      name === '__repr__' ||
      name === '__str__'
    ) {
      continue;
    }
    t.dict[name] = wrap(f, name);
  }
  if (first) for (const h of onValueSubclass) h(wrap);
  classChanged();
}

/** `T.__new__(cls, *args)` of a builtin value type T, as `super().__new__(cls, value)` calls it. */
function valueNew(t: PyType): void {
  const f = ((cls: unknown, ...args: unknown[]) => {
    if (!(cls instanceof PyType)) throw typeError(`${t.name}.__new__(X): X is not a type object (${typeName(cls)})`);
    const v = (t.make as NonNullable<PyType['make']>)(t, args, null);
    return cls === t ? v : subclassValue(cls, v);
  }) as AnyFn;
  f.$name = '__new__';
  f.$nb = true;
  t.dict.__new__ = f;
}
for (const t of [strType, intType, floatType, tupleType]) valueNew(t);

/** All of a generator's items, driven where it may block. */
export function* drain(g: PyIter): Blocking<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    let v = g.$n();
    if (v === BLK) v = yield* (g.$bn as () => Blocking<unknown>).call(g);
    if (v === STOP) return out;
    out.push(v);
  }
}

/** The builtin base that builds instances (set once its `make` exists). */
function nativeOf(cls: PyType): PyType | null {
  if (cls.native === null) cls.native = cls.mro.find((b) => b.make !== null) ?? null;
  return cls.native;
}

function isSub(t: PyType, of: PyType): boolean {
  return t === of || t.mro.includes(of);
}

/** A `super()` proxy: attribute lookups start after `start` in `self`'s MRO. */
export class Super {
  constructor(
    readonly start: PyType,
    readonly self: unknown,
  ) {}
}
const superType = newType('super', [objectType]);
const cellType = newType('cell', [objectType]);
const codeType = newType('code', [objectType]);
Object.defineProperty(Super.prototype, Symbol.for('pyType'), { value: superType });

export function superGet(s: Super, name: string): unknown {
  if (name === '__class__') return superType;
  const self = s.self;
  const t = self instanceof PyType && isSub(self, s.start) ? self : typeOf(self);
  const v = lookupAfter(t, s.start, name);
  if (v === undefined) throw noAttr(new PyObject(superType), name);
  if (typeof v === 'function') return self instanceof PyType && t === self ? v : new BoundMethod(self, v);
  if (v instanceof StaticMethod) return v.fn;
  if (v instanceof ClassMethod) return new BoundMethod(self instanceof PyType ? self : t, v.fn);
  return v;
}

// ---- generator introspection ------------------------------------------------------------

const frameType = newType('frame', [objectType]);
/** A code object with its names (`gi_code`, `cr_code`). */
export function codeObject(name: string, qualname: string): PyObject {
  return codeOf(name, qualname);
}
/** A frame object with its code (`gi_frame`, `cr_frame`): no line, locals or back frame. */
export function frameObject(name: string, qualname: string): PyObject {
  const fr = new PyObject(frameType);
  fr.d.f_code = codeOf(name, qualname);
  fr.d.f_back = null;
  return fr;
}
function codeOf(name: string, qualname: string): PyObject {
  const code = new PyObject(codeType);
  code.d.co_name = name;
  code.d.co_qualname = qualname;
  return code;
}
/**
 * A generator's `gi_*` attributes, from which `inspect.getgeneratorstate` reads its state:
 * `gi_frame` is None once it has finished, `gi_running` is true while its frame executes,
 * `gi_suspended` while it waits at a `yield`, `gi_yieldfrom` the iterator a `yield from`
 * delegates to. The frame has its code (`f_code`) and no line or locals.
 */
function genProp(name: string, get: (g: PyGenerator) => unknown): void {
  const f = ((g: PyGenerator) => get(g)) as AnyFn;
  f.$nb = true;
  generatorType.dict[name] = new Property(f, null, null, null);
}
genProp('gi_running', (g) => g.running);
genProp('gi_suspended', (g) => g.started && !g.running && !g.done);
genProp('gi_yieldfrom', (g) => g.yf);
genProp('gi_code', (g) => codeOf(g.name, g.qualname));
genProp('gi_frame', (g) => {
  if (g.done) return null;
  g.frame ??= frameObject(g.name, g.qualname);
  return g.frame;
});

// ---- special attributes -------------------------------------------------------------

specialAttrs.instance = (o: PyObject, name: string): unknown => {
  switch (name) {
    case '__class__':
      return o.cls;
    case '__dict__': {
      const d = new PyDict();
      for (const k of Object.keys(o.d)) d.m.set(k, [k, o.d[k]]);
      return d;
    }
  }
  if (o instanceof PyExc) {
    switch (name) {
      case 'args':
        return o.args;
      case '__cause__':
        return o.cause;
      case '__context__':
        return o.context;
      case '__traceback__':
        return tracebackOf(o);
      case '__suppress_context__':
        return o.suppress;
      case 'value':
        if (o.cls.name === 'StopIteration') return o.args.a[0] ?? null;
        break;
      case 'code':
        if (o.cls.name === 'SystemExit')
          return o.args.a.length === 0 ? null : o.args.a.length === 1 ? o.args.a[0] : o.args;
        break;
      case 'errno':
        return o.args.a.length >= 2 ? o.args.a[0] : null;
      case 'strerror':
        return o.args.a.length >= 2 ? o.args.a[1] : null;
    }
  }
  return undefined;
};

specialAttrs.type = (t: PyType, name: string): unknown => {
  switch (name) {
    case '__name__':
      return t.name;
    case '__qualname__':
      return t.qualname;
    case '__module__':
      return t.module;
    case '__mro__':
      return new PyTuple(t.mro);
    case '__bases__':
      return new PyTuple(t.bases);
    case '__base__':
      return t.bases[0] ?? null;
    case '__dict__': {
      const d = new PyDict();
      for (const k of Object.keys(t.dict)) d.m.set(k, [k, t.dict[k]]);
      return d;
    }
    case '__doc__':
      return t.dict.__doc__ ?? null;
    case '__annotations__':
      return t.dict.__annotations__ ?? new PyDict();
    case '__class__':
      return typeType;
  }
  return undefined;
};

specialAttrs.value = (o: unknown, name: string): unknown => {
  if (name === '__class__') return typeOf(o);
  if (typeof o === 'function') {
    const f = o as AnyFn;
    const info = f.$fn;
    if (info !== undefined) {
      switch (name) {
        case '__name__':
          return info.name;
        case '__qualname__':
          return info.qualname;
        case '__module__':
          return info.module;
        case '__doc__':
          return info.doc ?? null;
        case '__annotations__':
          return (info as { annotations?: PyDict }).annotations ?? new PyDict();
        case '__closure__':
          return info.nfree ? new PyTuple(Array.from({ length: info.nfree }, () => new PyObject(cellType))) : null;
        case '__code__': {
          const code = new PyObject(codeType);
          code.d.co_argcount = info.npos;
          code.d.co_name = info.name;
          code.d.co_qualname = info.qualname;
          code.d.co_kwonlyargcount = info.params.length - info.npos;
          code.d.co_varnames = new PyTuple(info.params.slice());
          return code;
        }
        case '__kwdefaults__':
          return info.kwdefaults === null ? null : null;
        case '__defaults__':
          return info.defaults.length === 0 ? null : new PyTuple(info.defaults);
        case '__dict__': {
          const d = new PyDict();
          for (const k of Object.keys(info.dict ?? {})) d.m.set(k, [k, info.dict?.[k]]);
          return d;
        }
      }
      return info.dict?.[name];
    }
    if (name === '__name__' || name === '__qualname__') return f.$name ?? f.name;
    if (Object.hasOwn(f, name) && !name.startsWith('$')) return (f as unknown as Record<string, unknown>)[name];
    return undefined;
  }
  if (o instanceof BoundMethod) {
    if (name === '__self__') return o.self;
    if (name === '__func__') return o.fn;
    return getAttrOpt(o.fn, name);
  }
  if (o instanceof Super) return superGet(o, name);
  const ext = (o as { $attr?: (n: string) => unknown } | null)?.$attr;
  if (typeof ext === 'function') return ext.call(o, name);
  return undefined;
};

specialAttrs.setValue = (o: unknown, name: string, v: unknown): boolean => {
  const ext = (o as { $setattr?: (n: string, v: unknown) => boolean } | null)?.$setattr;
  if (typeof ext === 'function') return ext.call(o, name, v);
  return false;
};

export { functionType };
