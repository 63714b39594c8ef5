/**
 * `asyncio` bound onto models/asyncio: `async def`/`await` (coroutine.ts) over the models'
 * event loop, with run, sleep, create_task, gather, wait_for, ensure_future, current_task,
 * all_tasks, Future and Task, CancelledError and TimeoutError.
 *
 * Differs from CPython: no asyncio.Queue, Lock, Event, Semaphore, wait or streams yet (the
 * models have streams; their Python binding is not written); a task's repr has no
 * coroutine location; an exception nobody retrieved ends the run (the model's default
 * exception handler) where CPython logs "Task exception was never retrieved".
 */
import type { Blocking } from '../../engine/index.ts';
import * as aio from '../../models/asyncio/index.ts';
import { callSync } from '../runtime/call.ts';
import { str } from '../runtime/format.ts';
import { toArray } from '../runtime/iter.ts';
import { def, fnOf } from '../runtime/methods.ts';
import { type AnyFn, PyBytes, PyExc, PyModule, type PyTuple, PyTuple as PyTupleC } from '../runtime/objects.ts';
import { truth } from '../runtime/ops.ts';
import { PyTypeError, ValueError } from '../runtime/types.ts';
import { addSync } from './asyncio-sync.ts';
import {
  BaseException,
  InvalidStateErrorAio,
  isInstance,
  pyErr,
  setPyType,
  TimeoutError,
  typeError,
  typeName,
} from './asyncio-types.ts';
import { PyCoroutine } from './coroutine.ts';
import { pySet, timeoutOf } from './futures.ts';
import { mkType, registerModule } from './registry.ts';
import { seconds } from './threading.ts';

const EXC = 'asyncio.exceptions';
export const CancelledErrorAio = mkType('CancelledError', EXC, BaseException);
Object.defineProperty(aio.CancelledError.prototype, '$py', {
  configurable: true,
  get(this: Error) {
    const p = this.message === '' ? pyErr(CancelledErrorAio) : pyErr(CancelledErrorAio, this.message);
    Object.defineProperty(this, '$py', { value: p, configurable: true, writable: true });
    (p as { $t?: unknown }).$t = this;
    return p;
  },
});
Object.defineProperty(aio.InvalidStateError.prototype, '$py', {
  configurable: true,
  get(this: Error) {
    const p = pyErr(InvalidStateErrorAio, this.message);
    Object.defineProperty(this, '$py', { value: p, configurable: true, writable: true });
    return p;
  },
});

// A CancelledError that Python code raised itself becomes the model's, as one it re-raised.
const baseToModel = PyCoroutine.toModel;
PyCoroutine.toModel = (e) => {
  const m = baseToModel(e);
  if (m === e && e instanceof PyExc && isInstance(e, CancelledErrorAio)) {
    const args = (e.args as PyTuple).a;
    const x = new aio.CancelledError(args.length > 0 ? str(args[0]) : '');
    Object.defineProperty(x, '$py', { value: e, configurable: true, writable: true });
    (e as { $t?: unknown }).$t = x;
    return x;
  }
  return m;
};

const futureType = mkType('Future', '_asyncio');
const taskType = mkType('Task', '_asyncio', futureType);
setPyType(aio.Future.prototype, futureType);
setPyType(aio.Task.prototype, taskType);
type F = aio.Future<unknown>;
def(futureType, 'done', (f: F) => f.done());
def(futureType, 'cancelled', (f: F) => f.cancelled());
def(futureType, 'result', (f: F) => f.result());
def(futureType, 'exception', (f: F) => f.exception());
def(futureType, 'cancel', (f: F, msg?: unknown) => f.cancel(msg === undefined || msg === null ? undefined : str(msg)));
def(futureType, 'set_result', (f: F, v: unknown) => {
  f.setResult(v);
  return null;
});
def(futureType, 'set_exception', (f: F, e: unknown) => {
  f.setException(e);
  return null;
});
def(futureType, 'add_done_callback', (f: F, cb: unknown) => {
  f.addDoneCallback((x) => callSync(cb, [x]));
  return null;
});
def(futureType, '__repr__', (f: F) => {
  const state = f.cancelled() ? 'cancelled' : f.done() ? 'finished' : 'pending';
  return `<${f instanceof aio.Task ? `Task ${state} name='${(f as aio.Task).name}'` : `Future ${state}`}>`;
});
def(taskType, 'get_name', (t: aio.Task) => t.getName());
def(taskType, 'set_name', (t: aio.Task, n: unknown) => {
  t.name = str(n);
  return null;
});
def(taskType, 'get_coro', (t: aio.Task) => t.getCoro());

// ---- streams ----------------------------------------------------------------------------------

const readerType = mkType('StreamReader', 'asyncio.streams');
const writerType = mkType('StreamWriter', 'asyncio.streams');
const serverType = mkType('Server', 'asyncio.base_events');
setPyType(aio.StreamReader.prototype, readerType);
setPyType(aio.StreamWriter.prototype, writerType);
setPyType(aio.Server.prototype, serverType);
function coroOf(g: Blocking<unknown>, name: string): PyCoroutine {
  return new PyCoroutine(g, name, name);
}
function* bytesOf(g: Blocking<Uint8Array>): Blocking<unknown> {
  return new PyBytes(yield* g);
}
function data(x: unknown): Uint8Array {
  if (x instanceof PyBytes) return x.b;
  throw typeError(`data argument must be a bytes-like object, not '${typeName(x)}'`);
}
type R = aio.StreamReader;
type W = aio.StreamWriter;
def(readerType, 'read', (r: R, n?: unknown) => coroOf(bytesOf(r.read(n === undefined ? -1 : Number(n))), 'read'));
def(readerType, 'readline', (r: R) => coroOf(bytesOf(r.readline()), 'readline'));
def(readerType, 'readexactly', (r: R, n: unknown) => coroOf(bytesOf(r.readexactly(Number(n))), 'readexactly'));
def(readerType, 'readuntil', (r: R, sep?: unknown) =>
  coroOf(bytesOf(sep === undefined ? r.readuntil() : r.readuntil(data(sep))), 'readuntil'),
);
def(readerType, 'at_eof', (r: R) => r.atEof());
def(writerType, 'write', (w: W, d: unknown) => {
  w.write(data(d));
  return null;
});
def(writerType, 'writelines', (w: W, ds: unknown) => {
  w.writelines(toArray(ds).map(data));
  return null;
});
def(writerType, 'write_eof', (w: W) => {
  w.writeEof();
  return null;
});
def(writerType, 'drain', (w: W) => coroOf(w.drain(), 'drain'));
def(writerType, 'close', (w: W) => {
  w.close();
  return null;
});
def(writerType, 'is_closing', (w: W) => w.isClosing());
def(writerType, 'wait_closed', (w: W) => coroOf(w.waitClosed(), 'wait_closed'));
def(writerType, 'get_extra_info', (w: W, name: unknown) => {
  const v = w.getExtraInfo(str(name) as 'peername');
  return Array.isArray(v) ? new PyTupleC(v.slice()) : v;
});
type Sv = aio.Server;
def(serverType, 'close', (sv: Sv) => {
  sv.close();
  return null;
});
def(serverType, 'wait_closed', (sv: Sv) => coroOf(sv.waitClosed(), 'wait_closed'));
def(serverType, 'serve_forever', (sv: Sv) => coroOf(sv.serveForever(), 'serve_forever'));
def(serverType, 'is_serving', (sv: Sv) => sv.isServing());
def(serverType, 'start_serving', (sv: Sv) =>
  coroOf(
    (function* () {
      sv.startServing();
      yield* [];
      return null;
    })(),
    'start_serving',
  ),
);

const RETURN_WHEN: readonly aio.ReturnWhen[] = ['FIRST_COMPLETED', 'FIRST_EXCEPTION', 'ALL_COMPLETED'];

/** `asyncio.wait(fs, *, timeout=None, return_when=ALL_COMPLETED)`: an `async def`, so it checks its arguments when awaited. */
function waitPy(fs: unknown, timeout: unknown, returnWhen: unknown): PyCoroutine {
  function* body(): Blocking<unknown> {
    if (fs instanceof aio.Future || fs instanceof PyCoroutine) {
      throw pyErr(PyTypeError, `expect a list of futures, not ${typeName(fs)}`);
    }
    const items = toArray(fs);
    if (items.length === 0) throw pyErr(ValueError, 'Set of Tasks/Futures is empty.');
    const when = returnWhen === null ? 'ALL_COMPLETED' : returnWhen;
    if (!RETURN_WHEN.includes(when as aio.ReturnWhen)) {
      throw pyErr(ValueError, `Invalid return_when value: ${str(when)}`);
    }
    if (items.some((x) => x instanceof PyCoroutine)) {
      throw pyErr(PyTypeError, 'Passing coroutines is forbidden, use tasks explicitly.');
    }
    const [done, pending] = yield* aio.wait(items as aio.Future<unknown>[], {
      timeout: timeoutOf(timeout),
      returnWhen: when as aio.ReturnWhen,
    });
    return new PyTupleC([pySet(done), pySet(pending)]);
  }
  return new PyCoroutine(body(), 'wait', 'wait');
}

/** `asyncio.as_completed(fs, *, timeout=None)`: the coroutines to await, in the order futures finish. */
function asCompletedPy(fs: unknown, timeout: unknown): PyCoroutine[] {
  if (fs instanceof aio.Future || fs instanceof PyCoroutine) {
    throw pyErr(PyTypeError, `expect an iterable of futures, not ${typeName(fs)}`);
  }
  return aio
    .asCompleted(toArray(fs) as aio.Future<unknown>[], timeoutOf(timeout))
    .map((g) => new PyCoroutine(g, '_wait_for_one', 'as_completed.<locals>._wait_for_one'));
}

function coro(x: unknown): Blocking<unknown> {
  return x as Blocking<unknown>;
}

registerModule('asyncio', () => {
  const m = new PyModule('asyncio');
  m.d.iscoroutine = fnOf('iscoroutine', ((c: unknown) => c instanceof PyCoroutine) as AnyFn);
  m.d.iscoroutinefunction = fnOf('iscoroutinefunction', ((f: unknown) => {
    const info = typeof f === 'function' ? (f as AnyFn).$fn : undefined;
    return info?.async === true && !info.gen;
  }) as AnyFn);
  m.d.run = fnOf('run', ((c: unknown) => aio.run(coro(c))) as AnyFn, {
    blk: true,
    kwf: (a, kw) => aio.run(coro(a[0] ?? kw?.get('main'))),
  });
  const sleep = (d: unknown, result?: unknown) =>
    new PyCoroutine(aio.sleep(seconds(d), result === undefined ? null : result), 'sleep', 'sleep');
  m.d.sleep = fnOf('sleep', sleep as AnyFn, {
    kwf: (a, kw) => sleep(a[0] ?? kw?.get('delay'), kw?.get('result') ?? a[1]),
  });
  const createTask = (c: unknown, name?: unknown) =>
    aio.createTask(coro(c), name === undefined || name === null ? {} : { name: str(name) });
  m.d.create_task = fnOf('create_task', createTask as AnyFn, {
    kwf: (a, kw) => createTask(a[0] ?? kw?.get('coro'), kw?.get('name')),
  });
  m.d.ensure_future = fnOf('ensure_future', ((x: unknown) => aio.ensureFuture(x as aio.Future<unknown>)) as AnyFn);
  const gather = (aws: unknown[], re: unknown) =>
    aio.gather(...(aws as aio.Future<unknown>[]), { returnExceptions: re === undefined ? false : truth(re) });
  m.d.gather = fnOf('gather', ((...aws: unknown[]) => gather(aws, undefined)) as AnyFn, {
    kwf: (a, kw) => gather(a, kw?.get('return_exceptions')),
  });
  const waitFor = (aw: unknown, t: unknown) =>
    new PyCoroutine(aio.waitFor(aw as aio.Future<unknown>, timeoutOf(t)), 'wait_for', 'wait_for');
  m.d.wait_for = fnOf('wait_for', waitFor as AnyFn, {
    kwf: (a, kw) => waitFor(a[0] ?? kw?.get('fut'), kw?.get('timeout') ?? a[1]),
  });
  for (const c of RETURN_WHEN) m.d[c] = c;
  m.d.wait = fnOf('wait', ((fs: unknown) => waitPy(fs, null, null)) as AnyFn, {
    kwf: (a, kw) => waitPy(a[0] ?? kw?.get('fs'), kw?.get('timeout') ?? null, kw?.get('return_when') ?? null),
  });
  m.d.as_completed = fnOf('as_completed', ((fs: unknown) => asCompletedPy(fs, null)) as AnyFn, {
    kwf: (a, kw) => asCompletedPy(a[0] ?? kw?.get('fs'), kw?.get('timeout') ?? null),
  });
  const startServer = (cb: unknown, host: unknown, port: unknown, backlog: unknown) =>
    coroOf(
      aio.startServer(
        (r, w) => callSync(cb, [r, w]) as never,
        host === undefined || host === null ? null : str(host),
        Number(port),
        backlog === undefined || backlog === null ? {} : { backlog: Number(backlog) },
      ) as Blocking<unknown>,
      'start_server',
    );
  m.d.start_server = fnOf(
    'start_server',
    ((cb: unknown, h?: unknown, p?: unknown) => startServer(cb, h, p, undefined)) as AnyFn,
    {
      kwf: (a, kw) =>
        startServer(
          a[0] ?? kw?.get('client_connected_cb'),
          kw?.get('host') ?? a[1],
          kw?.get('port') ?? a[2],
          kw?.get('backlog'),
        ),
    },
  );
  const openConnection = (host: unknown, port: unknown) =>
    coroOf(
      (function* () {
        const [r, w] = yield* aio.openConnection(str(host), Number(port));
        return new PyTupleC([r, w]);
      })(),
      'open_connection',
    );
  m.d.open_connection = fnOf('open_connection', openConnection as AnyFn, {
    kwf: (a, kw) => openConnection(a[0] ?? kw?.get('host'), a[1] ?? kw?.get('port')),
  });
  addSync(m);
  m.d.StreamReader = readerType;
  m.d.StreamWriter = writerType;
  m.d.current_task = fnOf('current_task', (() => aio.currentTask()) as AnyFn);
  m.d.all_tasks = fnOf('all_tasks', (() => aio.allTasks()) as AnyFn);
  m.d.get_running_loop = fnOf('get_running_loop', (() => aio.getRunningLoop()) as AnyFn);
  m.d.Future = futureType;
  m.d.Task = taskType;
  m.d.CancelledError = CancelledErrorAio;
  m.d.InvalidStateError = InvalidStateErrorAio;
  m.d.TimeoutError = TimeoutError;
  return m;
});
