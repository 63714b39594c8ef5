/**
 * `gevent` bound onto models/gevent: spawn, spawn_later, joinall, wait, sleep, kill,
 * killall, getcurrent, Greenlet, Timeout, GreenletExit, and the submodules gevent.pool
 * (Pool, Group), gevent.event (Event, AsyncResult), gevent.lock (Semaphore,
 * BoundedSemaphore, RLock as a Semaphore of 1), gevent.monkey (patch_all, is_module_patched)
 * and gevent.timeout. Greenlets are the models' objects given Python classes; a Python
 * callable runs in one with `yield*`, so it may block cooperatively.
 *
 * A greenlet that dies of an exception (not GreenletExit) is printed as gevent's
 * `Hub.print_exception` prints it, to `get_hub().exception_stream` (sys.stderr unless
 * assigned; None prints nothing): the traceback with gevent's compiled `Greenlet.run` frame,
 * then `TIME CONTEXT failed with NAME` and a blank line, where TIME is the simulated clock as
 * an RFC 3339 date (the epoch is 0: `1970-01-01T00:00:00Z`) and CONTEXT the greenlet's repr
 * (`<Greenlet at 0x...: f(1)>`, the address from `id()`), each piece one `write` as in gevent.
 *
 * Differs from gevent: `patch_all` patches
 * everything the model patches (time, socket, threading) whatever its keywords say, and
 * `is_module_patched` reports the keywords; Greenlet subclasses with `_run` are not bound.
 */

import type { Blocking } from '../../engine/index.ts';
import { cooperatively } from '../../engine/index.ts';
import {
  Greenlet,
  GreenletExit,
  getcurrent,
  event as gevent_event,
  lock as gevent_lock,
  pool as gevent_pool,
  server as gevent_server,
  joinall,
  killall,
  monkey,
  type RawGreenlet,
  setErrorPrinter,
  sleep,
  Timeout,
  wait,
} from '../../models/gevent/index.ts';
import { monotonic } from '../../models/index.ts';
import * as net from '../../models/net/index.ts';
import { callSync, getAttr, getAttrOpt } from '../runtime/call.ts';
import { formatException, type TbEntry, toPy } from '../runtime/exceptions.ts';
import { fnRepr, repr, str } from '../runtime/format.ts';
import { toArray } from '../runtime/iter.ts';
import { def, fnOf, prop } from '../runtime/methods.ts';
import {
  type AnyFn,
  type PyExc,
  PyExc as PyExcC,
  PyModule,
  PyObject,
  PyTuple,
  PyType,
  StaticMethod,
} from '../runtime/objects.ts';
import { objId, truth } from '../runtime/ops.ts';
import {
  BaseException,
  isInstance,
  makeExc,
  pyErr,
  SystemExit,
  setPyType,
  typeError,
  typeName,
} from '../runtime/types.ts';
import { py, task, timeoutOf } from './futures.ts';
import { importModule, mkType, type RunContext, registerModule, setMake } from './registry.ts';
import { geventSocket } from './socket.ts';
import { seconds } from './threading.ts';

// ---- exceptions: model errors seen from Python -----------------------------------------------

export const GreenletExitPy = mkType('GreenletExit', 'greenlet', BaseException);
export const TimeoutPy = mkType('Timeout', 'gevent.timeout', BaseException);
const PoolFullPy = mkType('PoolFull', 'gevent.pool', BaseException);

/**
 * The runtime's toPy reads `$py` first: a model GreenletExit or PoolFull gets its Python
 * exception on first sight, so `except GreenletExit` catches what `kill` raises.
 */
function pyView(cls: { prototype: object }, t: PyType): void {
  Object.defineProperty(cls.prototype, '$py', {
    configurable: true,
    get(this: Error) {
      const p = this.message === '' ? pyErr(t) : pyErr(t, this.message);
      Object.defineProperty(this, '$py', { value: p, configurable: true, writable: true });
      (p as { $t?: unknown }).$t = this;
      return p;
    },
  });
}
pyView(GreenletExit, GreenletExitPy);
pyView(gevent_pool.PoolFull, PoolFullPy);
// A Timeout raised by the model (get(timeout=...)) that Python did not make.
Object.defineProperty(Timeout.prototype, '$py', {
  configurable: true,
  get(this: Timeout) {
    const p = makeExc(TimeoutPy, this.seconds === null ? [] : [this.seconds]);
    Object.defineProperty(this, '$py', { value: p, configurable: true, writable: true });
    (p as { $t?: unknown }).$t = this;
    return p;
  },
});

/** A Python value from a model one (a GreenletExit as its Python exception). */
function fromModel(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Error) return (v as { $py?: unknown }).$py ?? v;
  return v;
}

/** What a Python `exception=` argument becomes for the model: an instance to raise. */
function killExc(x: unknown): Error {
  if (x === undefined || x === null) return new GreenletExit();
  if (x instanceof PyType) {
    if (x === GreenletExitPy) return new GreenletExit();
    return makeExc(x, []) as unknown as Error;
  }
  return x as Error;
}

// ---- Greenlet ---------------------------------------------------------------------------------

export const greenletType = mkType('Greenlet', 'gevent._gevent_cgreenlet');
const hubType = mkType('Hub', 'gevent._gevent_c_hub_local');
setPyType(Greenlet.prototype, greenletType);

function kwSplit(kw: Map<string, unknown> | null): [string[] | null, unknown[] | null] {
  if (kw === null || kw.size === 0) return [null, null];
  return [[...kw.keys()], [...kw.values()]];
}

/**
 * A Python callable as a greenlet's function: a GreenletExit or Timeout that Python code
 * re-raises goes back to the model as the model's own error, so a killed greenlet counts
 * as successful with the GreenletExit as its value [GEV-7].
 */
function gtask(fn: unknown, kn: readonly string[] | null = null, kv: unknown[] | null = null): AnyFn {
  const inner = task(fn, kn, kv);
  const t = function* (...a: unknown[]): Blocking<unknown> {
    try {
      return yield* inner(...a);
    } catch (e) {
      throw toModel(e);
    }
  };
  Object.defineProperty(t, 'name', { value: inner.name });
  return t as unknown as AnyFn;
}
function toModel(e: unknown): unknown {
  const m = (e as { $t?: unknown } | null)?.$t;
  if (m instanceof Error) return m;
  if (e instanceof PyExcC && isInstance(e, GreenletExitPy)) {
    const x = new GreenletExit();
    Object.defineProperty(x, '$py', { value: e, configurable: true, writable: true });
    (e as { $t?: unknown }).$t = x;
    return x;
  }
  return e;
}

function newGreenlet(fn: unknown, args: unknown[], kw: Map<string, unknown> | null): Greenlet {
  if (fn === undefined || fn === null) throw typeError('The run argument or self._run must be callable');
  const [kn, kv] = kwSplit(kw);
  const g = new Greenlet(gtask(fn, kn, kv) as never, ...args);
  (g as { $fn?: unknown }).$fn = fn;
  (g as { $kw?: unknown }).$kw = kw;
  return g;
}

setMake(greenletType, (_c, a, kw) => newGreenlet(a[0], a.slice(1), kw));
const spawnFn = (fn: unknown, ...a: unknown[]) => {
  const g = newGreenlet(fn, a, null);
  g.start();
  return g;
};
const spawnKw = (a: unknown[], kw: Map<string, unknown> | null) => {
  const g = newGreenlet(a[0], a.slice(1), kw);
  g.start();
  return g;
};
const spawnLaterFn = (s: unknown, fn: unknown, ...a: unknown[]) => {
  const g = newGreenlet(fn, a, null);
  g.startLater(seconds(s));
  return g;
};
const spawnLaterKw = (a: unknown[], kw: Map<string, unknown> | null) => {
  const g = newGreenlet(a[1], a.slice(2), kw);
  g.startLater(seconds(a[0]));
  return g;
};

prop(greenletType, 'value', (g: Greenlet) => fromModel(g.value));
prop(greenletType, 'exception', (g: Greenlet) => fromModel(g.exception));
prop(greenletType, 'dead', (g: Greenlet) => g.dead);
prop(greenletType, 'started', (g: Greenlet) => g.started);
prop(greenletType, 'args', (g: Greenlet) => new PyTuple(g.args.slice()));
prop(greenletType, 'name', (g: Greenlet) => g.name);
// `g.name = ...`: the runtime sets attributes of native objects through `$setattr`.
Object.defineProperty(Greenlet.prototype, '$setattr', {
  configurable: true,
  value(this: Greenlet, name: string, v: unknown): boolean {
    if (name !== 'name') return false;
    (this as { $named?: boolean }).$named = true;
    this.name = str(v);
    return true;
  },
});
def(greenletType, 'ready', (g: Greenlet) => g.ready());
def(greenletType, 'successful', (g: Greenlet) => g.successful());
def(greenletType, '__bool__', (g: Greenlet) => g.started);
def(greenletType, 'start', (g: Greenlet) => {
  g.start();
  return null;
});
def(greenletType, 'start_later', (g: Greenlet, s: unknown) => {
  g.startLater(seconds(s));
  return null;
});
def(greenletType, 'join', (g: Greenlet, t?: unknown) => py(g.join(timeoutOf(t))), { blk: true, kw: ['timeout'] });
def(
  greenletType,
  'get',
  function* (g: Greenlet, block?: unknown, t?: unknown): Blocking<unknown> {
    return fromModel(yield* py(g.get(block === undefined ? true : truth(block), timeoutOf(t))));
  },
  { blk: true, kw: ['block', 'timeout'] },
);
def(
  greenletType,
  'kill',
  (g: Greenlet, exception?: unknown, block?: unknown, t?: unknown) =>
    py(
      g.kill({
        exception: killExc(exception),
        block: block === undefined ? true : truth(block),
        timeout: timeoutOf(t),
      }),
    ),
  { blk: true, kw: ['exception', 'block', 'timeout'] },
);
function linkCb(cb: unknown): (g: unknown) => unknown {
  const f = (g: unknown) => callSync(cb, [g]);
  (f as { $py?: unknown }).$py = cb;
  return f;
}
/** The model's link callbacks by Python callable, so `unlink(cb)` finds them. */
const links = new WeakMap<object, Map<unknown, (g: unknown) => unknown>>();
function linked(g: Greenlet, cb: unknown): (g: unknown) => unknown {
  let m = links.get(g);
  if (m === undefined) {
    m = new Map();
    links.set(g, m);
  }
  const f = linkCb(cb);
  m.set(cb, f);
  return f;
}
def(greenletType, 'link', (g: Greenlet, cb: unknown) => {
  g.link(linked(g, cb) as never);
  return null;
});
def(greenletType, 'rawlink', (g: Greenlet, cb: unknown) => {
  g.rawlink(linked(g, cb) as never);
  return null;
});
def(greenletType, 'link_value', (g: Greenlet, cb: unknown) => {
  g.linkValue(linked(g, cb) as never);
  return null;
});
def(greenletType, 'link_exception', (g: Greenlet, cb: unknown) => {
  g.linkException(linked(g, cb) as never);
  return null;
});
def(greenletType, 'unlink', (g: Greenlet, cb: unknown) => {
  const f = links.get(g)?.get(cb);
  if (f !== undefined) g.unlink(f as never);
  return null;
});
/** gevent's `Greenlet._formatinfo`: the function's name and the reprs of its arguments (50 characters each). */
function formatInfo(g: Greenlet): string {
  const info = (g as { $info?: () => string }).$info;
  if (info !== undefined) return info();
  const fn = (g as { $fn?: unknown }).$fn;
  const name = fn === undefined ? '' : ((getAttrOpt(fn, '__name__') as string | undefined) ?? fnRepr(fn));
  const args = g.args.map((x) => repr(x).slice(0, 50));
  const kw = (g as { $kw?: Map<string, unknown> | null }).$kw;
  if (kw) for (const [k, v] of kw) args.push(`${k}=${repr(v).slice(0, 50)}`);
  return args.length > 0 ? `${name}(${args.join(', ')})` : name;
}
function greenletRepr(g: Greenlet): string {
  const named = (g as { $named?: boolean }).$named === true;
  const info = formatInfo(g);
  return `<Greenlet${named ? ` "${g.name}" ` : ' '}at 0x${objId(g).toString(16)}${info === '' ? '' : `: ${info}`}>`;
}
def(greenletType, '__repr__', (g: Greenlet) => greenletRepr(g));
greenletType.dict.spawn = new StaticMethod(fnOf('spawn', spawnFn as AnyFn, { kwf: spawnKw }));

// ---- Timeout ----------------------------------------------------------------------------------

/** The model Timeout behind a Python one. */
function tmo(p: unknown): Timeout {
  const t = (p as { $t?: Timeout }).$t;
  if (t === undefined) throw typeError(`descriptor requires a 'Timeout' object but received '${typeName(p)}'`);
  return t;
}
function timeoutExc(x: unknown): null | false | Error {
  if (x === undefined || x === null) return null;
  if (x === false) return false;
  if (x instanceof PyType) return makeExc(x, []) as unknown as Error;
  return x as Error;
}
function makeTimeout(secs: unknown, exception: unknown): PyExc {
  const s = secs === undefined || secs === null ? null : seconds(secs);
  const t = new Timeout(s, timeoutExc(exception));
  const p = makeExc(TimeoutPy, s === null ? [] : [secs]);
  (p as { $t?: Timeout }).$t = t;
  Object.defineProperty(t, '$py', { value: p, configurable: true, writable: true });
  return p;
}
setMake(TimeoutPy, (_c, a, kw) => makeTimeout(a[0] ?? kw?.get('seconds'), a[1] ?? kw?.get('exception')));
def(TimeoutPy, '__init__', () => null);
def(TimeoutPy, 'start', (p: PyExc) => {
  tmo(p).start();
  return null;
});
def(TimeoutPy, 'cancel', (p: PyExc) => {
  tmo(p).cancel();
  return null;
});
def(TimeoutPy, 'close', (p: PyExc) => {
  tmo(p).close();
  return null;
});
prop(TimeoutPy, 'pending', (p: PyExc) => tmo(p).pending);
prop(TimeoutPy, 'seconds', (p: PyExc) => {
  const s = tmo(p).seconds;
  return s === null ? null : ((p.args as { a: unknown[] }).a[0] ?? s);
});
def(TimeoutPy, '__enter__', (p: PyExc) => {
  const t = tmo(p);
  if (!t.pending) t.start();
  return p;
});
def(TimeoutPy, '__exit__', (p: PyExc, _t: unknown, v: unknown) => {
  const t = tmo(p);
  t.close();
  // A Timeout made with exception=False swallows its own expiry [GTO-3].
  return v === p && t.exception === false;
});
def(TimeoutPy, '__str__', (p: PyExc) => {
  const s = tmo(p).seconds;
  if (s === null) return '';
  const a = (p.args as { a: unknown[] }).a[0];
  return `${typeof a === 'bigint' || typeof a === 'number' ? String(a) : str(a)} second${s === 1 ? '' : 's'}`;
});
def(TimeoutPy, '__repr__', (p: PyExc) => tmo(p).repr());
TimeoutPy.dict.start_new = Object.assign(
  (_cls: unknown, secs?: unknown, exception?: unknown) => {
    const p = makeTimeout(secs, exception);
    tmo(p).start();
    return p;
  },
  { $name: 'start_new', $nb: true },
);

// ---- module-level functions -------------------------------------------------------------------

function greenletsOf(x: unknown): Greenlet[] {
  return toArray(x) as Greenlet[];
}

function* joinallG(gs: unknown, t: unknown, raiseError: unknown, count: unknown): Blocking<unknown> {
  const list = greenletsOf(gs);
  const r = yield* py(
    joinall(list, {
      timeout: timeoutOf(t),
      raiseError: raiseError === undefined ? false : truth(raiseError),
      ...(count !== undefined && count !== null ? { count: Number(count) } : {}),
    }),
  );
  return r.slice();
}

function fill(m: PyModule): () => PyObject | null {
  m.d.spawn = fnOf('spawn', spawnFn as AnyFn, { kwf: spawnKw });
  m.d.spawn_later = fnOf('spawn_later', spawnLaterFn as AnyFn, { kwf: spawnLaterKw });
  m.d.sleep = fnOf('sleep', ((s?: unknown) => py(sleep(s === undefined ? 0 : seconds(s)))) as AnyFn, {
    blk: true,
    kwf: (a, kw) => py(sleep(seconds(kw?.get('seconds') ?? a[0] ?? 0))),
  });
  m.d.idle = fnOf('idle', (() => py(sleep(0))) as AnyFn, { blk: true });
  m.d.joinall = fnOf(
    'joinall',
    ((gs: unknown, t?: unknown, r?: unknown, c?: unknown) => joinallG(gs, t, r, c)) as AnyFn,
    {
      blk: true,
      kwf: (a, kw) =>
        joinallG(
          a[0] ?? kw?.get('greenlets'),
          kw?.get('timeout') ?? a[1],
          kw?.get('raise_error') ?? a[2],
          kw?.get('count') ?? a[3],
        ),
    },
  );
  const waitG = function* (objs: unknown, t: unknown, count: unknown): Blocking<unknown> {
    if (objs === undefined || objs === null) return yield* py(wait(null, { timeout: timeoutOf(t) }));
    const r = yield* py(
      wait(toArray(objs) as never[], {
        timeout: timeoutOf(t),
        ...(count !== undefined && count !== null ? { count: Number(count) } : {}),
      }),
    );
    return (r as unknown[]).slice();
  };
  m.d.wait = fnOf('wait', ((o?: unknown, t?: unknown, c?: unknown) => waitG(o, t, c)) as AnyFn, {
    blk: true,
    kwf: (a, kw) => waitG(a[0] ?? kw?.get('objects'), kw?.get('timeout') ?? a[1], kw?.get('count') ?? a[2]),
  });
  const killG = (g: unknown, exception: unknown, block: unknown, t: unknown) =>
    py(
      (g as Greenlet).kill({
        exception: killExc(exception),
        block: block === undefined ? true : truth(block),
        timeout: timeoutOf(t),
      }),
    );
  m.d.kill = fnOf('kill', ((g: unknown, e?: unknown, b?: unknown, t?: unknown) => killG(g, e, b, t)) as AnyFn, {
    blk: true,
    kwf: (a, kw) => killG(a[0], kw?.get('exception') ?? a[1], kw?.get('block') ?? a[2], kw?.get('timeout') ?? a[3]),
  });
  const killallG = (gs: unknown, exception: unknown, block: unknown, t: unknown) =>
    py(
      killall(greenletsOf(gs), {
        exception: killExc(exception),
        block: block === undefined ? true : truth(block),
        timeout: timeoutOf(t),
      }),
    );
  m.d.killall = fnOf(
    'killall',
    ((g: unknown, e?: unknown, b?: unknown, t?: unknown) => killallG(g, e, b, t)) as AnyFn,
    {
      blk: true,
      kwf: (a, kw) =>
        killallG(a[0], kw?.get('exception') ?? a[1], kw?.get('block') ?? a[2], kw?.get('timeout') ?? a[3]),
    },
  );
  m.d.getcurrent = fnOf('getcurrent', (() => getcurrent()) as AnyFn);
  // The hub as Python sees it: attributes such as `exception_stream` may be set, which
  // printFailure reads (None prints nothing, any object with `write` gets the report).
  let hub: PyObject | null = null;
  m.d.get_hub = fnOf('get_hub', (() => {
    hub ??= new PyObject(hubType);
    return hub;
  }) as AnyFn);
  m.d.Greenlet = greenletType;
  m.d.GreenletExit = GreenletExitPy;
  m.d.Timeout = TimeoutPy;
  m.d.__version__ = '22.10.2';
  return () => hub;
}

// ---- the hub's error printing -----------------------------------------------------------------

/** The frame gevent's compiled `Greenlet.run` adds above the greenlet's function. */
const GREENLET_RUN: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text: '  File "src/gevent/greenlet.py", line 908, in gevent._gevent_cgreenlet.Greenlet.run\n',
};

/** The frame of gevent's `baseserver._handle_and_close_when_done`, below a handler's own. */
const BASESERVER_HANDLE: TbEntry = {
  mod: null,
  code: 0,
  p: 0,
  text:
    '  File "/usr/lib/python3/dist-packages/gevent/baseserver.py", line 34, in _handle_and_close_when_done\n' +
    '    return handle(*args_tuple)\n' +
    '           ^^^^^^^^^^^^^^^^^^^\n',
};

/** A StreamServer handler greenlet's `_formatinfo`: its three arguments' reprs, 50 characters each. */
function handlerInfo(handle: unknown, sock: unknown, conn: net.socket, address: PyTuple): string {
  const s = `<gevent._socket3.socket ${conn.closed ? '[closed] ' : ''}at 0x${objId(sock).toString(16)} object>`;
  const args = [repr(handle), '<bound method StreamServer.do_close of <StreamServer>>', `(${s}, ${repr(address)})`];
  return `_handle_and_close_when_done(${args.map((a) => a.slice(0, 50)).join(', ')})`;
}

/** gevent's `gmctime()` on the simulated clock: `%Y-%m-%dT%H:%M:%SZ`. */
function gmctime(): string {
  const t = Math.floor(monotonic());
  const secs = t % 86400;
  // Howard Hinnant's civil_from_days, for the proleptic Gregorian calendar.
  const z = (t - secs) / 86400 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p2(m)}-${p2(d)}T${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}Z`;
}

/**
 * gevent's `Hub.handle_error` then `print_exception` for a failed greenlet: GreenletExit
 * and SystemExit (`NOT_ERROR`) print nothing; the rest go to the hub's exception stream in
 * the pieces gevent writes (the traceback, the time, a space, the context line).
 */
function printFailure(ctx: RunContext, hub: PyObject | null, context: RawGreenlet | string, error: unknown): void {
  const exc = toPy(error);
  if (isInstance(exc, GreenletExitPy) || isInstance(exc, SystemExit)) return;
  const assigned = hub !== null && 'exception_stream' in hub.d;
  const stream = assigned ? (hub as PyObject).d.exception_stream : null;
  if (assigned && !truth(stream)) return;
  const write = assigned ? (s: string) => callSync(getAttr(stream, 'write'), [s]) : (s: string) => ctx.stderr(s);
  const isGreenlet = context instanceof Greenlet;
  const frames = isGreenlet ? ((context as { $frames?: TbEntry[] }).$frames ?? [GREENLET_RUN]) : [];
  const tb = exc.tb as TbEntry[];
  tb.push(...frames);
  let text: string;
  try {
    text = formatException(exc);
  } finally {
    tb.length -= frames.length;
  }
  write(text);
  write(gmctime());
  write(' ');
  const where = isGreenlet ? greenletRepr(context as Greenlet) : String(context);
  write(`${where} failed with ${exc.cls.name}\n\n`);
}

// ---- gevent.event, gevent.lock ----------------------------------------------------------------

const eventType = mkType('Event', 'gevent.event');
const asyncResultType = mkType('AsyncResult', 'gevent.event');
setPyType(gevent_event.Event.prototype, eventType);
setPyType(gevent_event.AsyncResult.prototype, asyncResultType);
setMake(eventType, () => new gevent_event.Event());
setMake(asyncResultType, () => new gevent_event.AsyncResult());
type Ev = gevent_event.Event;
type AR = gevent_event.AsyncResult;
def(eventType, 'set', (e: Ev) => {
  e.set();
  return null;
});
def(eventType, 'clear', (e: Ev) => {
  e.clear();
  return null;
});
def(eventType, 'is_set', (e: Ev) => e.isSet());
def(eventType, 'isSet', (e: Ev) => e.isSet());
def(eventType, 'ready', (e: Ev) => e.ready());
def(eventType, 'wait', (e: Ev, t?: unknown) => py(e.wait(timeoutOf(t))), { blk: true, kw: ['timeout'] });
def(asyncResultType, 'set', (r: AR, v?: unknown) => {
  r.set(v === undefined ? null : v);
  return null;
});
def(asyncResultType, 'set_exception', (r: AR, e: unknown) => {
  r.setException(e instanceof PyType ? makeExc(e, []) : e);
  return null;
});
def(asyncResultType, 'ready', (r: AR) => r.ready());
def(asyncResultType, 'successful', (r: AR) => r.successful());
prop(asyncResultType, 'value', (r: AR) => fromModel(r.value));
prop(asyncResultType, 'exception', (r: AR) => fromModel(r.exception));
def(
  asyncResultType,
  'get',
  function* (r: AR, block?: unknown, t?: unknown): Blocking<unknown> {
    return fromModel(yield* py(r.get(block === undefined ? true : truth(block), timeoutOf(t))));
  },
  { blk: true, kw: ['block', 'timeout'] },
);
def(asyncResultType, 'get_nowait', (r: AR) => fromModel(r.getNowait()));
def(
  asyncResultType,
  'wait',
  function* (r: AR, t?: unknown): Blocking<unknown> {
    return fromModel(yield* py(r.wait(timeoutOf(t))));
  },
  { blk: true, kw: ['timeout'] },
);

const semType = mkType('Semaphore', 'gevent._gevent_c_semaphore');
const bsemType = mkType('BoundedSemaphore', 'gevent._gevent_c_semaphore', semType);
setPyType(gevent_lock.Semaphore.prototype, semType);
setPyType(gevent_lock.BoundedSemaphore.prototype, bsemType);
setMake(semType, (_c, a, kw) => new gevent_lock.Semaphore(Number(a[0] ?? kw?.get('value') ?? 1)));
setMake(bsemType, (_c, a, kw) => new gevent_lock.BoundedSemaphore(Number(a[0] ?? kw?.get('value') ?? 1)));
type Sem = gevent_lock.Semaphore;
def(
  semType,
  'acquire',
  function* (s: Sem, blocking?: unknown, t?: unknown): Blocking<unknown> {
    return yield* py(s.acquire(blocking === undefined ? true : truth(blocking), timeoutOf(t)));
  },
  { blk: true, kw: ['blocking', 'timeout'] },
);
def(semType, '__enter__', (s: Sem) => py(s.acquire()), { blk: true });
def(semType, 'release', (s: Sem) => {
  s.release();
  return null;
});
def(semType, '__exit__', (s: Sem) => {
  s.release();
  return null;
});
def(semType, 'locked', (s: Sem) => s.locked());
def(semType, 'wait', (s: Sem, t?: unknown) => py(s.wait(timeoutOf(t))), { blk: true, kw: ['timeout'] });
prop(semType, 'counter', (s: Sem) => s.counter);

// ---- gevent.pool ------------------------------------------------------------------------------

const groupType = mkType('Group', 'gevent.pool');
const poolType = mkType('Pool', 'gevent.pool', groupType);
setPyType(gevent_pool.Group.prototype, groupType);
setPyType(gevent_pool.Pool.prototype, poolType);
setMake(groupType, (_c, a) => new gevent_pool.Group(a[0] === undefined ? [] : (toArray(a[0]) as Greenlet[])));
setMake(poolType, (_c, a, kw) => {
  const size = a[0] ?? kw?.get('size');
  return new gevent_pool.Pool(size === undefined || size === null ? null : Number(size));
});
type Grp = gevent_pool.Group;
function* groupSpawn(gr: Grp, fn: unknown, args: unknown[], kw: Map<string, unknown> | null) {
  const [kn, kv] = kwSplit(kw);
  const g = yield* py(gr.spawn(gtask(fn, kn, kv) as never, ...(args as never[])));
  (g as { $fn?: unknown }).$fn = fn;
  (g as { $kw?: unknown }).$kw = kw;
  return g;
}
const gspawn = def(groupType, 'spawn', (gr: Grp, fn: unknown, ...a: unknown[]) => groupSpawn(gr, fn, a, null), {
  blk: true,
});
gspawn.$kwf = (a, kw) => groupSpawn(a[0] as Grp, a[1], a.slice(2), kw);
def(groupType, 'add', (gr: Grp, g: Greenlet) => py(gr.add(g)), { blk: true });
def(groupType, 'discard', (gr: Grp, g: Greenlet) => {
  gr.discard(g);
  return null;
});
def(groupType, 'start', (gr: Grp, g: Greenlet) => py(gr.start(g)), { blk: true });
def(
  groupType,
  'join',
  (gr: Grp, t?: unknown, r?: unknown) => py(gr.join(timeoutOf(t), r === undefined ? false : truth(r))),
  { blk: true, kw: ['timeout', 'raise_error'] },
);
def(groupType, 'kill', (gr: Grp) => py(gr.kill()), { blk: true });
def(groupType, 'killone', (gr: Grp, g: Greenlet) => py(gr.killone(g)), { blk: true });
def(groupType, 'full', (gr: Grp) => gr.full());
def(groupType, '__len__', (gr: Grp) => gr.length);
def(groupType, '__contains__', (gr: Grp, g: unknown) => gr.has(g));
def(groupType, 'wait_available', (gr: Grp, t?: unknown) => py(gr.waitAvailable(timeoutOf(t))), {
  blk: true,
  kw: ['timeout'],
});
def(
  groupType,
  'apply',
  function* (gr: Grp, fn: unknown, args?: unknown): Blocking<unknown> {
    return fromModel(yield* py(gr.apply(task(fn) as never, (args === undefined ? [] : toArray(args)) as never)));
  },
  { blk: true },
);
def(groupType, 'apply_async', (gr: Grp, fn: unknown, args?: unknown, cb?: unknown) =>
  gr.applyAsync(
    task(fn) as never,
    (args === undefined || args === null ? [] : toArray(args)) as never,
    cb === undefined || cb === null ? null : (linkCb(cb) as never),
  ),
);
def(
  groupType,
  'map',
  function* (gr: Grp, fn: unknown, items: unknown): Blocking<unknown> {
    return (yield* py(gr.map(task(fn) as never, toArray(items)))).slice();
  },
  { blk: true },
);
def(
  groupType,
  'imap_unordered',
  function* (gr: Grp, fn: unknown, items: unknown): Blocking<unknown> {
    return (yield* py(gr.imapUnordered(task(fn) as never, toArray(items)))).slice();
  },
  { blk: true },
);
def(poolType, 'free_count', (p: gevent_pool.Pool) => p.freeCount());
prop(poolType, 'size', (p: gevent_pool.Pool) => p.size);

// ---- gevent.server ----------------------------------------------------------------------------

const serverType = mkType('StreamServer', 'gevent.server');
setPyType(gevent_server.StreamServer.prototype, serverType);
type Srv = gevent_server.StreamServer;
/**
 * `StreamServer(listener, handle)`: `listener` is a listening socket or an address, which
 * is bound here with SO_REUSEADDR and a backlog of 256 when the server starts, as gevent does.
 */
setMake(serverType, (_c, a, kw) => {
  const listener = a[0] ?? kw?.get('listener');
  const handle = a[1] ?? kw?.get('handle');
  let sock: net.socket;
  if (listener instanceof net.socket) sock = listener;
  else {
    const t = listener as PyTuple;
    sock = net.createServer([t.a[0] as string, Number(t.a[1])], { backlog: 256 });
  }
  const h = function* (conn: net.socket, addr: net.Address): Blocking {
    const sock = geventSocket(conn);
    const address = new PyTuple([addr[0], addr[1]]);
    // If it fails, the handler greenlet prints as gevent's, which runs
    // `_handle_and_close_when_done(handle, self.do_close, (sock, address))`.
    const g = getcurrent() as Greenlet;
    Object.assign(g, {
      $frames: [BASESERVER_HANDLE, GREENLET_RUN],
      $info: () => handlerInfo(handle, sock, conn, address),
    });
    yield* gtask(handle)(sock, address);
  };
  // gevent's server accepts cooperatively, patched or not: the model's accept loop gets a
  // listener whose accept yields to the hub.
  const listenerView = {
    accept: () => cooperatively(() => sock.accept()),
    closeNow: () => sock.closeNow(),
    get closed() {
      return sock.closed;
    },
    getsockname: () => sock.getsockname(),
  } as unknown as net.socket;
  const srv = new gevent_server.StreamServer(listenerView, h);
  (srv as { $sock?: net.socket }).$sock = sock;
  return srv;
});
def(serverType, 'start', (s: Srv) => {
  if (!s.started) s.start();
  return null;
});
def(
  serverType,
  'serve_forever',
  function* (s: Srv): Blocking<unknown> {
    if (!s.started) s.start();
    yield* s.join();
    return null;
  },
  { blk: true },
);
def(serverType, 'stop', (s: Srv) => {
  s.stop();
  return null;
});
def(serverType, 'close', (s: Srv) => {
  s.stop();
  return null;
});
prop(serverType, 'started', (s: Srv) => s.started);
prop(serverType, 'server_host', (s: Srv) => s.listener.getsockname()[0]);
prop(serverType, 'server_port', (s: Srv) => s.listener.getsockname()[1]);
prop(serverType, 'address', (s: Srv) => {
  const a = s.listener.getsockname();
  return new PyTuple([a[0], a[1]]);
});
prop(serverType, 'socket', (s: Srv) => (s as { $sock?: net.socket }).$sock ?? null);
registerModule('gevent.server', () => {
  const m = new PyModule('gevent.server');
  m.d.StreamServer = serverType;
  return m;
});

// ---- gevent.monkey ----------------------------------------------------------------------------

const PATCHABLE = ['os', 'time', 'thread', 'sys', 'socket', 'select', 'ssl', 'subprocess', 'signal', 'queue', 'dns'];
/** Which modules `patch_all` was told to patch, per run (is_module_patched reads it). */
const patchedByRun = new WeakMap<object, Set<string>>();

registerModule('gevent', (ctx) => {
  const m = new PyModule('gevent');
  const hub = fill(m);
  setErrorPrinter((context, error) => printFailure(ctx, hub(), context, error));
  // gevent's own submodules, reachable as attributes once imported.
  m.d.monkey = importModule(ctx, 'gevent.monkey');
  return m;
});
registerModule('gevent.monkey', (ctx) => {
  const m = new PyModule('gevent.monkey');
  const patched = new Set<string>();
  patchedByRun.set(ctx, patched);
  const patchAll = (a: unknown[], kw: Map<string, unknown> | null) => {
    void a;
    for (const name of PATCHABLE) {
      const v = kw?.get(name);
      if (v === undefined || truth(v)) patched.add(name === 'thread' ? 'threading' : name);
    }
    if (patched.has('threading') || patched.has('time') || patched.has('socket')) monkey.patchAll();
    return true;
  };
  m.d.patch_all = fnOf('patch_all', ((...a: unknown[]) => patchAll(a, null)) as AnyFn, { kwf: patchAll });
  for (const name of PATCHABLE) {
    const mod = name === 'thread' ? 'threading' : name;
    m.d[`patch_${name}`] = fnOf(`patch_${name}`, (() => {
      patched.add(mod);
      if (mod === 'threading' || mod === 'time' || mod === 'socket') monkey.patchAll();
      return null;
    }) as AnyFn);
  }
  m.d.is_module_patched = fnOf('is_module_patched', ((name: unknown) => patched.has(str(name))) as AnyFn);
  m.d.is_anything_patched = fnOf('is_anything_patched', (() => patched.size > 0) as AnyFn);
  return m;
});
registerModule('gevent.pool', () => {
  const m = new PyModule('gevent.pool');
  m.d.Pool = poolType;
  m.d.Group = groupType;
  m.d.PoolFull = PoolFullPy;
  return m;
});
registerModule('gevent.event', () => {
  const m = new PyModule('gevent.event');
  m.d.Event = eventType;
  m.d.AsyncResult = asyncResultType;
  return m;
});
registerModule('gevent.lock', () => {
  const m = new PyModule('gevent.lock');
  m.d.Semaphore = semType;
  m.d.BoundedSemaphore = bsemType;
  m.d.DummySemaphore = semType;
  return m;
});
registerModule('gevent.timeout', () => {
  const m = new PyModule('gevent.timeout');
  m.d.Timeout = TimeoutPy;
  return m;
});
registerModule('greenlet', () => {
  const m = new PyModule('greenlet');
  m.d.GreenletExit = GreenletExitPy;
  m.d.getcurrent = fnOf('getcurrent', (() => getcurrent()) as AnyFn);
  return m;
});
