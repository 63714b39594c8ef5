/**
 * `multiprocessing` bound onto models/multiprocessing: Process (a Python object, so it can
 * be subclassed, owning a model Process whose target calls the Python `run`), Queue,
 * JoinableQueue, SimpleQueue, Pipe, Pool (apply, apply_async, map, map_async, imap,
 * imap_unordered, starmap, close, join, terminate, with), current_process, cpu_count (the
 * simulated cores), active_children, get/set_start_method. What crosses between processes
 * is pickled by the model's rules (lambdas and locks do not cross).
 *
 * A forked child gets its own copy of the main module's globals, made at the fork with its
 * arguments (interp-state.ts); what crosses a queue is copied by the model.
 *
 * Differs from CPython: classes and modules are shared between a forked child and its
 * parent (a class attribute changed in one is seen by the other); a task's keyword
 * arguments are bound in the parent.
 */
import type { Blocking } from '../../engine/index.ts';
import * as mp from '../../models/multiprocessing/index.ts';
import { callG, callSync, lookup } from '../runtime/call.ts';
import { runCtx } from '../runtime/context.ts';
import { formatException, type TbEntry } from '../runtime/exceptions.ts';
import { str } from '../runtime/format.ts';
import { PyGenerator, toArray } from '../runtime/iter.ts';
import { def, fnOf, prop } from '../runtime/methods.ts';
import { type AnyFn, type PyDict, PyExc, PyModule, PyObject, PyTuple } from '../runtime/objects.ts';
import { truth } from '../runtime/ops.ts';
import { isInstance, SystemExit, setPyType, typeError } from '../runtime/types.ts';
import { py, task, timeoutOf } from './futures.ts';
import { importModule, mkType, registerModule, setMake } from './registry.ts';

function kwOf(a: unknown[], kw: Map<string, unknown> | null, names: readonly string[], what: string): unknown[] {
  const full = a.slice();
  if (kw !== null) {
    for (const [k, v] of kw) {
      const i = names.indexOf(k);
      if (i < 0) throw typeError(`${what}() got an unexpected keyword argument '${k}'`);
      while (full.length <= i) full.push(undefined);
      full[i] = v;
    }
  }
  return full;
}
function kwSplit(d: unknown): [string[] | null, unknown[] | null] {
  if (d === undefined || d === null) return [null, null];
  const m = (d as PyDict).m;
  if (m.size === 0) return [null, null];
  const e = [...m.values()] as unknown as [unknown, unknown][];
  return [e.map((x) => x[0] as string), e.map((x) => x[1])];
}

// ---- Process ----------------------------------------------------------------------------------

const processType = mkType('Process', 'multiprocessing.context');
interface ProcSlots {
  $p?: mp.Process;
  target: unknown;
  args: unknown[];
  kwargs: unknown;
}
const wrappers = new WeakMap<mp.Process, PyObject>();
function pyProcess(p: mp.Process): PyObject {
  const have = (p as { $py?: PyObject }).$py ?? wrappers.get(p);
  if (have !== undefined) return have;
  const o = new PyObject(processType);
  (o as unknown as ProcSlots).$p = p;
  wrappers.set(p, o);
  return o;
}
function model(o: unknown): mp.Process {
  const p = (o as ProcSlots).$p;
  if (p === undefined) throw typeError('Process.__init__() not called');
  return p;
}
const PYLIB = '/usr/lib/python3.11/multiprocessing/process.py';
const BOOTSTRAP: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: `  File "${PYLIB}", line 314, in _bootstrap\n    self.run()\n`,
};
const RUN: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: `  File "${PYLIB}", line 108, in run\n    self._target(*self._args, **self._kwargs)\n`,
};
/**
 * A child's body: the Python run(); an uncaught exception other than SystemExit is printed
 * as CPython's `_bootstrap` prints it (`Process NAME:` and the traceback) and ends the
 * child with exit code 1.
 */
function* childRun(self: PyObject): Blocking<unknown> {
  try {
    return yield* callG(lookup(self.cls, 'run'), [self], null, null);
  } catch (e) {
    if (!(e instanceof PyExc) || isInstance(e, SystemExit)) throw e;
    if ((self as unknown as ProcSlots).target !== null && lookup(self.cls, 'run') === processType.dict.run) {
      e.tb.push(RUN);
    }
    e.tb.push(BOOTSTRAP);
    runCtx.cur?.stderr(`Process ${model(self).name}:\n${formatException(e)}`);
    throw e;
  }
}
const PROC_KW = ['group', 'target', 'name', 'args', 'kwargs', 'daemon'];
function initProcess(self: PyObject, a: unknown[], kw: Map<string, unknown> | null): null {
  const [, target, name, args, kwargs, daemon] = kwOf(a, kw, PROC_KW, 'Process.__init__');
  const s = self as unknown as ProcSlots;
  s.target = target ?? null;
  s.args = args === undefined || args === null ? [] : toArray(args);
  s.kwargs = kwargs ?? null;
  // The model runs the target in the child with its arguments fork-copied: this object
  // crosses as an argument, so the child's run() sees its own copy of args and fields.
  const p = new mp.Process({
    target: childRun,
    args: [self],
    ...(name !== undefined && name !== null ? { name: str(name) } : {}),
    ...(daemon !== undefined && daemon !== null ? { daemon: truth(daemon) } : {}),
  });
  // A subclass's processes are named after it, as CPython's `Process-N` is after the class.
  if ((name === undefined || name === null) && self.cls !== processType) {
    p.name = p.name.replace(/^[A-Za-z]+-/, `${self.cls.name}-`);
  }
  s.$p = p;
  (p as { $py?: PyObject }).$py = self;
  return null;
}
setMake(processType, (cls, a, kw) => {
  const o = new PyObject(cls);
  if (cls === processType) initProcess(o, a, kw);
  return o;
});
const pinit = def(processType, '__init__', (self: PyObject, ...a: unknown[]) => initProcess(self, a, null));
pinit.$kwf = (a, kw) => initProcess(a[0] as PyObject, a.slice(1), kw);
def(
  processType,
  'run',
  function* (self: PyObject): Blocking<unknown> {
    const s = self as unknown as ProcSlots;
    if (s.target === null || s.target === undefined) return null;
    const [kn, kv] = kwSplit(s.kwargs);
    yield* callG(s.target, s.args, kn, kv);
    return null;
  },
  { blk: true },
);
def(processType, 'start', (self: PyObject) => {
  model(self).start();
  return null;
});
def(processType, 'join', (self: PyObject, t?: unknown) => model(self).join(timeoutOf(t)), {
  blk: true,
  kw: ['timeout'],
});
def(processType, 'is_alive', (self: PyObject) => model(self).isAlive());
def(processType, 'terminate', (self: PyObject) => {
  model(self).terminate();
  return null;
});
def(processType, 'kill', (self: PyObject) => {
  model(self).kill();
  return null;
});
def(processType, 'close', (self: PyObject) => {
  model(self).close();
  return null;
});
prop(
  processType,
  'name',
  (o: PyObject) => model(o).name,
  (o: PyObject, v) => {
    model(o).name = str(v);
  },
);
prop(
  processType,
  'daemon',
  (o: PyObject) => model(o).daemon,
  (o: PyObject, v) => {
    model(o).daemon = truth(v);
  },
);
prop(processType, 'pid', (o: PyObject) => model(o).pid);
prop(processType, 'ident', (o: PyObject) => model(o).ident);
prop(processType, 'exitcode', (o: PyObject) => model(o).exitcode);
def(processType, '__repr__', (o: PyObject) => {
  const p = model(o);
  const status = p.exitcode !== null ? `stopped exitcode=${p.exitcode}` : p.pid !== null ? 'started' : 'initial';
  return `<${o.cls.name} name='${p.name}' ${status}${p.daemon ? ' daemon' : ''}>`;
});

// ---- queues and pipes -------------------------------------------------------------------------

const queueType = mkType('Queue', 'multiprocessing.queues');
const joinableType = mkType('JoinableQueue', 'multiprocessing.queues', queueType);
const simpleType = mkType('SimpleQueue', 'multiprocessing.queues');
const connType = mkType('Connection', 'multiprocessing.connection');
setPyType(mp.Queue.prototype, queueType);
setPyType(mp.JoinableQueue.prototype, joinableType);
setPyType(mp.SimpleQueue.prototype, simpleType);
setPyType(mp.Connection.prototype, connType);
setMake(queueType, (_c, a, kw) => new mp.Queue(Number(a[0] ?? kw?.get('maxsize') ?? 0)));
setMake(joinableType, (_c, a, kw) => new mp.JoinableQueue(Number(a[0] ?? kw?.get('maxsize') ?? 0)));
setMake(simpleType, () => new mp.SimpleQueue());
type Q = mp.Queue<unknown>;
// The model raises queue.Empty/Full, which the runtime maps to Python's by name.
const qop = <T>(g: Iterable<unknown, T, unknown>) => g;
def(
  queueType,
  'put',
  (q: Q, obj: unknown, block?: unknown, t?: unknown) =>
    qop(q.put(obj, block === undefined ? true : truth(block), timeoutOf(t))),
  { blk: true, kw: ['obj', 'block', 'timeout'] },
);
def(
  queueType,
  'get',
  (q: Q, block?: unknown, t?: unknown) => qop(q.get(block === undefined ? true : truth(block), timeoutOf(t))),
  { blk: true, kw: ['block', 'timeout'] },
);
def(queueType, 'put_nowait', (q: Q, obj: unknown) => q.putNowait(obj), { blk: true });
def(queueType, 'get_nowait', (q: Q) => q.getNowait(), { blk: true });
def(queueType, 'qsize', (q: Q) => q.qsize());
def(queueType, 'empty', (q: Q) => q.empty());
def(queueType, 'full', (q: Q) => q.full());
def(queueType, 'close', (q: Q) => {
  q.close();
  return null;
});
def(queueType, 'join_thread', (q: Q) => q.joinThread(), { blk: true });
def(queueType, 'cancel_join_thread', (q: Q) => {
  q.cancelJoinThread();
  return null;
});
def(joinableType, 'task_done', (q: mp.JoinableQueue<unknown>) => q.taskDone(), { blk: true });
def(joinableType, 'join', (q: mp.JoinableQueue<unknown>) => q.join(), { blk: true });
def(simpleType, 'put', (q: mp.SimpleQueue<unknown>, obj: unknown) => q.put(obj), { blk: true });
def(simpleType, 'get', (q: mp.SimpleQueue<unknown>) => q.get(), { blk: true });
def(simpleType, 'empty', (q: mp.SimpleQueue<unknown>) => q.empty());
def(simpleType, 'close', (q: mp.SimpleQueue<unknown>) => {
  q.close();
  return null;
});
def(connType, 'send', (c: mp.Connection, obj: unknown) => c.send(obj), { blk: true });
def(connType, 'recv', (c: mp.Connection) => c.recv(), { blk: true });
def(connType, 'close', (c: mp.Connection) => {
  c.close();
  return null;
});
prop(connType, 'closed', (c: mp.Connection) => c.closed);
prop(connType, 'readable', (c: mp.Connection) => c.readable);
prop(connType, 'writable', (c: mp.Connection) => c.writable);

// ---- Pool -------------------------------------------------------------------------------------

const poolType = mkType('Pool', 'multiprocessing.pool');
const applyResultType = mkType('ApplyResult', 'multiprocessing.pool');
const mapResultType = mkType('MapResult', 'multiprocessing.pool', applyResultType);
setPyType(mp.Pool.prototype, poolType);
setPyType(mp.ApplyResult.prototype, applyResultType);
setPyType(mp.MapResult.prototype, mapResultType);
setMake(poolType, (_c, a, kw) => {
  const [n, init, initargs, mtpc] = kwOf(a, kw, ['processes', 'initializer', 'initargs', 'maxtasksperchild'], 'Pool');
  return new mp.Pool(n === undefined || n === null ? null : Number(n), {
    initializer: init === undefined || init === null ? null : (task(init) as mp.TaskFunction),
    initargs: initargs === undefined || initargs === null ? [] : toArray(initargs),
    maxtasksperchild: mtpc === undefined || mtpc === null ? null : Number(mtpc),
  });
});
type P = mp.Pool;
function cb(f: unknown): ((v: unknown) => unknown) | null {
  if (f === undefined || f === null) return null;
  return (v: unknown) => callSync(f, [v]);
}
function ftask(f: unknown, kwds?: unknown): mp.TaskFunction {
  const [kn, kv] = kwSplit(kwds);
  return task(f, kn, kv) as mp.TaskFunction;
}
function argList(x: unknown): unknown[] {
  return x === undefined || x === null ? [] : toArray(x);
}
def(poolType, 'apply', (p: P, f: unknown, args?: unknown, kwds?: unknown) => p.apply(ftask(f, kwds), argList(args)), {
  blk: true,
  kw: ['func', 'args', 'kwds'],
});
def(
  poolType,
  'apply_async',
  (p: P, f: unknown, args?: unknown, kwds?: unknown, callback?: unknown, errorCallback?: unknown) =>
    p.applyAsync(ftask(f, kwds), argList(args), { callback: cb(callback), errorCallback: cb(errorCallback) }),
  { kw: ['func', 'args', 'kwds', 'callback', 'error_callback'] },
);
function chunk(x: unknown): number | null {
  return x === undefined || x === null ? null : Number(x);
}
def(poolType, 'map', (p: P, f: unknown, it: unknown, cs?: unknown) => p.map(ftask(f), toArray(it), chunk(cs)), {
  blk: true,
  kw: ['func', 'iterable', 'chunksize'],
});
def(
  poolType,
  'map_async',
  (p: P, f: unknown, it: unknown, cs?: unknown, callback?: unknown, errorCallback?: unknown) =>
    p.mapAsync(ftask(f), toArray(it), {
      chunksize: chunk(cs),
      callback: cb(callback),
      errorCallback: cb(errorCallback),
    }),
  { kw: ['func', 'iterable', 'chunksize', 'callback', 'error_callback'] },
);
def(
  poolType,
  'starmap',
  (p: P, f: unknown, it: unknown, cs?: unknown) =>
    p.starmap(
      ftask(f),
      toArray(it).map((x) => toArray(x)),
      chunk(cs),
    ),
  { blk: true, kw: ['func', 'iterable', 'chunksize'] },
);
function iterOf(r: mp.ResultIterator<unknown>, name: string): PyGenerator {
  const g = function* (): Blocking<unknown> {
    for (;;) {
      const x = yield* r.next();
      if (x.done === true) return null;
      yield x.value;
    }
  };
  return new PyGenerator(g(), name, name);
}
def(poolType, 'imap', (p: P, f: unknown, it: unknown, cs?: unknown) =>
  iterOf(p.imap(ftask(f), toArray(it), cs === undefined ? 1 : Number(cs)), 'IMapIterator'),
);
def(poolType, 'imap_unordered', (p: P, f: unknown, it: unknown, cs?: unknown) =>
  iterOf(p.imapUnordered(ftask(f), toArray(it), cs === undefined ? 1 : Number(cs)), 'IMapUnorderedIterator'),
);
def(poolType, 'close', (p: P) => {
  p.close();
  return null;
});
def(poolType, 'join', (p: P) => p.join(), { blk: true });
def(poolType, 'terminate', (p: P) => p.terminate(), { blk: true });
def(poolType, '__enter__', (p: P) => p);
// CPython's Pool.__exit__ terminates the pool (it does not wait for outstanding work).
def(poolType, '__exit__', (p: P) => p.terminate(), { blk: true });
type AR = mp.ApplyResult<unknown>;
def(applyResultType, 'get', (r: AR, t?: unknown) => py(r.get(timeoutOf(t))), { blk: true, kw: ['timeout'] });
def(applyResultType, 'wait', (r: AR, t?: unknown) => r.wait(timeoutOf(t)), { blk: true, kw: ['timeout'] });
def(applyResultType, 'ready', (r: AR) => r.ready());
def(applyResultType, 'successful', (r: AR) => r.successful());

// ---- the module -------------------------------------------------------------------------------

function fill(m: PyModule): void {
  m.d.Process = processType;
  m.d.Queue = queueType;
  m.d.JoinableQueue = joinableType;
  m.d.SimpleQueue = simpleType;
  m.d.Pool = poolType;
  m.d.Pipe = fnOf('Pipe', ((duplex?: unknown) => {
    const [a, b] = mp.Pipe(duplex === undefined ? true : truth(duplex));
    return new PyTuple([a, b]);
  }) as AnyFn);
  m.d.current_process = fnOf('current_process', (() => pyProcess(mp.currentProcess())) as AnyFn);
  m.d.parent_process = fnOf('parent_process', (() => {
    const p = mp.parentProcess();
    return p === null ? null : pyProcess(p);
  }) as AnyFn);
  m.d.active_children = fnOf('active_children', (() => mp.activeChildren().map(pyProcess)) as AnyFn);
  m.d.get_start_method = fnOf('get_start_method', ((allow?: unknown) =>
    mp.getStartMethod(allow === undefined ? false : truth(allow))) as AnyFn);
  m.d.set_start_method = fnOf(
    'set_start_method',
    ((method: unknown, force?: unknown) => {
      mp.setStartMethod(method === null ? null : (str(method) as mp.StartMethod), {
        force: force === undefined ? false : truth(force),
      });
      return null;
    }) as AnyFn,
    {
      kwf: (a, kw) => {
        mp.setStartMethod(str(a[0] ?? kw?.get('method')) as mp.StartMethod, {
          force: truth(kw?.get('force') ?? false),
        });
        return null;
      },
    },
  );
  m.d.get_context = fnOf('get_context', ((method?: unknown) => {
    const c = new PyModule('multiprocessing.context');
    for (const [k, v] of Object.entries(m.d)) c.d[k] = v;
    (c as { $method?: string }).$method = method === undefined || method === null ? 'fork' : str(method);
    return c;
  }) as AnyFn);
}

registerModule('multiprocessing', (ctx) => {
  const m = new PyModule('multiprocessing');
  fill(m);
  const os = importModule(ctx, 'os');
  m.d.cpu_count = fnOf('cpu_count', (() => callSync(os.d.cpu_count, [])) as AnyFn);
  return m;
});
registerModule('multiprocessing.pool', () => {
  const m = new PyModule('multiprocessing.pool');
  m.d.Pool = poolType;
  m.d.ApplyResult = applyResultType;
  return m;
});
