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
import * as aio from '../../models/asyncio/index.ts';
import { callSync } from '../runtime/call.ts';
import { str } from '../runtime/format.ts';
import { def } from '../runtime/methods.ts';
import { type AnyFn, PyExc, PyModule, type PyTuple } from '../runtime/objects.ts';
import { truth } from '../runtime/ops.ts';
import { BaseException, InvalidStateErrorAio, isInstance, pyErr, setPyType, TimeoutError } from './asyncio-types.ts';
import { PyCoroutine } from './coroutine.ts';
import { timeoutOf } from './futures.ts';
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

function fnOf(name: string, f: AnyFn, o: { blk?: boolean; kwf?: AnyFn['$kwf'] } = {}): AnyFn {
  f.$name = name;
  if (o.blk) f.$blk = true;
  else f.$nb = true;
  if (o.kwf !== undefined) f.$kwf = o.kwf;
  return f;
}
function coro(x: unknown): Generator<unknown, unknown, unknown> {
  return x as Generator<unknown, unknown, unknown>;
}

registerModule('asyncio', () => {
  const m = new PyModule('asyncio');
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
