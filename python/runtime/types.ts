/**
 * The builtin classes (`object`, `int`, `str`, ...) and the exception hierarchy, as PyType
 * objects, with `typeOf` mapping any JavaScript value to its Python class and the helpers
 * that raise CPython's exceptions with CPython's messages.
 */
import {
  BoundMethod,
  ClassMethod,
  EMPTY_TUPLE,
  Property,
  PyBytes,
  PyDict,
  PyExc,
  PyFloat,
  PyModule,
  PyObject,
  PySet,
  PySlice,
  PyTuple,
  PyType,
  StaticMethod,
} from './objects.ts';

/** C3 linearisation, as CPython computes `__mro__`. */
export function computeMro(t: PyType): PyType[] {
  if (t.bases.length === 0) return [t];
  const seqs = t.bases.map((b) => b.mro.slice());
  seqs.push(t.bases.slice());
  const out: PyType[] = [t];
  for (;;) {
    const live = seqs.filter((s) => s.length > 0);
    if (live.length === 0) return out;
    let pick: PyType | null = null;
    for (const s of live) {
      const c = s[0] as PyType;
      if (!live.some((o) => o.indexOf(c) > 0)) {
        pick = c;
        break;
      }
    }
    if (pick === null) throw typeError('Cannot create a consistent method resolution order (MRO)');
    out.push(pick);
    for (const s of live) if (s[0] === pick) s.shift();
  }
}

export function newType(name: string, bases: PyType[], module = 'builtins'): PyType {
  const t = new PyType(name, bases);
  t.module = module;
  t.mro = computeMro(t);
  for (const b of t.mro) {
    if (b.isException) t.isException = true;
    if (t.native === null && b.make !== null) t.native = b;
  }
  return t;
}

export const objectType = newType('object', []);
function builtin(name: string, base: PyType = objectType): PyType {
  return newType(name, [base]);
}
export const typeType = builtin('type');
export const intType = builtin('int');
export const boolType = builtin('bool', intType);
export const floatType = builtin('float');
export const strType = builtin('str');
export const bytesType = builtin('bytes');
export const listType = builtin('list');
export const tupleType = builtin('tuple');
export const dictType = builtin('dict');
export const setType = builtin('set');
export const frozensetType = builtin('frozenset');
export const noneType = builtin('NoneType');
export const functionType = builtin('function');
export const builtinFunctionType = builtin('builtin_function_or_method');
export const methodType = builtin('method');
export const moduleType = builtin('module');
export const sliceType = builtin('slice');
export const rangeType = builtin('range');
export const generatorType = builtin('generator');
export const propertyType = builtin('property');
export const staticmethodType = builtin('staticmethod');
export const classmethodType = builtin('classmethod');
export const ellipsisType = builtin('ellipsis');
export const iteratorType = builtin('iterator');

export const ELLIPSIS = { ellipsis: true };
/** bytearray's class (made in bytes.ts). */
export const BYTEARRAY: { t: PyType | null } = { t: null };

/** Other runtime classes register their Python type here (range, generator, model objects). */
export const PY_TYPE: unique symbol = Symbol.for('pyType') as never;

export function typeOf(x: unknown): PyType {
  switch (typeof x) {
    case 'number':
    case 'bigint':
      return intType;
    case 'string':
      return strType;
    case 'boolean':
      return boolType;
    case 'function':
      return (x as { $fn?: unknown }).$fn !== undefined ? functionType : builtinFunctionType;
    case 'object':
      if (x === null) return noneType;
      if (x instanceof PyObject) return x.cls;
      if (x instanceof PyFloat) return x.$cls ?? floatType;
      if (Array.isArray(x)) return (x as { $cls?: PyType }).$cls ?? listType;
      if (x instanceof PyTuple) return x.$cls ?? tupleType;
      if (x instanceof PyDict) return x.$cls ?? dictType;
      if (x instanceof PySet) return x.frozen ? frozensetType : setType;
      if (x instanceof PyType) return typeType;
      if (x instanceof PyBytes) return (x as { mutable?: boolean }).mutable ? (BYTEARRAY.t as PyType) : bytesType;
      if (x instanceof PyModule) return moduleType;
      if (x instanceof BoundMethod) return methodType;
      if (x instanceof PySlice) return sliceType;
      if (x instanceof Property) return propertyType;
      if (x instanceof StaticMethod) return staticmethodType;
      if (x instanceof ClassMethod) return classmethodType;
      if (x === ELLIPSIS) return ellipsisType;
      {
        const t = (x as { [PY_TYPE]?: PyType })[PY_TYPE];
        if (t !== undefined) return t;
      }
      return objectType;
    default:
      return objectType;
  }
}

export function typeName(x: unknown): string {
  return typeOf(x).name;
}

export function isSubtype(t: PyType, of: PyType): boolean {
  return t === of || t.mro.includes(of);
}

export function isInstance(x: unknown, t: PyType): boolean {
  return isSubtype(typeOf(x), t);
}

// ---- exceptions --------------------------------------------------------------------

function exc(name: string, base: PyType | null): PyType {
  const t = newType(name, base === null ? [objectType] : [base]);
  t.isException = true;
  return t;
}
export const BaseException = exc('BaseException', null);
export const SystemExit = exc('SystemExit', BaseException);
export const KeyboardInterrupt = exc('KeyboardInterrupt', BaseException);
export const GeneratorExit = exc('GeneratorExit', BaseException);
export const Exception = exc('Exception', BaseException);
export const StopIteration = exc('StopIteration', Exception);
export const ArithmeticError = exc('ArithmeticError', Exception);
export const ZeroDivisionError = exc('ZeroDivisionError', ArithmeticError);
export const OverflowError = exc('OverflowError', ArithmeticError);
export const AssertionError = exc('AssertionError', Exception);
export const AttributeError = exc('AttributeError', Exception);
export const LookupError = exc('LookupError', Exception);
export const IndexError = exc('IndexError', LookupError);
export const KeyError = exc('KeyError', LookupError);
export const NameError = exc('NameError', Exception);
export const UnboundLocalError = exc('UnboundLocalError', NameError);
export const OSError = exc('OSError', Exception);
export const FileNotFoundError = exc('FileNotFoundError', OSError);
export const TimeoutError = exc('TimeoutError', OSError);
export const ConnectionError = exc('ConnectionError', OSError);
export const ConnectionResetError = exc('ConnectionResetError', ConnectionError);
export const ConnectionRefusedError = exc('ConnectionRefusedError', ConnectionError);
export const ConnectionAbortedError = exc('ConnectionAbortedError', ConnectionError);
export const BrokenPipeError = exc('BrokenPipeError', ConnectionError);
export const PermissionError = exc('PermissionError', OSError);
export const FileExistsError = exc('FileExistsError', OSError);
export const IsADirectoryError = exc('IsADirectoryError', OSError);
export const InterruptedError = exc('InterruptedError', OSError);
export const BlockingIOError = exc('BlockingIOError', OSError);
export const ChildProcessError = exc('ChildProcessError', OSError);
export const ProcessLookupError = exc('ProcessLookupError', OSError);
export const RuntimeError = exc('RuntimeError', Exception);
export const NotImplementedError = exc('NotImplementedError', RuntimeError);
export const RecursionError = exc('RecursionError', RuntimeError);
export const PyTypeError = exc('TypeError', Exception);
export const ValueError = exc('ValueError', Exception);
export const UnicodeError = exc('UnicodeError', ValueError);
export const UnicodeDecodeError = exc('UnicodeDecodeError', UnicodeError);
export const UnicodeEncodeError = exc('UnicodeEncodeError', UnicodeError);
export const StopAsyncIteration = exc('StopAsyncIteration', Exception);
export const PyReferenceError = exc('ReferenceError', Exception);
export const RuntimeWarning = exc('RuntimeWarning', Exception);
export const FutureWarning = exc('FutureWarning', Exception);
export const PendingDeprecationWarning = exc('PendingDeprecationWarning', Exception);
export const ResourceWarning = exc('ResourceWarning', Exception);
export const SyntaxWarning = exc('SyntaxWarning', Exception);
export const ImportWarning = exc('ImportWarning', Exception);
export const UnicodeWarning = exc('UnicodeWarning', Exception);
export const BytesWarning = exc('BytesWarning', Exception);
export const EncodingWarning = exc('EncodingWarning', Exception);
export const IndentationError = exc('IndentationError', Exception);
export const TabError = exc('TabError', IndentationError);
export const ImportError = exc('ImportError', Exception);
export const ModuleNotFoundError = exc('ModuleNotFoundError', ImportError);
export const SyntaxErrorType = exc('SyntaxError', Exception);
export const SystemError = exc('SystemError', Exception);
export const MemoryError = exc('MemoryError', Exception);
export const EOFError = exc('EOFError', Exception);
export const BufferError = exc('BufferError', Exception);
export const Warning = exc('Warning', Exception);
export const UserWarning = exc('UserWarning', Warning);
export const DeprecationWarning = exc('DeprecationWarning', Warning);
export const BrokenBarrierError = exc('BrokenBarrierError', RuntimeError);
BrokenBarrierError.module = 'threading';
export const QueueEmpty = exc('Empty', Exception);
QueueEmpty.module = '_queue';
export const QueueFull = exc('Full', Exception);
QueueFull.module = 'queue';
export const JSONDecodeError = exc('JSONDecodeError', ValueError);
JSONDecodeError.module = 'json.decoder';

export const EXCEPTIONS: readonly PyType[] = [
  ConnectionError,
  ConnectionResetError,
  ConnectionRefusedError,
  ConnectionAbortedError,
  BrokenPipeError,
  PermissionError,
  FileExistsError,
  IsADirectoryError,
  InterruptedError,
  BlockingIOError,
  ChildProcessError,
  ProcessLookupError,
  UnicodeDecodeError,
  UnicodeEncodeError,
  StopAsyncIteration,
  PyReferenceError,
  IndentationError,
  TabError,
  BaseException,
  SystemExit,
  KeyboardInterrupt,
  GeneratorExit,
  Exception,
  StopIteration,
  ArithmeticError,
  ZeroDivisionError,
  OverflowError,
  AssertionError,
  AttributeError,
  LookupError,
  IndexError,
  KeyError,
  NameError,
  UnboundLocalError,
  OSError,
  FileNotFoundError,
  TimeoutError,
  RuntimeError,
  NotImplementedError,
  RecursionError,
  PyTypeError,
  ValueError,
  UnicodeError,
  ImportError,
  ModuleNotFoundError,
  SyntaxErrorType,
  SystemError,
  MemoryError,
  EOFError,
  BufferError,
  Warning,
  UserWarning,
  DeprecationWarning,
];

export function makeExc(t: PyType, args: readonly unknown[]): PyExc {
  const e = new PyExc(t);
  e.args = args.length === 0 ? EMPTY_TUPLE : new PyTuple(args.slice());
  return e;
}

export function pyErr(t: PyType, msg?: unknown): PyExc {
  return makeExc(t, msg === undefined ? [] : [msg]);
}
export const typeError = (m: string): PyExc => pyErr(PyTypeError, m);
export const valueError = (m: string): PyExc => pyErr(ValueError, m);
export const attributeError = (m: string): PyExc => pyErr(AttributeError, m);
export const indexError = (m: string): PyExc => pyErr(IndexError, m);
export const zeroDivision = (m: string): PyExc => pyErr(ZeroDivisionError, m);
export const runtimeError = (m: string): PyExc => pyErr(RuntimeError, m);

export function noAttr(x: unknown, name: string): PyExc {
  if (x instanceof PyType) return attributeError(`type object '${x.name}' has no attribute '${name}'`);
  if (x instanceof PyModule) return attributeError(`module '${x.name}' has no attribute '${name}'`);
  const t = typeOf(x);
  return attributeError(`'${t.tpName ?? t.name}' object has no attribute '${name}'`);
}

/** `PY_TYPE` is read through this: lets model objects name their Python class. */
export function setPyType(proto: object, t: PyType): void {
  Object.defineProperty(proto, PY_TYPE, { value: t, configurable: true });
}
