/**
 * `concurrent.futures` bound onto models/futures: the pools, Future, wait and as_completed
 * are the models' objects given Python classes; a Python callable becomes a model task
 * that drives the call with `yield*` (so a task may block), and the models' own errors
 * (CancelledError, BrokenProcessPool, ...) become the Python classes CPython raises.
 *
 * Differs from CPython: a done-callback is a plain call in the model, so a callback that
 * blocks (waits on a lock held elsewhere, sleeps) raises concsim's RuntimeError; calling
 * `result()` on the finished future inside it works, as in the note's crawler. A task's
 * keyword arguments are bound in the parent. Future's repr has no address.
 */

import type { Blocking, Op } from '../../engine/index.ts';
import {
  ALL_COMPLETED,
  asCompleted,
  BrokenProcessPool,
  BrokenThreadPool,
  CancelledError,
  type Executor,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  InvalidStateError,
  ProcessPoolExecutor,
  type ResultIterator,
  ThreadPoolExecutor,
  wait,
} from '../../models/futures/index.ts';
import { PicklingError, REDUCE } from '../../models/pickle.ts';
import { callG } from '../runtime/call.ts';
import { str } from '../runtime/format.ts';
import { ArrayIter, PyGenerator, toArray } from '../runtime/iter.ts';
import { def } from '../runtime/methods.ts';
import { type AnyFn, PyExc, PyModule, PyObject, PySet, PyType } from '../runtime/objects.ts';
import { hashKey, truth } from '../runtime/ops.ts';
import { Exception, pyErr, RuntimeError, setPyType, TimeoutError, typeError, typeName } from '../runtime/types.ts';
import { importModule, mkType, registerModule, setMake } from './registry.ts';
import { seconds } from './threading.ts';

// Python types and modules cross a pickle by reference, as CPython pickles classes by name:
// a deep copy would make a second `ValueError` that `except ValueError` does not catch.
for (const proto of [PyType.prototype, PyModule.prototype]) {
  Object.defineProperty(proto, REDUCE, {
    value(this: object) {
      return this;
    },
    configurable: true,
  });
}

const BASE = 'concurrent.futures._base';
export const FuturesErrorPy = mkType('Error', BASE, Exception);
export const CancelledErrorPy = mkType('CancelledError', BASE, FuturesErrorPy);
export const InvalidStateErrorPy = mkType('InvalidStateError', BASE, FuturesErrorPy);
export const BrokenExecutorPy = mkType('BrokenExecutor', BASE, RuntimeError);
export const BrokenProcessPoolPy = mkType('BrokenProcessPool', 'concurrent.futures.process', BrokenExecutorPy);
export const BrokenThreadPoolPy = mkType('BrokenThreadPool', 'concurrent.futures.thread', BrokenExecutorPy);
export const PickleErrorPy = mkType('PickleError', '_pickle', Exception);
export const PicklingErrorPy = mkType('PicklingError', '_pickle', PickleErrorPy);
PicklingErrorPy.module = '_pickle';

/** The Python exception a model error stands for (others pass through to toPy). */
export function pyError(e: unknown): unknown {
  if (e instanceof PyExc || !(e instanceof Error)) return e;
  const msg = e.message;
  const mk = (t: PyType) => (msg === '' ? pyErr(t) : pyErr(t, msg));
  if (e instanceof CancelledError) return mk(CancelledErrorPy);
  if (e instanceof InvalidStateError) return mk(InvalidStateErrorPy);
  if (e instanceof BrokenProcessPool) return mk(BrokenProcessPoolPy);
  if (e instanceof BrokenThreadPool) return mk(BrokenThreadPoolPy);
  if (e instanceof PicklingError) return mk(PicklingErrorPy);
  if (e.name === 'TimeoutError') return mk(TimeoutError);
  return e;
}

// The runtime's toPy reads `$py` first: these model errors become their Python classes
// wherever Python code sees them (a worker's pickling error, a pool's result, ...).
for (const cls of [CancelledError, InvalidStateError, BrokenProcessPool, BrokenThreadPool, PicklingError]) {
  Object.defineProperty(cls.prototype, '$py', {
    configurable: true,
    get(this: Error) {
      const p = pyError(this);
      Object.defineProperty(this, '$py', { value: p, configurable: true, writable: true });
      return p;
    },
  });
}

/** Drives a model operation, turning its errors into Python's. */
/** Drives a model's blocking call whose Python counterpart returns None. */
function* none(g: Op<unknown>): Blocking<null> {
  yield* py(g);
  return null;
}

export function* py<T>(g: Op<T>): Blocking<T> {
  try {
    return yield* g;
  } catch (e) {
    throw pyError(e);
  }
}
function plain<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw pyError(e);
  }
}

/** The name pickle sees: a lambda is a local object, a def crosses by reference. */
function fnName(f: unknown): string {
  const info = (f as AnyFn | null)?.$fn;
  if (info !== undefined) return info.name === '<lambda>' ? '' : info.name;
  if (typeof f === 'function') return (f as AnyFn).$name ?? f.name;
  return typeName(f);
}

/** A Python callable as a model task: calling it starts the Python call, which may block. */
export function task(f: unknown, kwn: readonly string[] | null = null, kwv: unknown[] | null = null): AnyFn {
  const t = (...a: unknown[]) => callG(f, a, kwn, kwv);
  Object.defineProperty(t, 'name', { value: fnName(f) });
  return t as AnyFn;
}

export function timeoutOf(x: unknown): number | null {
  return x === undefined || x === null ? null : seconds(x);
}

function kwSplit(kw: Map<string, unknown> | null): [string[] | null, unknown[] | null] {
  if (kw === null || kw.size === 0) return [null, null];
  return [[...kw.keys()], [...kw.values()]];
}

export const futureType = mkType('Future', BASE);
setPyType(Future.prototype, futureType);
const tpeType = mkType('ThreadPoolExecutor', 'concurrent.futures.thread');
const ppeType = mkType('ProcessPoolExecutor', 'concurrent.futures.process');
setPyType(ThreadPoolExecutor.prototype, tpeType);
setPyType(ProcessPoolExecutor.prototype, ppeType);
const dndType = mkType('DoneAndNotDoneFutures', BASE);

// ---- Future -------------------------------------------------------------------------------

function resultOf(f: Future, t: unknown): Blocking<unknown> {
  return py(f.result(timeoutOf(t)));
}
function* exceptionOf(f: Future, t: unknown): Blocking<unknown> {
  const e = yield* py(f.exception(timeoutOf(t)));
  return e === null || e === undefined ? null : pyError(e);
}
const res = def(futureType, 'result', (f: Future, t?: unknown) => resultOf(f, t), { blk: true });
res.$kwf = (a, kw) => resultOf(a[0] as Future, kw?.get('timeout') ?? a[1]);
const exc = def(futureType, 'exception', (f: Future, t?: unknown) => exceptionOf(f, t), { blk: true });
exc.$kwf = (a, kw) => exceptionOf(a[0] as Future, kw?.get('timeout') ?? a[1]);
def(futureType, 'done', (f: Future) => f.done());
def(futureType, 'running', (f: Future) => f.running());
def(futureType, 'cancelled', (f: Future) => f.cancelled());
def(futureType, 'cancel', (f: Future) => py(f.cancel()), { blk: true });
// Callbacks run in the completing thread and may block there, as in CPython [FUT-5].
def(
  futureType,
  'add_done_callback',
  (f: Future, fn: unknown) => none(f.addDoneCallback((fut) => callG(fn, [fut], null, null))),
  {
    blk: true,
  },
);
def(futureType, 'set_result', (f: Future, v: unknown) => none(f.setResult(v)), { blk: true });
def(futureType, 'set_exception', (f: Future, v: unknown) => none(f.setException(v)), { blk: true });
def(futureType, 'set_running_or_notify_cancel', (f: Future) => plain(() => f.setRunningOrNotifyCancel()));
def(futureType, '__repr__', (f: Future) => {
  const s = f.state.toLowerCase();
  if (s !== 'finished') return `<Future state=${s === 'cancelled_and_notified' ? 'cancelled' : s}>`;
  const o = f.outcome;
  if (o?.raised) return `<Future state=finished raised ${typeName(pyError(o.value))}>`;
  return `<Future state=finished returned ${typeName(o?.value)}>`;
});
setMake(futureType, () => new Future());

// ---- executors ----------------------------------------------------------------------------

function kwOf(a: unknown[], kw: Map<string, unknown> | null, names: readonly string[]): unknown[] {
  const full = a.slice();
  if (kw !== null) {
    for (const [k, v] of kw) {
      const i = names.indexOf(k);
      if (i < 0) throw typeError(`__init__() got an unexpected keyword argument '${k}'`);
      while (full.length <= i) full.push(undefined);
      full[i] = v;
    }
  }
  return full;
}
function intOrNull(x: unknown): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return x as number;
}
function argsOf(x: unknown): unknown[] {
  return x === undefined || x === null ? [] : toArray(x);
}
function initializerOf(x: unknown): AnyFn | null {
  if (x === undefined || x === null) return null;
  return task(x);
}

setMake(tpeType, (_c, a, kw) => {
  const [max, prefix, init, initargs] = kwOf(a, kw, ['max_workers', 'thread_name_prefix', 'initializer', 'initargs']);
  return plain(
    () =>
      new ThreadPoolExecutor({
        maxWorkers: intOrNull(max),
        ...(prefix !== undefined && prefix !== null ? { threadNamePrefix: str(prefix) } : {}),
        initializer: initializerOf(init),
        initargs: argsOf(initargs),
      }),
  );
});
setMake(ppeType, (_c, a, kw) => {
  const [max, ctx, init, initargs, mtpc] = kwOf(a, kw, [
    'max_workers',
    'mp_context',
    'initializer',
    'initargs',
    'max_tasks_per_child',
  ]);
  let method: 'fork' | 'spawn' | null = null;
  if (ctx !== undefined && ctx !== null) {
    const m = (ctx as { $method?: string }).$method ?? str(ctx);
    method = m === 'spawn' ? 'spawn' : 'fork';
  }
  return plain(
    () =>
      new ProcessPoolExecutor({
        maxWorkers: intOrNull(max),
        mpContext: method,
        initializer: initializerOf(init),
        initargs: argsOf(initargs),
        maxTasksPerChild: intOrNull(mtpc),
      }),
  );
});

function mapIter(it: ResultIterator<unknown>): PyGenerator {
  const g = function* (): Blocking<unknown> {
    try {
      for (;;) {
        const r = yield* py(it.next());
        if (r.done === true) return null;
        yield r.value;
      }
    } finally {
      yield* py(it.close());
    }
  };
  return new PyGenerator(g(), 'result_iterator', 'Executor.map.<locals>.result_iterator');
}

for (const t of [tpeType, ppeType]) {
  // submit() and map() may block: they hold `_shutdown_lock` while a new worker starts.
  const submit = def(
    t,
    'submit',
    (ex: Executor, fn: unknown, ...a: unknown[]) => py(ex.submit(task(fn), ...(a as never[]))),
    {
      blk: true,
    },
  );
  submit.$kwf = (a, kw) => {
    const [kn, kv] = kwSplit(kw);
    return py((a[0] as Executor).submit(task(a[1], kn, kv), ...(a.slice(2) as never[])));
  };
  const map = def(
    t,
    'map',
    function* (ex: Executor, fn: unknown, ...its: unknown[]) {
      return mapIter(yield* py(ex.map(task(fn), ...its.map((x) => toArray(x)))));
    },
    { blk: true },
  );
  map.$kwf = function* (a, kw) {
    const timeout = timeoutOf(kw?.get('timeout'));
    const cs = kw?.get('chunksize');
    const o = { timeout, ...(cs !== undefined ? { chunksize: Number(cs) } : {}) };
    const ex = a[0] as Executor;
    return mapIter(yield* py(ex.map(task(a[1]), ...a.slice(2).map((x) => toArray(x)), o)));
  };
  const shutdown = def(
    t,
    'shutdown',
    (ex: Executor, w?: unknown, cf?: unknown) =>
      py(ex.shutdown({ wait: w === undefined ? true : truth(w), cancelFutures: cf === undefined ? false : truth(cf) })),
    { blk: true, kw: ['wait', 'cancel_futures'] },
  );
  void shutdown;
  def(t, '__enter__', (ex: Executor) => ex);
  def(t, '__exit__', (ex: Executor) => py(ex.shutdown({ wait: true })), { blk: true });
}

// ---- wait, as_completed --------------------------------------------------------------------

export function pySet(xs: Iterable<unknown>): PySet {
  const s = new PySet();
  for (const x of xs) s.m.set(hashKey(x), x);
  return s;
}
function futuresOf(fs: unknown): Future[] {
  const a = toArray(fs);
  for (const f of a) {
    if (!(f instanceof Future)) throw typeError(`'${typeName(f)}' object has no attribute '_condition'`);
  }
  return a as Future[];
}
def(dndType, '__iter__', (o: PyObject) => new ArrayIter([o.d.done, o.d.not_done]));
def(dndType, '__len__', () => 2n);
def(dndType, '__getitem__', (o: PyObject, i: unknown) =>
  Number(i) === 0 || Number(i) === -2 ? o.d.done : o.d.not_done,
);

registerModule('concurrent', (ctx) => {
  const m = new PyModule('concurrent');
  m.d.futures = importModule(ctx, 'concurrent.futures');
  return m;
});

function build(): PyModule {
  const m = new PyModule('concurrent.futures');
  m.d.__file__ = '/usr/lib/python3.11/concurrent/futures/__init__.py';
  m.d.ThreadPoolExecutor = tpeType;
  m.d.ProcessPoolExecutor = ppeType;
  m.d.Future = futureType;
  m.d.Executor = mkType('Executor', BASE);
  m.d.CancelledError = CancelledErrorPy;
  m.d.InvalidStateError = InvalidStateErrorPy;
  m.d.BrokenExecutor = BrokenExecutorPy;
  m.d.TimeoutError = TimeoutError;
  m.d.FIRST_COMPLETED = FIRST_COMPLETED;
  m.d.FIRST_EXCEPTION = FIRST_EXCEPTION;
  m.d.ALL_COMPLETED = ALL_COMPLETED;
  const w = function* (fs: unknown, timeout: unknown, rw: unknown): Blocking<unknown> {
    const list = futuresOf(fs);
    const how = rw === undefined || rw === null ? ALL_COMPLETED : str(rw);
    const r = yield* py(wait(list, { timeout: timeoutOf(timeout), returnWhen: how as typeof ALL_COMPLETED }));
    const o = new PyObject(dndType);
    o.d.done = pySet(r.done);
    o.d.not_done = pySet(r.notDone);
    return o;
  };
  const wf = ((fs: unknown, t?: unknown, rw?: unknown) => w(fs, t, rw)) as AnyFn;
  wf.$name = 'wait';
  wf.$blk = true;
  wf.$kwf = (a, kw) => w(a[0] ?? kw?.get('fs'), kw?.get('timeout') ?? a[1], kw?.get('return_when') ?? a[2]);
  m.d.wait = wf;
  const ac = (fs: unknown, timeout?: unknown): PyGenerator => {
    const it = plain(() => asCompleted(futuresOf(fs), timeoutOf(timeout)));
    const g = function* (): Blocking<unknown> {
      try {
        for (;;) {
          const r = yield* py(it.next());
          if (r.done === true) return null;
          yield r.value;
        }
      } finally {
        it.close();
      }
    };
    return new PyGenerator(g(), 'as_completed', 'as_completed');
  };
  const acf = ac as AnyFn;
  acf.$name = 'as_completed';
  acf.$nb = true;
  acf.$kwf = (a, kw) => ac(a[0] ?? kw?.get('fs'), kw?.get('timeout') ?? a[1]);
  m.d.as_completed = acf;
  return m;
}
registerModule('concurrent.futures', build);
registerModule('pickle', () => {
  const m = new PyModule('pickle');
  m.d.PickleError = PickleErrorPy;
  m.d.PicklingError = PicklingErrorPy;
  m.d.HIGHEST_PROTOCOL = 5;
  m.d.DEFAULT_PROTOCOL = 4;
  return m;
});
registerModule('concurrent.futures.process', () => {
  const m = new PyModule('concurrent.futures.process');
  m.d.BrokenProcessPool = BrokenProcessPoolPy;
  m.d.ProcessPoolExecutor = ppeType;
  return m;
});
registerModule('concurrent.futures.thread', () => {
  const m = new PyModule('concurrent.futures.thread');
  m.d.BrokenThreadPool = BrokenThreadPoolPy;
  m.d.ThreadPoolExecutor = tpeType;
  return m;
});
