/**
 * `threading` bound onto models/threading: a Python Thread (or subclass instance) owns a
 * model Thread whose `run` calls the Python `run` method; Lock, RLock, Condition,
 * Semaphore, BoundedSemaphore, Event, Barrier and Timer are the models' objects
 * themselves, given Python classes. Blocking methods return the models' Ops, which the
 * compiled code drives with `yield*`.
 *
 * Uncaught exceptions in a thread go to `threading.excepthook`; the default prints
 * `Exception in thread NAME:` and the traceback (with threading.py's own frames, as
 * CPython 3.11.7 prints them) to stderr and the program goes on.
 */
import type { Blocking } from '../../engine/index.ts';
import {
  activeCount,
  Barrier,
  BoundedSemaphore,
  Condition,
  currentThread,
  Event,
  enumerateThreads,
  getIdent,
  Lock,
  RLock,
  Semaphore,
  setExcepthook,
  Thread,
  Timer,
} from '../../models/index.ts';
import { callG, callSync, lookup } from '../runtime/call.ts';
import { runCtx } from '../runtime/context.ts';
import { formatException, type TbEntry, toPy, warn } from '../runtime/exceptions.ts';
import { str } from '../runtime/format.ts';
import { toArray } from '../runtime/iter.ts';
import { def, prop } from '../runtime/methods.ts';
import {
  type AnyFn,
  PyDict,
  type PyExc,
  PyFloat,
  PyModule,
  PyObject,
  PyTuple,
  type PyType,
} from '../runtime/objects.ts';
import { objId, truth } from '../runtime/ops.ts';
import {
  BrokenBarrierError,
  isSubtype,
  SystemExit,
  setPyType,
  typeError,
  typeName,
  valueError,
} from '../runtime/types.ts';
import { func, mkType, type RunContext, registerModule } from './registry.ts';

const PYLIB = '/usr/lib/python3.11/threading.py';
const BOOT: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: `  File "${PYLIB}", line 1045, in _bootstrap_inner\n    self.run()\n`,
};
const RUN: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: `  File "${PYLIB}", line 982, in run\n    self._target(*self._args, **self._kwargs)\n`,
};
const TIMER_WAIT: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: `  File "${PYLIB}", line 1399, in run\n    self.finished.wait(self.interval)\n  File "${PYLIB}", line 622, in wait\n    signaled = self._cond.wait(timeout)\n               ^^^^^^^^^^^^^^^^^^^^^^^^\n  File "${PYLIB}", line 324, in wait\n    if timeout > 0:\n       ^^^^^^^^^^^\n`,
};
const TIMER_RUN: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: `  File "${PYLIB}", line 1401, in run\n    self.function(*self.args, **self.kwargs)\n`,
};

/** A number of seconds from a Python int or float. */
export function seconds(x: unknown): number {
  if (x instanceof PyFloat) return x.v;
  if (typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'bigint') return Number(x);
  throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer`);
}
/** A wait's timeout: CPython compares it with 0 first, hence its TypeError's wording. */
function timeoutArg(x: unknown): number | null {
  if (x === undefined || x === null) return null;
  if (
    typeof x === 'string' ||
    !(x instanceof PyFloat || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean')
  ) {
    throw typeError(`'>' not supported between instances of '${typeName(x)}' and 'int'`);
  }
  return seconds(x);
}

export const threadType = mkType('Thread', 'threading');
export const timerType = mkType('Timer', 'threading', threadType);
const lockType = mkType('lock', '_thread');
const rlockType = mkType('RLock', '_thread');
const conditionType = mkType('Condition', 'threading');
const semaphoreType = mkType('Semaphore', 'threading');
const boundedType = mkType('BoundedSemaphore', 'threading', semaphoreType);
const eventType = mkType('Event', 'threading');
const barrierType = mkType('Barrier', 'threading');
setPyType(Lock.prototype, lockType);
setPyType(RLock.prototype, rlockType);
setPyType(Condition.prototype, conditionType);
setPyType(Semaphore.prototype, semaphoreType);
setPyType(BoundedSemaphore.prototype, boundedType);
setPyType(Event.prototype, eventType);
setPyType(Barrier.prototype, barrierType);

/** The model Thread of a Python thread object. */
class PyThread extends Thread {
  constructor(
    readonly py: PyObject,
    o: ConstructorParameters<typeof Thread>[0],
  ) {
    super(o);
  }
  override *run(): Blocking {
    const py = this.py;
    const run = lookup(py.cls, 'run');
    try {
      yield* callG(run, [py], null, null);
    } catch (e) {
      const x = toPy(e);
      x.tb.push(BOOT);
      throw x;
    }
  }
}

/** Python's view of a model thread (MainThread, or one started by a model). */
const wrappers = new WeakMap<Thread, PyObject>();
function pyThread(t: Thread): PyObject {
  if (t instanceof PyThread) return t.py;
  let o = wrappers.get(t);
  if (o === undefined) {
    o = new PyObject(threadType);
    (o as { $t?: Thread }).$t = t;
    wrappers.set(t, o);
  }
  return o;
}
function model(o: unknown): Thread {
  const t = (o as { $t?: Thread }).$t;
  if (t === undefined) throw new Error('RuntimeError: thread.__init__() not called');
  return t;
}

interface ThreadSlots {
  $t?: Thread;
  target: unknown;
  args: unknown[];
  kwargs: PyDict | null;
}

function targetName(target: unknown): string {
  if (target === null || target === undefined) return '';
  const f = target as AnyFn;
  if (f.$fn !== undefined) return f.$fn.name;
  if (typeof target === 'function') return f.$name ?? f.name;
  const n = (target as { fn?: AnyFn }).fn;
  if (n?.$fn !== undefined) return n.$fn.name;
  return '';
}

/**
 * A stand-in target named as the Python target is, from which the model names the thread
 * `Thread-N (name)`; one per name, not one per thread (a checked run starts several).
 */
const namedTargets = new Map<string, () => void>();
function namedTarget(name: string): () => void {
  let f = namedTargets.get(name);
  if (f === undefined) {
    f = Object.defineProperty(() => {}, 'name', { value: name });
    if (namedTargets.size < 10_000) namedTargets.set(name, f);
  }
  return f;
}

function initThread(
  self: PyObject,
  group: unknown,
  target: unknown,
  name: unknown,
  args: unknown,
  kwargs: unknown,
  daemon: unknown,
): null {
  if (group !== undefined && group !== null) throw valueError('group argument must be None for now');
  const s = self as unknown as ThreadSlots;
  s.target = target ?? null;
  s.args = args === undefined || args === null ? [] : (args as unknown[]);
  s.kwargs = (kwargs as PyDict | null) ?? null;
  const tn = targetName(target);
  const opts: { name?: string; target?: () => void; daemon?: boolean } = {};
  if (name !== undefined && name !== null) opts.name = str(name);
  else opts.target = namedTarget(tn);
  if (daemon !== undefined && daemon !== null) opts.daemon = truth(daemon);
  s.$t = new PyThread(self, opts);
  return null;
}
threadType.make = (cls, args, kw) => {
  const o = new PyObject(cls);
  if (cls === threadType) callThreadInit(o, args, kw);
  return o;
};
const THREAD_KW = ['group', 'target', 'name', 'args', 'kwargs', 'daemon'];
function callThreadInit(o: PyObject, args: unknown[], kw: Map<string, unknown> | null): null {
  const full: unknown[] = args.slice();
  if (kw !== null) {
    for (const [k, v] of kw) {
      const i = THREAD_KW.indexOf(k);
      if (i < 0) throw typeError(`Thread.__init__() got an unexpected keyword argument '${k}'`);
      while (full.length <= i) full.push(undefined);
      full[i] = v;
    }
  }
  return initThread(o, full[0], full[1], full[2], full[3], full[4], full[5]);
}
const tinit = def(threadType, '__init__', (self: PyObject, ...a: unknown[]) => callThreadInit(self, a, null));
tinit.$kwf = (args, kw) => callThreadInit(args[0] as PyObject, args.slice(1), kw);

function* runTarget(self: PyObject): Blocking<unknown> {
  const s = self as unknown as ThreadSlots;
  if (s.target === null || s.target === undefined) return null;
  const kw = s.kwargs;
  const kn = kw === null ? null : [...kw.m.values()].map((e) => e[0] as string);
  const kv = kw === null ? null : [...kw.m.values()].map((e) => e[1]);
  try {
    let args: unknown[];
    try {
      args = toArray(s.args);
    } catch {
      throw typeError(`${fnLabel(s.target)} argument after * must be an iterable, not ${typeName(s.args)}`);
    }
    yield* callG(s.target, args, kn, kv);
  } catch (e) {
    const x = toPy(e);
    x.tb.push(RUN);
    throw x;
  }
  return null;
}
function fnLabel(f: unknown): string {
  const fn = f as AnyFn;
  if (fn.$fn !== undefined) return `${fn.$fn.module}.${fn.$fn.qualname}()`;
  return `${targetName(f)}()`;
}
def(threadType, 'run', (self: PyObject) => runTarget(self), { blk: true });
// start() waits for the new thread's `_started` [THR-7]: a blocking call.
def(
  threadType,
  'start',
  function* (self: PyObject) {
    yield* model(self).start();
    return null;
  },
  { blk: true },
);
const join = def(threadType, 'join', (self: PyObject, timeout?: unknown) => model(self).join(timeoutArg(timeout)), {
  blk: true,
});
join.$kwf = (args, kw) => model(args[0]).join(timeoutArg(kw?.get('timeout') ?? args[1]));
def(threadType, 'is_alive', (self: PyObject) => model(self).isAlive());
/** Deprecated spellings warn as CPython 3.11 does (DeprecationWarning, once per line). */
function deprecated<F extends AnyFn>(f: F, msg: string): F {
  const g = ((...a: unknown[]) => {
    const c = runCtx.cur;
    if (c !== null) warn('DeprecationWarning', msg, c.stderr);
    return f(...a);
  }) as unknown as F;
  g.$name = f.$name ?? f.name;
  return g;
}
function defDeprecated(t: PyType | PyModule, name: string, f: AnyFn, msg: string): void {
  const g = deprecated(f, msg);
  g.$name = name;
  if (t instanceof PyModule) t.d[name] = g;
  else t.dict[name] = g;
}
defDeprecated(
  threadType,
  'getName',
  (self: PyObject) => model(self).name,
  'getName() is deprecated, get the name attribute instead',
);
defDeprecated(
  threadType,
  'setName',
  (self: PyObject, n: unknown) => {
    model(self).name = str(n);
    return null;
  },
  'setName() is deprecated, set the name attribute instead',
);
defDeprecated(
  threadType,
  'isDaemon',
  (self: PyObject) => model(self).daemon,
  'isDaemon() is deprecated, get the daemon attribute instead',
);
defDeprecated(
  threadType,
  'setDaemon',
  (self: PyObject, d: unknown) => {
    model(self).daemon = truth(d);
    return null;
  },
  'setDaemon() is deprecated, set the daemon attribute instead',
);
def(threadType, '__repr__', (self: PyObject) => {
  const t = model(self);
  const status = t.isAlive() ? 'started' : t.fiber === null ? 'initial' : 'stopped';
  const daemon = t.daemon ? ' daemon' : '';
  const ident = t.ident === null ? '' : ` ${identOf(t)}`;
  const cls = t.name === 'MainThread' && wrappers.get(t) === self ? '_MainThread' : self.cls.name;
  return `<${cls}(${t.name}, ${status}${daemon}${ident})>`;
});
function identOf(t: Thread): number {
  return 139900000000000 + (t.ident ?? 0) * 4096;
}
prop(
  threadType,
  'name',
  (o) => model(o).name,
  (o, v) => {
    model(o).name = str(v);
  },
);
prop(
  threadType,
  'daemon',
  (o) => model(o).daemon,
  (o, v) => {
    model(o).daemon = truth(v);
  },
);
prop(threadType, 'ident', (o) => (model(o).ident === null ? null : identOf(model(o))));
prop(threadType, 'native_id', (o) => model(o).ident);

// ---- Timer ---------------------------------------------------------------------------------

timerType.make = (cls, args, kw) => {
  const o = new PyObject(cls);
  const interval: unknown = args[0] instanceof PyFloat || typeof args[0] === 'number' ? seconds(args[0]) : args[0];
  const fnArg = args[1] ?? kw?.get('function');
  const fargs = args[2] ?? kw?.get('args') ?? null;
  const fkw = (args[3] ?? kw?.get('kwargs') ?? null) as PyDict | null;
  const pyArgs = fargs === null ? [] : fargs instanceof PyTuple ? fargs.a.slice() : (fargs as unknown[]).slice();
  const kn = fkw === null ? null : [...fkw.m.values()].map((e) => e[0] as string);
  const kv = fkw === null ? null : [...fkw.m.values()].map((e) => e[1]);
  const call = function* (): Blocking<unknown> {
    try {
      return yield* callG(fnArg, pyArgs, kn, kv);
    } catch (e) {
      const x = toPy(e);
      x.tb.push(TIMER_RUN, BOOT);
      throw x;
    }
  };
  const t = new Timer(typeof interval === 'number' ? interval : 0, call, []);
  if (typeof interval !== 'number') {
    // CPython fails in the timer's thread, at `finished.wait(interval)`.
    const bad = args[0];
    t.run = function* (): Blocking {
      yield* [];
      const x = toPy(typeError(`'>' not supported between instances of '${typeName(bad)}' and 'int'`));
      x.tb.push(TIMER_WAIT, BOOT);
      throw x;
    };
  }
  (o as { $t?: Thread }).$t = t;
  o.d.interval = args[0];
  o.d.function = fnArg;
  o.d.args = fargs === null ? [] : fargs;
  o.d.kwargs = fkw === null ? new PyDict() : fkw;
  o.d.finished = t.finished;
  wrappers.set(t, o);
  return o;
};
def(timerType, 'cancel', (self: PyObject) => {
  (model(self) as Timer).cancel();
  return null;
});
def(timerType, '__init__', () => null);

// ---- locks -----------------------------------------------------------------------------------

function acquireArgs(a: unknown[], kw: Map<string, unknown> | null): [boolean, number] {
  const blocking = kw?.get('blocking') ?? a[0];
  const timeout = kw?.get('timeout') ?? a[1];
  const b = blocking === undefined ? true : truth(blocking);
  const t = timeout === undefined || timeout === null ? -1 : seconds(timeout);
  if (!b && t !== -1) throw valueError("can't specify a timeout for a non-blocking call");
  if (t < 0 && t !== -1) throw valueError('timeout value must be positive');
  return [b, t];
}
for (const [t, label] of [
  [lockType, 'lock'],
  [rlockType, 'RLock'],
] as const) {
  const acq = def(t, 'acquire', (self: Lock, ...a: unknown[]) => self.acquire(...acquireArgs(a, null)), { blk: true });
  acq.$kwf = (args, kw) => (args[0] as Lock).acquire(...acquireArgs(args.slice(1), kw));
  def(t, '__enter__', (self: Lock) => self.acquire(), { blk: true });
  def(t, 'release', (self: Lock) => {
    self.release();
    return null;
  });
  def(t, '__exit__', (self: Lock) => {
    self.release();
    return null;
  });
  if (label === 'lock') {
    def(t, 'locked', (self: Lock) => self.locked());
    def(
      t,
      '__repr__',
      (self: Lock) =>
        `<${self.locked() ? 'locked' : 'unlocked'} _thread.lock object at 0x${objId(self).toString(16).padStart(12, '0')}>`,
    );
  } else {
    def(
      t,
      '__repr__',
      (self: RLock) =>
        `<unlocked _thread.RLock object owner=0 count=0 at 0x${objId(self).toString(16).padStart(12, '0')}>`,
    );
  }
}
lockType.make = () => new Lock();
rlockType.make = () => new RLock();

conditionType.make = (_c, a, kw) => {
  const lock = (a[0] ?? kw?.get('lock') ?? null) as Lock | RLock | null;
  return new Condition(lock === null ? {} : { lock });
};
{
  const t = conditionType;
  const acq = def(t, 'acquire', (self: Condition, ...a: unknown[]) => self.acquire(...acquireArgs(a, null)), {
    blk: true,
  });
  acq.$kwf = (args, kw) => (args[0] as Condition).acquire(...acquireArgs(args.slice(1), kw));
  def(t, '__enter__', (self: Condition) => self.acquire(), { blk: true });
  def(t, 'release', (self: Condition) => {
    self.release();
    return null;
  });
  def(t, '__exit__', (self: Condition) => {
    self.release();
    return null;
  });
  const wait = def(t, 'wait', (self: Condition, timeout?: unknown) => self.wait(timeoutArg(timeout)), { blk: true });
  wait.$kwf = (args, kw) => (args[0] as Condition).wait(timeoutArg(kw?.get('timeout') ?? args[1]));
  const waitFor = def(
    t,
    'wait_for',
    (self: Condition, pred: unknown, timeout?: unknown) => self.waitFor(() => callSync(pred, []), timeoutArg(timeout)),
    { blk: true },
  );
  waitFor.$kwf = (args, kw) =>
    (args[0] as Condition).waitFor(() => callSync(args[1], []), timeoutArg(kw?.get('timeout') ?? args[2]));
  const notify = def(t, 'notify', (self: Condition, n?: unknown) => {
    self.notify(n === undefined ? 1 : Number(n));
    return null;
  });
  notify.$kwf = (args, kw) => notify(args[0], kw?.get('n') ?? args[1]);
  def(t, 'notify_all', (self: Condition) => {
    self.notifyAll();
    return null;
  });
  def(t, 'notifyAll', (self: Condition) => {
    self.notifyAll();
    return null;
  });
}

for (const t of [semaphoreType, boundedType]) {
  const acq = def(
    t,
    'acquire',
    (self: Semaphore, blocking?: unknown, timeout?: unknown) =>
      self.acquire(blocking === undefined ? true : truth(blocking), timeoutArg(timeout)),
    { blk: true },
  );
  acq.$kwf = (args, kw) =>
    (args[0] as Semaphore).acquire(
      truth(kw?.get('blocking') ?? args[1] ?? true),
      timeoutArg(kw?.get('timeout') ?? args[2]),
    );
  def(t, '__enter__', (self: Semaphore) => self.acquire(), { blk: true });
  const rel = def(t, 'release', (self: Semaphore, n?: unknown) => {
    self.release(n === undefined ? 1 : Number(n));
    return null;
  });
  rel.$kwf = (args, kw) => rel(args[0], kw?.get('n') ?? args[1]);
  def(t, '__exit__', (self: Semaphore) => {
    self.release();
    return null;
  });
  prop(t, '_value', (o) => (o as unknown as Semaphore).value);
}
semaphoreType.make = (_c, a, kw) => {
  const v = a[0] ?? kw?.get('value') ?? 1;
  if (Number(v) < 0) throw valueError('semaphore initial value must be >= 0');
  return new Semaphore(Number(v));
};
boundedType.make = (_c, a, kw) => {
  const v = a[0] ?? kw?.get('value') ?? 1;
  if (Number(v) < 0) throw valueError('semaphore initial value must be >= 0');
  return new BoundedSemaphore(Number(v));
};

eventType.make = () => new Event();
def(eventType, 'is_set', (self: Event) => self.isSet());
defDeprecated(eventType, 'isSet', (self: Event) => self.isSet(), 'isSet() is deprecated, use is_set() instead');
def(eventType, 'set', (self: Event) => {
  self.set();
  return null;
});
def(eventType, 'clear', (self: Event) => {
  self.clear();
  return null;
});
function* already(): Blocking<boolean> {
  yield* [];
  return true;
}
/** A set Event returns at once, never looking at the timeout (as CPython's does). */
function eventWait(e: Event, timeout: unknown): Iterable<unknown, boolean, unknown> {
  return e.isSet() ? already() : e.wait(timeoutArg(timeout));
}
const ewait = def(eventType, 'wait', (self: Event, timeout?: unknown) => eventWait(self, timeout), { blk: true });
ewait.$kwf = (args, kw) => eventWait(args[0] as Event, kw?.get('timeout') ?? args[1]);

barrierType.make = (_c, a, kw) => {
  const parties = Number(a[0] ?? kw?.get('parties'));
  const action = a[1] ?? kw?.get('action') ?? null;
  const timeout = timeoutArg(a[2] ?? kw?.get('timeout'));
  return new Barrier(parties, {
    action: action === null ? null : () => callG(action, [], null, null),
    timeout,
  });
};
const bwait = def(
  barrierType,
  'wait',
  (self: Barrier, timeout?: unknown) => self.wait(timeout === undefined ? undefined : timeoutArg(timeout)),
  {
    blk: true,
  },
);
bwait.$kwf = (args, kw) => (args[0] as Barrier).wait(timeoutArg(kw?.get('timeout') ?? args[1]) ?? undefined);
def(barrierType, 'reset', (self: Barrier) => {
  self.reset();
  return null;
});
def(barrierType, 'abort', (self: Barrier) => {
  self.abort();
  return null;
});
prop(barrierType, 'parties', (o) => (o as unknown as Barrier).parties);
prop(barrierType, 'n_waiting', (o) => (o as unknown as Barrier).nWaiting);
prop(barrierType, 'broken', (o) => (o as unknown as Barrier).broken);

// ---- excepthook ------------------------------------------------------------------------------

const hookArgsType = mkType('_ExceptHookArgs', 'threading');

function defaultHook(ctx: RunContext, exc: PyExc, thread: Thread): void {
  if (isSubtype(exc.cls, SystemExit)) return;
  const text = `Exception in thread ${thread.name}:\n${formatException(exc)}`;
  ctx.stderr(text);
  if (ctx.threadError === null) {
    ctx.threadError = { thread: thread.name, name: exc.cls.name, message: str(exc), stack: text };
  }
}

/** `threading.local`: attributes kept per thread (keyed by the model Thread). */
const localType = mkType('_local', '_thread');
localType.tpName = '_thread._local';
class ThreadLocal {
  readonly perThread = new Map<Thread, Record<string, unknown>>();
  #own(): Record<string, unknown> {
    const t = currentThread();
    let d = this.perThread.get(t);
    if (d === undefined) {
      d = Object.create(null) as Record<string, unknown>;
      this.perThread.set(t, d);
    }
    return d;
  }
  $attr(name: string): unknown {
    if (name === '__dict__') {
      const out = new PyDict();
      for (const [k, v] of Object.entries(this.#own())) out.m.set(k, [k, v]);
      return out;
    }
    return this.#own()[name];
  }
  $setattr(name: string, v: unknown): boolean {
    this.#own()[name] = v;
    return true;
  }
}
setPyType(ThreadLocal.prototype, localType);
localType.make = () => new ThreadLocal();

/** The module's functions, made once: they read the running program from runCtx. */
const TEMPLATE = new PyModule('threading');
{
  const m = TEMPLATE;
  m.d.__name__ = 'threading';
  for (const [n, t] of [
    ['Thread', threadType],
    ['Timer', timerType],
    ['Lock', lockType],
    ['RLock', rlockType],
    ['Condition', conditionType],
    ['Semaphore', semaphoreType],
    ['BoundedSemaphore', boundedType],
    ['Event', eventType],
    ['Barrier', barrierType],
  ] as const) {
    m.d[n] = t;
  }
  m.d.BrokenBarrierError = BrokenBarrierError;
  m.d.local = localType;
  func(m, 'current_thread', () => pyThread(currentThread()));
  defDeprecated(
    m,
    'currentThread',
    () => pyThread(currentThread()),
    'currentThread() is deprecated, use current_thread() instead',
  );
  func(m, 'main_thread', () => {
    const all = enumerateThreads();
    const main = all.find((t) => t.name === 'MainThread') ?? (all[0] as Thread);
    return pyThread(main);
  });
  func(m, 'enumerate', () => enumerateThreads().map(pyThread));
  func(m, 'active_count', () => activeCount());
  defDeprecated(m, 'activeCount', () => activeCount(), 'activeCount() is deprecated, use active_count() instead');
  func(m, 'get_ident', () => 139900000000000 + getIdent() * 4096);
  func(m, 'get_native_id', () => getIdent());
  const hook = func(m, 'excepthook', (args: PyObject) => {
    const exc = args.d.exc_value as PyExc;
    const t = args.d.thread as PyObject;
    defaultHook(runCtx.cur as RunContext, exc, model(t));
    return null;
  });
  m.d.__excepthook__ = hook;
  m.d.TIMEOUT_MAX = new PyFloat(9223372036.0);
}

/** The last run's module, which the next run takes over unless the program changed it. */
let spare: PyModule | null = null;

registerModule('threading', (ctx) => {
  // A fresh namespace per run (a program may assign threading.excepthook), sharing the
  // template's functions; copying it was a tenth of a short checked run's allocations, so
  // an unchanged one is reused.
  let m = spare;
  if (m === null || m.changed) {
    m = new PyModule('threading');
    Object.assign(m.d, TEMPLATE.d);
    spare = m;
  }
  const mod = m;
  const hook = TEMPLATE.d.excepthook;
  setExcepthook(({ excValue, thread }) => {
    const exc = toPy(excValue);
    const h = mod.d.excepthook;
    if (h === hook) {
      defaultHook(ctx, exc, thread);
      return;
    }
    const args = new PyObject(hookArgsType);
    args.d.exc_type = exc.cls;
    args.d.exc_value = exc;
    args.d.exc_traceback = null;
    args.d.thread = pyThread(thread);
    try {
      callSync(h, [args]);
    } catch (e) {
      ctx.stderr(`Exception in threading.excepthook:\n${formatException(toPy(e))}`);
    }
  });
  return m;
});
