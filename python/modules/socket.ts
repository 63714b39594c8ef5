/**
 * `socket` and `select` bound onto models/net: a Python socket is the model's `socket`
 * given a Python class (addresses as `(host, port)` tuples, data as bytes), and
 * `select.select`/`select.epoll`/`select.poll` are the model's pollers. The models' OSError
 * family becomes CPython's classes with `(errno, strerror)` args, so `except
 * ConnectionRefusedError` and `str(e)` read as CPython's. `gevent.socket` is this module:
 * after `monkey.patch_all()` the model makes its calls cooperative. Every call CPython makes
 * with the GIL released is a system call here too, so another thread can run there:
 * `socket.socket()` itself, `bind`, `listen`, `close`, `shutdown`, `settimeout`, `setblocking`,
 * `select.epoll()` and epoll's `register`, `modify`, `unregister` and `close` (poll's only update
 * its table, as in CPython).
 *
 * Differs from CPython: TCP over IPv4 only (AF_INET, SOCK_STREAM); `recv`/`send` take no
 * flags; `poll` is the model's epoll under poll's names; a socket's repr has no address.
 */
import type { Blocking } from '../../engine/index.ts';
import { cooperatively, kernel, op, syscallTicks } from '../../engine/index.ts';
import * as net from '../../models/net/index.ts';
import { toArray } from '../runtime/iter.ts';
import { def, fnOf, prop } from '../runtime/methods.ts';
import { type AnyFn, PyBytes, PyFloat, PyModule, PyTuple, type PyType } from '../runtime/objects.ts';
import { truth } from '../runtime/ops.ts';
import {
  BlockingIOError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileExistsError,
  FileNotFoundError,
  makeExc,
  OSError,
  PY_TYPE,
  setPyType,
  TimeoutError,
  typeError,
  typeName,
} from '../runtime/types.ts';
import { mkType, registerModule, setMake } from './registry.ts';
import { seconds } from './threading.ts';

// ---- errors -----------------------------------------------------------------------------------

const OS_CLASSES: Record<string, PyType> = {
  OSError,
  BlockingIOError,
  ConnectionError,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionRefusedError,
  ConnectionResetError,
  FileExistsError,
  FileNotFoundError,
};
/** The runtime's toPy reads `$py`: a model OSError becomes CPython's, with its args. */
Object.defineProperty(net.OSError.prototype, '$py', {
  configurable: true,
  get(this: net.OSError) {
    const t = OS_CLASSES[this.name] ?? OSError;
    const p =
      this.errno === null
        ? makeExc(t, this.message === '' ? [] : [this.message])
        : makeExc(t, [this.errno, this.strerror]);
    Object.defineProperty(this, '$py', { value: p, configurable: true, writable: true });
    return p;
  },
});

// ---- socket -----------------------------------------------------------------------------------

const socketType = mkType('socket', 'socket');
setPyType(net.socket.prototype, socketType);

function address(x: unknown, what: string): net.Address {
  if (!(x instanceof PyTuple) || x.a.length !== 2) {
    throw typeError(`${what}(): AF_INET address must be tuple, not ${typeName(x)}`);
  }
  const [h, p] = x.a;
  if (typeof h !== 'string') throw typeError(`str, bytes or bytearray expected, not ${typeName(h)}`);
  if (typeof p !== 'number' && typeof p !== 'bigint')
    throw typeError(`'${typeName(p)}' object cannot be interpreted as an integer`);
  return [h, Number(p)];
}
function pyAddr(a: net.Address): PyTuple {
  return new PyTuple([a[0], a[1]]);
}
function bytesOf(x: unknown): Uint8Array {
  if (x instanceof PyBytes) return x.b;
  if (x !== null && typeof x === 'object' && (x as { b?: unknown }).b instanceof Uint8Array) return (x as PyBytes).b;
  throw typeError(`a bytes-like object is required, not '${typeName(x)}'`);
}
function timeoutArg(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  if (!(x instanceof PyFloat) && typeof x !== 'number' && typeof x !== 'bigint') {
    throw typeError(`'${typeName(x)}' object cannot be interpreted as an integer or float`);
  }
  return seconds(x);
}

setMake(socketType, (cls, a, kw) => {
  const family = Number(a[0] ?? kw?.get('family') ?? net.AF_INET);
  const type = Number(a[1] ?? kw?.get('type') ?? net.SOCK_STREAM);
  const proto = Number(a[2] ?? kw?.get('proto') ?? 0);
  return op('socket.socket()', made(cls, family, type, proto));
});
/** `socket.socket()`: its system call, then the object (named by gevent's class or a Python subclass). */
function* made(cls: PyType, family: number, type: number, proto: number): Blocking<net.socket> {
  const s = yield* net.newSocket(family, type, proto);
  if (cls !== socketType) Object.defineProperty(s, PY_TYPE, { value: cls, configurable: true });
  return s;
}
type S = net.socket;
/** A set-up call (bind, listen, epoll()'s, epoll.close's): its system call without the GIL, then `then`. */
function* setupCall<T>(then: () => T): Blocking<T> {
  const c = kernel('socket').costs.socketSetup;
  if (c > 0) yield* syscallTicks(c);
  return then();
}
def(
  socketType,
  'bind',
  (s: S, addr: unknown) => {
    const a = address(addr, 'bind');
    return setupCall(() => s.bind(a));
  },
  { blk: true },
);
def(
  socketType,
  'listen',
  (s: S, backlog?: unknown) => setupCall(() => (backlog === undefined ? s.listen() : s.listen(Number(backlog)))),
  { blk: true },
);
def(
  socketType,
  'accept',
  function* (s: S): Blocking<unknown> {
    const [c, a] = yield* s.accept();
    return new PyTuple([c, pyAddr(a)]);
  },
  { blk: true },
);
def(socketType, 'connect', (s: S, addr: unknown) => s.connect(address(addr, 'connect')), { blk: true });
def(socketType, 'connect_ex', (s: S, addr: unknown) => s.connectEx(address(addr, 'connect_ex')), { blk: true });
def(
  socketType,
  'recv',
  function* (s: S, n: unknown): Blocking<unknown> {
    return new PyBytes(yield* s.recv(Number(n)));
  },
  { blk: true },
);
def(socketType, 'send', (s: S, d: unknown) => s.send(bytesOf(d)), { blk: true });
def(socketType, 'sendall', (s: S, d: unknown) => s.sendall(bytesOf(d)), { blk: true });
def(socketType, 'close', (s: S) => s.close(), { blk: true });
def(socketType, 'shutdown', (s: S, how: unknown) => s.shutdown(Number(how)), { blk: true });
def(socketType, 'fileno', (s: S) => s.fileno());
def(socketType, 'getsockname', (s: S) => pyAddr(s.getsockname()));
def(socketType, 'getpeername', (s: S) => pyAddr(s.getpeername()));
def(socketType, 'setsockopt', (s: S, level: unknown, opt: unknown, v: unknown) => {
  const lv = Number(level);
  const o = Number(opt);
  // TCP_NODELAY changes nothing the model times (no Nagle delay is simulated).
  if (lv === net.IPPROTO_TCP && o === net.TCP_NODELAY) return null;
  s.setsockopt(lv, o, typeof v === 'boolean' ? v : Number(v));
  return null;
});
def(socketType, 'getsockopt', (s: S, level: unknown, opt: unknown) => s.getsockopt(Number(level), Number(opt)));
def(socketType, 'settimeout', (s: S, t: unknown) => s.settimeout(timeoutArg(t)), { blk: true });
def(socketType, 'gettimeout', (s: S) => {
  const t = s.gettimeout();
  return t === null ? null : new PyFloat(t);
});
def(socketType, 'setblocking', (s: S, f: unknown) => s.setblocking(truth(f)), { blk: true });
def(socketType, 'getblocking', (s: S) => s.getblocking());
def(socketType, '__enter__', (s: S) => s);
def(socketType, '__exit__', (s: S) => s.close(), { blk: true });
def(socketType, '__repr__', (s: S) => {
  const fd = s.closed ? -1 : s.fileno();
  return `<socket.socket fd=${fd}, family=${s.closed ? 0 : 2}, type=${s.closed ? 0 : 1}, proto=0>`;
});

const CONSTANTS: Record<string, number> = {
  AF_INET: net.AF_INET,
  SOCK_STREAM: net.SOCK_STREAM,
  SOL_SOCKET: net.SOL_SOCKET,
  SO_REUSEADDR: net.SO_REUSEADDR,
  SO_TYPE: net.SO_TYPE,
  SO_ERROR: net.SO_ERROR,
  SO_SNDBUF: net.SO_SNDBUF,
  SO_RCVBUF: net.SO_RCVBUF,
  SO_KEEPALIVE: net.SO_KEEPALIVE,
  IPPROTO_TCP: net.IPPROTO_TCP,
  TCP_NODELAY: net.TCP_NODELAY,
  SHUT_RD: net.SHUT_RD,
  SHUT_WR: net.SHUT_WR,
  SHUT_RDWR: net.SHUT_RDWR,
  SOMAXCONN: net.SOMAXCONN,
};

function socketModule(name: string): PyModule {
  const m = new PyModule(name);
  m.d.socket = socketType;
  m.d.SocketType = socketType;
  for (const [k, v] of Object.entries(CONSTANTS)) m.d[k] = v;
  m.d.error = OSError;
  m.d.timeout = TimeoutError;
  const cc = (addr: unknown, t?: unknown) => net.createConnection(address(addr, 'create_connection'), timeoutArg(t));
  m.d.create_connection = fnOf('create_connection', cc as AnyFn, {
    blk: true,
    kwf: (a, kw) => cc(a[0] ?? kw?.get('address'), kw?.get('timeout') ?? a[1]),
  });
  const cs = (addr: unknown, backlog?: unknown, reuse?: unknown) =>
    net.createServer(address(addr, 'create_server'), {
      ...(backlog !== undefined && backlog !== null ? { backlog: Number(backlog) } : {}),
      ...(reuse !== undefined ? { reuseAddress: truth(reuse) } : {}),
    });
  m.d.create_server = fnOf('create_server', cs as AnyFn, {
    kwf: (a, kw) => cs(a[0] ?? kw?.get('address'), kw?.get('backlog') ?? a[1], kw?.get('reuse_port')),
  });
  m.d.gethostname = fnOf('gethostname', (() => 'localhost') as AnyFn);
  m.d.gethostbyname = fnOf('gethostbyname', ((h: unknown) => (h === 'localhost' ? '127.0.0.1' : h)) as AnyFn);
  return m;
}
registerModule('socket', () => socketModule('socket'));

/**
 * `gevent.socket.socket`: gevent's own sockets always yield to the hub where they would
 * block, patched or not, so their blocking calls run cooperatively; sockets they accept
 * are gevent sockets too.
 */
const geventSocketType = mkType('socket', 'gevent._socket3', socketType);
function geventSocket<T>(s: T): T {
  if (s instanceof net.socket) Object.defineProperty(s, PY_TYPE, { value: geventSocketType, configurable: true });
  return s;
}
for (const name of ['accept', 'connect', 'connect_ex', 'recv', 'send', 'sendall']) {
  const base = socketType.dict[name] as AnyFn;
  def(
    geventSocketType,
    name,
    function* (self: S, ...a: unknown[]): Blocking<unknown> {
      const r = yield* cooperatively(() => base(self, ...a) as Iterable<unknown, unknown, unknown>);
      if (r instanceof PyTuple && r.a[0] instanceof net.socket) geventSocket(r.a[0]);
      return r;
    },
    { blk: true },
  );
}
registerModule('gevent.socket', () => {
  const m = socketModule('gevent.socket');
  m.d.socket = geventSocketType;
  m.d.SocketType = geventSocketType;
  const cc = function* (addr: unknown, t?: unknown): Blocking<unknown> {
    const c = yield* cooperatively(() => net.createConnection(address(addr, 'create_connection'), timeoutArg(t)));
    return geventSocket(c);
  };
  m.d.create_connection = fnOf('create_connection', cc as AnyFn, {
    blk: true,
    kwf: (a, kw) => cc(a[0] ?? kw?.get('address'), kw?.get('timeout') ?? a[1]),
  });
  return m;
});

export { geventSocket };

// ---- select -----------------------------------------------------------------------------------

const epollType = mkType('epoll', 'select');
setPyType(net.select.epoll.prototype, epollType);
setMake(epollType, (_c, a) =>
  op(
    'select.epoll()',
    setupCall(() => new net.select.epoll(a[0] === undefined ? -1 : Number(a[0]))),
  ),
);
type E = net.select.epoll;
function maskArg(mask: unknown): [] | [number] {
  return mask === undefined ? [] : [Number(mask)];
}
function fdArg(x: unknown): number | { fileno(): number } {
  if (typeof x === 'number' || typeof x === 'bigint') return Number(x);
  return x as { fileno(): number };
}
// epoll's are epoll_ctl system calls; poll's (below) only update poll's own table, as in CPython.
def(epollType, 'register', (e: E, fd: unknown, mask?: unknown) => e.register(fdArg(fd), ...maskArg(mask)), {
  blk: true,
});
def(epollType, 'modify', (e: E, fd: unknown, mask: unknown) => e.modify(fdArg(fd), Number(mask)), { blk: true });
def(epollType, 'unregister', (e: E, fd: unknown) => e.unregister(fdArg(fd)), { blk: true });
def(
  epollType,
  'close',
  function* (e: E): Blocking<null> {
    // CPython marks the epoll closed, then closes its descriptor without the GIL.
    if (e.closed) return null;
    e.close();
    return yield* setupCall(() => null);
  },
  { blk: true },
);
def(epollType, 'fileno', (e: E) => e.fileno());
prop(epollType, 'closed', (e: E) => e.closed);
function* pollG(e: E, t: unknown, max: unknown, ms: boolean): Blocking<unknown> {
  let timeout: number | null = t === undefined || t === null ? -1 : seconds(t);
  if (ms && timeout !== null && timeout >= 0) timeout /= 1000;
  const evs = yield* e.poll(timeout, max === undefined ? -1 : Number(max));
  return evs.map(([fd, ev]) => new PyTuple([fd, ev]));
}
def(epollType, 'poll', (e: E, t?: unknown, max?: unknown) => pollG(e, t, max, false), {
  blk: true,
  kw: ['timeout', 'maxevents'],
});
// select.poll(): the same readiness under poll's names (its timeout is in milliseconds).
const pollType = mkType('poll', 'select');
setMake(pollType, () => {
  const e = new net.select.epoll();
  Object.defineProperty(e, Symbol.for('pyType'), { value: pollType });
  return e;
});
def(pollType, 'register', (e: E, fd: unknown, mask?: unknown) => {
  e.registerNow(fdArg(fd), ...maskArg(mask));
  return null;
});
def(pollType, 'modify', (e: E, fd: unknown, mask: unknown) => {
  e.modifyNow(fdArg(fd), Number(mask));
  return null;
});
def(pollType, 'unregister', (e: E, fd: unknown) => {
  e.unregisterNow(fdArg(fd));
  return null;
});
def(pollType, 'poll', (e: E, t?: unknown) => pollG(e, t, undefined, true), { blk: true });

registerModule('select', () => {
  const m = new PyModule('select');
  const sel = function* (r: unknown, w: unknown, x: unknown, t: unknown): Blocking<unknown> {
    const [a, b, c] = yield* net.select.select(
      toArray(r) as never[],
      toArray(w) as never[],
      toArray(x) as never[],
      t === undefined || t === null ? null : seconds(t),
    );
    return new PyTuple([a, b, c]);
  };
  m.d.select = fnOf('select', ((r: unknown, w: unknown, x: unknown, t?: unknown) => sel(r, w, x, t)) as AnyFn, {
    blk: true,
  });
  m.d.epoll = epollType;
  m.d.poll = pollType;
  for (const k of Object.keys(net.select)) {
    if (/^(EPOLL|POLL)[A-Z]+$/.test(k)) m.d[k] = (net.select as unknown as Record<string, unknown>)[k];
  }
  // poll's flags share epoll's values on Linux.
  for (const k of ['IN', 'PRI', 'OUT', 'ERR', 'HUP', 'RDNORM', 'RDBAND', 'WRNORM', 'WRBAND', 'MSG', 'RDHUP']) {
    m.d[`POLL${k}`] = m.d[`EPOLL${k}`];
  }
  m.d.error = OSError;
  return m;
});
