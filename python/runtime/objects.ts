/**
 * The representation of Python values in JavaScript, chosen so the compiled code's common
 * cases are JavaScript's own: None is `null`, bool is `boolean`, int is a `number` while it
 * is a safe integer and a `bigint` beyond, str is `string`, list is `Array`. A float is a
 * `PyFloat` box, because `1.0` and `1` must print differently; tuples, dicts, sets, bytes,
 * classes and instances are the classes below.
 *
 * Differs from CPython: strings are UTF-16 (len() of an astral character is 2), and a set
 * iterates in insertion order except that a set of small ints is ordered as CPython's hash
 * table orders it.
 */

/** An unbound local or a missing attribute (never a Python value). */
export const UNBOUND = undefined;

export class PyFloat {
  /** The user class, for an instance of a float subclass (with its attributes in `$d`). */
  declare $cls?: PyType;
  declare $d?: Record<string, unknown>;
  constructor(readonly v: number) {}
}

export class PyTuple {
  /** The user class, for an instance of a tuple subclass (with its attributes in `$d`). */
  declare $cls?: PyType;
  declare $d?: Record<string, unknown>;
  constructor(readonly a: readonly unknown[]) {}
}

export class PyBytes {
  constructor(public b: Uint8Array) {}
}

export class PySlice {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

/** A class: a namespace, bases and the C3 method resolution order. */
export class PyType {
  readonly dict: Record<string, unknown> = Object.create(null);
  mro: PyType[] = [];
  /** The builtin type this class derives from, if any: how its instances are built. */
  native: PyType | null = null;
  /**
   * Builds a fresh instance of a builtin type for `cls(...)` (int, list, Lock, ...); an `Op`
   * (engine/op.ts) when building it blocks, as `socket.socket()` makes a system call.
   */
  make: ((cls: PyType, args: unknown[], kw: Map<string, unknown> | null) => unknown) | null = null;
  isException = false;
  module = 'builtins';
  /** CPython's tp_name when it is dotted (`_thread._local`), for error messages. */
  tpName: string | null = null;
  qualname: string;
  constructor(
    public name: string,
    public bases: PyType[],
  ) {
    this.qualname = name;
  }
}

/** An instance of a Python class (or of `object`). */
export class PyObject {
  d: Record<string, unknown> = Object.create(null);
  constructor(public cls: PyType) {}
}

/**
 * An instance of a subclass of str or int: a Python object around its value (a JavaScript
 * string or number cannot carry a class). The builtin type's methods and operators see the
 * value; the class's own methods see the instance. (Subclasses of list, dict, tuple and
 * float are the builtin value itself, tagged with `$cls`.)
 */
export class PyBoxed extends PyObject {
  constructor(
    cls: PyType,
    readonly v: unknown,
  ) {
    super(cls);
  }
}

/** An exception instance: a Python object that is thrown as it is. */
export class PyExc extends PyObject {
  args: PyTuple = EMPTY_TUPLE;
  /** Frames, innermost first: [code, position index]. */
  tb: unknown[] = [];
  cause: PyExc | null = null;
  context: PyExc | null = null;
  suppress = false;
  /** The frame activation that already recorded itself (see `$tb`). */
  fr = 0;
  /** A message computed by the runtime, when it differs from str(args[0]) (none). */
}

export const EMPTY_TUPLE = new PyTuple([]);

export class PyModule {
  readonly d: Record<string, unknown> = Object.create(null);
  /** Whether the program assigned or deleted one of its attributes (so it cannot serve another run). */
  changed = false;
  constructor(readonly name: string) {}
}

/** A method bound to its instance, as `obj.method` evaluates without a call. */
export class BoundMethod {
  constructor(
    readonly self: unknown,
    readonly fn: unknown,
  ) {}
}

export class StaticMethod {
  constructor(readonly fn: unknown) {}
}
export class ClassMethod {
  constructor(readonly fn: unknown) {}
}
export class Property {
  constructor(
    public fget: unknown,
    public fset: unknown,
    public fdel: unknown,
    public doc: unknown,
  ) {}
}

/**
 * A dict or set key: Python's equal keys (1, 1.0, True) map to the same JavaScript Map
 * key. Objects with a user `__hash__` are bucketed by their hash (see `hashKey`).
 */
export type Key = unknown;

export class PyDict {
  readonly m = new Map<Key, [unknown, unknown]>();
  /** The user class, for an instance of a dict subclass (with its attributes in `$d`). */
  $cls?: PyType;
  $d?: Record<string, unknown>;
}

/** An instance of a list subclass: the array itself, tagged with its class and attributes. */
export interface TaggedArray extends Array<unknown> {
  $cls?: PyType;
  $d?: Record<string, unknown>;
}

export class PySet {
  readonly m = new Map<Key, unknown>();
  /** The hash table's size when made (CPython presizes a set made from another set). */
  size0 = 8;
  constructor(readonly frozen = false) {}
}

/** Metadata of a compiled Python function, kept on the JavaScript function as `$fn`. */
export interface FnInfo {
  name: string;
  qualname: string;
  module: string;
  /** Positional parameter names, then keyword-only ones. */
  readonly params: readonly string[];
  readonly npos: number;
  /** How many leading parameters are positional-only (before `/`). */
  readonly posonly?: number;
  readonly varargs: boolean;
  readonly varkw: boolean;
  defaults: readonly unknown[];
  kwdefaults: Record<string, unknown> | null;
  /** A generator function: calling it makes a generator object without running. */
  readonly gen: boolean;
  /** An `async def` (with `gen`: an asynchronous generator function). */
  readonly async?: boolean;
  dict: Record<string, unknown> | null;
  doc?: string | null;
  /** How many closure cells the function has (`__closure__`). */
  nfree?: number;
}

// biome-ignore lint/suspicious/noExplicitAny: compiled functions carry untyped metadata
export type AnyFn = ((...a: any[]) => any) & {
  $fn?: FnInfo;
  $s?: number;
  $nb?: boolean;
  $blk?: boolean;
  $kwf?: (args: unknown[], kw: Map<string, unknown> | null) => unknown;
  $name?: string;
  /** The class whose body defined this function (zero-argument `super()`). */
  $cls?: unknown;
};
