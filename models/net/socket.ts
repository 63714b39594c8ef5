/**
 * Python's `socket` module for TCP: `socket` objects with `bind`, `listen`, `accept`,
 * `connect`/`connectEx`, `send`/`sendall`, `recv`, `shutdown`, `close`, `setsockopt`
 * (SO_REUSEADDR, SO_SNDBUF, SO_RCVBUF), `settimeout`/`setblocking` and `fileno`, over the
 * simulated network (network.ts) and Linux's TCP rules (tcp.ts). Addresses are
 * `[host, port]` arrays and data is `Uint8Array` (see bytes.ts for `encode`/`decode`).
 *
 * Every call that CPython makes as a system call with the GIL released returns an `Op`
 * (`recv`, `send`, `sendall`, `accept`, `connect`, `shutdown`, `close`, `settimeout`,
 * `setblocking`; `newSocket()` for `socket.socket()`), so another thread can run there as in
 * CPython, and the calls that wait block the calling thread on the socket's wait queue (a
 * monkey-patched greenlet yields to its hub there, an unpatched one stalls it). Each spends
 * its CPU cost from the cost model (`socketOpen`, `socketConnect`, `socketAccept`,
 * `socketSend`, `socketRecv`, `socketClose`; `socketControl` for settimeout, setblocking and
 * shutdown; `socketCall` for a call that would block and raises, and the others) as a system
 * call (`syscallTicks`): with measured costs its first tick holds the GIL and the rest runs
 * without it — which is also what makes a busy-polling loop of non-blocking calls burn CPU
 * and let virtual time advance. The effects Python sees come in CPython's order: `close` marks
 * the socket closed and `settimeout` sets the timeout before their system call, `shutdown`
 * acts after it. A thread woken from a blocking wait runs again
 * `contextSwitch` ticks after the wake-up (the kernel's, as for any wait); a greenlet pays
 * `greenletSwitch` + `hubIteration` of CPU for its hub's switch. `create_connection` makes
 * CPython's calls in order (getaddrinfo, `socket()`, settimeout's ioctl, connect, and with a
 * timeout poll and getsockopt), with socket.py's lines of Python between them; getaddrinfo's
 * IDNA encoding of the host imports the codec the first time in a process (idna.ts).
 *
 * The `…Now` forms (`recvNow`, `closeNow`, `settimeoutNow`, …) are the same calls made
 * non-blocking as plain calls, without cost or scheduling point, for event loops that charge
 * their own costs and for set-up outside any thread. Still plain calls here, so not switch
 * points where CPython's are: `new socket()` (a constructor cannot block; `newSocket()` is the
 * faithful form), and the one-time set-up calls `bind` and `listen` (the Python front end makes
 * them system calls, `socketSetup`).
 *
 * Modes, as in CPython: with no timeout (blocking), a call waits as long as it must, and
 * `send` copies all of its data, as Linux's blocking send does; with a timeout, a call
 * that cannot complete in time raises `TimeoutError: timed out`; each call first polls,
 * waiting in the poll (CPython's `sock_call_ex`), then makes the call once, so `send`
 * returns as soon as some bytes fit; with timeout 0 (non-blocking),
 * a call that would wait raises `BlockingIOError: [Errno 11] Resource temporarily
 * unavailable` (`connect`: `[Errno 115] Operation now in progress`). A gevent-patched
 * socket, used by a cooperative greenlet, behaves like a socket with a timeout: its `send`
 * may be short. `sendall`'s timeout bounds the whole call (Python 3.5+).
 *
 * Differs from CPython/Linux, on purpose:
 * - Stream sockets over IPv4 only (AF_INET, SOCK_STREAM); no UDP, no flags to recv/send.
 * - Closing a socket that another thread is blocked on wakes that thread with
 *   `OSError: [Errno 9] Bad file descriptor` (Linux would leave it blocked).
 * - SO_SNDBUF/SO_RCVBUF are the buffers' byte capacity as given (Linux doubles the value
 *   for bookkeeping overhead, and reports the doubled value).
 * - `connectEx` on a timeout returns EAGAIN (11), as CPython does with EWOULDBLOCK.
 * - An unknown IPv4 address is unreachable at once (`[Errno 113] No route to host`)
 *   rather than after ARP gives up; a name other than `localhost` is not resolved.
 */
import type { Blocking } from '../../engine/index.ts';
import {
  block,
  computeTicks,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  type SimProcess,
  syscallTicks,
  toTicks,
  type WaitQueue,
} from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { ValueError } from '../errors.ts';
import { hubWakeTicks, interp } from '../time.ts';
import { EMPTY } from './bytes.ts';
import { errno, fromErrno, OSError, OverflowError, timedOut } from './errors.ts';
import { fdTable } from './fd.ts';
import { encodeHost } from './idna.ts';
import { type Address, type Host, LOOPBACK, network, WILDCARD } from './network.ts';
import { Endpoint } from './tcp.ts';

/** `socket.AF_INET`: the IPv4 address family (the only one simulated). */
export const AF_INET = 2;
/** `socket.SOCK_STREAM`: a TCP socket (the only type simulated). */
export const SOCK_STREAM = 1;
/** `socket.SOL_SOCKET`: the level of socket options for `setsockopt`/`getsockopt`. */
export const SOL_SOCKET = 1;
/** `socket.SO_REUSEADDR`: allow binding an address in use (Linux's value). */
export const SO_REUSEADDR = 2;
/** `socket.SO_TYPE`: the socket's type, read with `getsockopt` (Linux's value). */
export const SO_TYPE = 3;
/**
 * `socket.SO_ERROR`: the pending error of a non-blocking connect, read with `getsockopt` (Linux's
 * value).
 */
export const SO_ERROR = 4;
/** `socket.SO_SNDBUF`: the send-buffer size (Linux's value). */
export const SO_SNDBUF = 7;
/** `socket.SO_RCVBUF`: the receive-buffer size (Linux's value). */
export const SO_RCVBUF = 8;
/** `socket.SO_KEEPALIVE`: send keep-alive probes (Linux's value). */
export const SO_KEEPALIVE = 9;
/** `socket.IPPROTO_TCP`: the level of TCP options for `setsockopt`. */
export const IPPROTO_TCP = 6;
/** `socket.TCP_NODELAY`: turn Nagle's algorithm off (Linux's value). */
export const TCP_NODELAY = 1;
/** `socket.SHUT_RD`: `shutdown` the reading side. */
export const SHUT_RD = 0;
/** `socket.SHUT_WR`: `shutdown` the writing side (sends FIN). */
export const SHUT_WR = 1;
/** `socket.SHUT_RDWR`: `shutdown` both sides. */
export const SHUT_RDWR = 2;
/** Linux's `net.core.somaxconn` (4096 since 5.4): listen backlogs are capped at it. */
export const SOMAXCONN = 4096;

/**
 * Options of a new `socket.socket()` beyond Python's arguments: the simulated host it lives on
 * (default `localhost`).
 */
export interface SocketOptions {
  /** The host the socket lives on (default: the host of the creating thread's process). */
  readonly host?: string | Host;
}

/** Internal: adopt an accepted endpoint instead of creating one. */
const ADOPT: unique symbol = Symbol('adopt');
interface AdoptOptions extends SocketOptions {
  readonly [ADOPT]?: { readonly ep: Endpoint; readonly proc: SimProcess };
}

function currentProcess(k: Kernel): SimProcess {
  return k.current?.process ?? k.mainProcess;
}

/** Whether the running code is a cooperative greenlet, whose socket is gevent's (gevent/_socket3.py). */
function cooperative(k: Kernel): boolean {
  const f = k.current;
  return f !== null && f.baton !== null && f.cooperative;
}

/** Validates Python's `(host, port)` for AF_INET and resolves `localhost`. */
function inetAddress(address: unknown, what: string): [string, number] {
  if (!Array.isArray(address)) {
    throw new TypeError(`AF_INET address must be tuple, not ${pyTypeName(address)}`);
  }
  if (address.length !== 2) {
    throw new TypeError(`AF_INET address must be a pair (host, port)`);
  }
  const [host, port] = address as unknown[];
  if (typeof host !== 'string') {
    throw new TypeError(`str, bytes or bytearray expected, not ${pyTypeName(host)}`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port)) {
    throw new TypeError(`'${pyTypeName(port)}' object cannot be interpreted as an integer`);
  }
  if (port < 0 || port > 65535) throw new OverflowError(`${what}(): port must be 0-65535.`);
  return [host === 'localhost' ? LOOPBACK : host, port];
}

/** A timeout in seconds: null for none (blocking), 0 for non-blocking. */
function checkTimeout(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') {
    throw new TypeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer or float`);
  }
  if (Number.isNaN(value)) throw new ValueError('Invalid value NaN (not a number)');
  if (value < 0) throw new ValueError('Timeout value out of range');
  return value;
}

function checkBufsize(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new TypeError(`'${pyTypeName(n)}' object cannot be interpreted as an integer`);
  }
  if (n < 0) throw new ValueError(`negative buffersize in ${what}`);
  return n;
}

function checkData(data: unknown): Uint8Array {
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`a bytes-like object is required, not '${pyTypeName(data)}'`);
  }
  return data;
}

/**
 * `socket.socket`: a TCP socket over the simulated network — `bind`, `listen`, `accept`, `connect`,
 * `send`, `recv`, `close`, blocking or not (`setblocking`, `settimeout`).
 */
export class socket {
  readonly family = AF_INET;
  readonly type = SOCK_STREAM;
  readonly proto = 0;
  /** The kernel side: TCP state, buffers, readiness (for pollers, event loops and tests). */
  readonly endpoint: Endpoint;
  readonly #k: Kernel;
  readonly #proc: SimProcess;
  #fd: number;
  /** Seconds; null blocks, 0 is non-blocking. */
  #timeout: number | null = null;
  /** Options read back as set (SO_KEEPALIVE changes nothing in the model; TCP_NODELAY turns Nagle off). */
  readonly #opts = new Map<string, number>();

  /** `socket.socket(AF_INET, SOCK_STREAM)`. */
  constructor(family: number = AF_INET, type: number = SOCK_STREAM, proto = 0, o: SocketOptions = {}) {
    const k = kernel('socket()');
    if (family !== AF_INET) throw new OSError(errno.EAFNOSUPPORT);
    if (type !== SOCK_STREAM) throw new ValueError('only SOCK_STREAM sockets are modelled');
    if (proto !== 0 && proto !== IPPROTO_TCP) throw new OSError(93, 'Protocol not supported');
    this.#k = k;
    const adopt = (o as AdoptOptions)[ADOPT];
    if (adopt !== undefined) {
      this.endpoint = adopt.ep;
      this.#proc = adopt.proc;
    } else {
      const net = network();
      this.#proc = currentProcess(k);
      const host = o.host === undefined ? net.hostOf(this.#proc) : net.host(o.host);
      this.endpoint = new Endpoint(net, host, k.label('socket'));
    }
    this.#fd = fdTable(k, this.#proc).open(this);
    if (k.tracing) k.emit('net.socket', this.endpoint.label, { fd: this.#fd, host: this.endpoint.host.name });
  }

  /** The process whose descriptor table holds this socket. */
  get process(): SimProcess {
    return this.#proc;
  }

  /** The socket's label in traces (`socket-3`). */
  get label(): string {
    return this.endpoint.label;
  }

  toString(): string {
    const ep = this.endpoint;
    const base = `<socket.socket fd=${this.#fd}, family=${this.family}, type=${this.type}, proto=${this.proto}`;
    if (this.#fd < 0) return `${base}>`;
    const laddr = ep.bound ? `, laddr=('${ep.addr}', ${ep.port})` : '';
    const raddr = ep.tcp === 'established' && ep.remote ? `, raddr=('${ep.remote[0]}', ${ep.remote[1]})` : '';
    return `${base}${laddr}${raddr}>`;
  }

  // ---- plain calls -------------------------------------------------------------------------

  /** The descriptor number, or -1 once closed. */
  fileno(): number {
    return this.#fd;
  }

  get closed(): boolean {
    return this.#fd < 0;
  }

  #checkOpen(): void {
    if (this.#fd < 0) throw new OSError(errno.EBADF);
  }

  bind(address: Address): void {
    this.#checkOpen();
    const [host, port] = inetAddress(address, 'bind');
    const e = this.endpoint.bind(host === '' ? WILDCARD : host, port);
    if (e !== 0) throw fromErrno(e);
    const k = this.#k;
    if (k.tracing) k.emit('net.bind', this.label, { addr: this.endpoint.addr, port: this.endpoint.port });
  }

  /** `listen(backlog)`: default min(SOMAXCONN, 128) as in Python; negative is 0; capped at SOMAXCONN. */
  listen(backlog = 128): void {
    this.#checkOpen();
    if (typeof backlog !== 'number' || !Number.isInteger(backlog)) {
      throw new TypeError(`'${pyTypeName(backlog)}' object cannot be interpreted as an integer`);
    }
    const b = Math.min(Math.max(backlog, 0), SOMAXCONN);
    const e = this.endpoint.listen(b);
    if (e !== 0) throw fromErrno(e);
    const k = this.#k;
    if (k.tracing) k.emit('net.listen', this.label, { port: this.endpoint.port, backlog: b });
  }

  /**
   * `shutdown(how)`: SHUT_RD, SHUT_WR or SHUT_RDWR, a system call without the GIL
   * (`socketControl`), as CPython makes it; the error (a closed socket, an unconnected one, a
   * bad `how`) comes from the call.
   */
  shutdown(how: number): Op<void> {
    return op('socket.shutdown()', this.#shutdown(how));
  }

  *#shutdown(how: number): Blocking {
    yield* this.#syscall(this.#k.costs.socketControl);
    this.shutdownNow(how);
  }

  /** `shutdown` as a plain call: no CPU cost and no scheduling point (see `recvNow`). */
  shutdownNow(how: number): void {
    this.#checkOpen();
    const e = this.endpoint.shutdown(how);
    if (e !== 0) throw fromErrno(e);
    const k = this.#k;
    if (k.tracing) k.emit('net.shutdown', this.label, { how });
  }

  /**
   * `close()`: socket.py's lines, then the socket is closed (CPython marks it so before its
   * system call) and `close(2)` runs without the GIL (`socketClose`); a closed socket's close
   * makes no system call.
   */
  close(): Op<void> {
    return op('socket.close()', this.#close());
  }

  *#close(): Blocking {
    yield* interp(PY_LINES.close);
    if (this.#fd < 0) return;
    this.closeNow();
    yield* this.#syscall(this.#k.costs.socketClose);
  }

  /** `close` as a plain call: no CPU cost and no scheduling point (see `recvNow`). */
  closeNow(): void {
    if (this.#fd < 0) return;
    fdTable(this.#k, this.#proc).close(this.#fd);
    this.#fd = -1;
    this.endpoint.close();
  }

  getsockname(): Address {
    this.#checkOpen();
    return this.endpoint.sockname();
  }

  getpeername(): Address {
    this.#checkOpen();
    const ep = this.endpoint;
    if (ep.tcp !== 'established' || ep.remote === null) throw new OSError(errno.ENOTCONN);
    return ep.remote;
  }

  /** `setsockopt(level, option, value)`: SO_REUSEADDR, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, TCP_NODELAY. */
  setsockopt(level: number, option: number, value: number | boolean): void {
    this.#checkOpen();
    const v = Number(value);
    const ep = this.endpoint;
    if (level === SOL_SOCKET && option === SO_REUSEADDR) ep.reuse = v !== 0;
    else if (level === SOL_SOCKET && option === SO_SNDBUF) ep.sndbuf = Math.max(v, 1);
    else if (level === SOL_SOCKET && option === SO_RCVBUF) ep.rcvbuf = Math.max(v, 1);
    else if (level === SOL_SOCKET && option === SO_KEEPALIVE) this.#opts.set('keepalive', v);
    else if (level === IPPROTO_TCP && option === TCP_NODELAY) {
      this.#opts.set('nodelay', v);
      ep.nodelay = v !== 0; // Nagle's algorithm off (tcp.ts)
    } else throw new OSError(errno.ENOPROTOOPT);
  }

  /** `getsockopt(level, option)`; SO_ERROR returns and clears the pending error. */
  getsockopt(level: number, option: number): number {
    this.#checkOpen();
    const ep = this.endpoint;
    if (level === SOL_SOCKET) {
      switch (option) {
        case SO_REUSEADDR:
          return ep.reuse ? 1 : 0;
        case SO_TYPE:
          return SOCK_STREAM;
        case SO_ERROR: {
          const e = ep.err;
          ep.err = 0;
          return e;
        }
        case SO_SNDBUF:
          return ep.sndbuf;
        case SO_RCVBUF:
          return ep.rcvbuf;
        case SO_KEEPALIVE:
          return this.#opts.get('keepalive') ?? 0;
        default:
          break;
      }
    } else if (level === IPPROTO_TCP && option === TCP_NODELAY) {
      return this.#opts.get('nodelay') ?? 0;
    }
    throw new OSError(errno.ENOPROTOOPT);
  }

  /**
   * `settimeout(seconds)`: null blocks, 0 makes the socket non-blocking. As in CPython the
   * timeout is set first, then `ioctl(FIONBIO)` runs without the GIL (`socketControl`); on a
   * closed socket that call fails with EBADF. A cooperative greenlet's socket is gevent's, whose
   * settimeout only sets the timeout (the real socket stays non-blocking).
   */
  settimeout(value: number | null): Op<void> {
    const t = checkTimeout(value);
    return op('socket.settimeout()', this.#applyTimeout(t));
  }

  /** `settimeout` as a plain call: no CPU cost and no scheduling point (see `recvNow`). */
  settimeoutNow(value: number | null): void {
    this.#timeout = checkTimeout(value);
  }

  gettimeout(): number | null {
    return this.#timeout;
  }

  /** `setblocking(flag)`: `settimeout(null)` if true, `settimeout(0)` if false. */
  setblocking(flag: boolean): Op<void> {
    return op('socket.setblocking()', this.#applyTimeout(flag ? null : 0));
  }

  /** `setblocking` as a plain call (see `settimeoutNow`). */
  setblockingNow(flag: boolean): void {
    this.#timeout = flag ? null : 0;
  }

  *#applyTimeout(t: number | null): Blocking {
    this.#timeout = t;
    if (cooperative(this.#k)) return; // gevent's sets its attribute only: no ioctl, no error once closed
    yield* this.#syscall(this.#k.costs.socketControl);
    this.#checkOpen();
  }

  getblocking(): boolean {
    return this.#timeout !== 0;
  }

  // ---- the non-blocking core, as plain calls ----------------------------------------------------

  /**
   * `recv` as a non-blocking socket makes it, as a plain call: no CPU cost and no
   * scheduling point (for event loops that charge the cost themselves). Raises
   * BlockingIOError when it would block, whatever the socket's timeout.
   */
  recvNow(bufsize: number): Uint8Array {
    checkBufsize(bufsize, 'recv');
    this.#checkOpen();
    if (bufsize === 0) return EMPTY;
    const r = this.endpoint.recv(bufsize);
    if (typeof r === 'number') throw fromErrno(r);
    this.#traceRecv(r);
    return r;
  }

  /** `send` as a non-blocking socket makes it, as a plain call (see `recvNow`). */
  sendNow(data: Uint8Array): number {
    checkData(data);
    this.#checkOpen();
    const n = this.endpoint.send(data);
    if (n < 0) throw fromErrno(-n);
    this.#traceSend(n, data.length);
    return n;
  }

  /** `accept` as a non-blocking socket makes it, as a plain call (see `recvNow`). */
  acceptNow(): [socket, Address] {
    this.#checkOpen();
    const r = this.#tryAccept();
    if (typeof r === 'number') throw fromErrno(r);
    return r;
  }

  /**
   * `connect` as a non-blocking socket makes it, as a plain call (see `recvNow`): raises
   * `BlockingIOError: [Errno 115] Operation now in progress` once the SYN is on its way.
   */
  connectNow(address: Address): void {
    const [host, port] = inetAddress(address, 'connect');
    this.#checkOpen();
    const e = this.#startConnect(host, port);
    if (e !== 0) throw fromErrno(e);
    if (this.endpoint.tcp === 'synsent') throw fromErrno(errno.EINPROGRESS);
  }

  #tryAccept(): [socket, Address] | number {
    const ep = this.endpoint;
    if (ep.tcp !== 'listen') return errno.EINVAL;
    const child = ep.acceptNext();
    if (child === null) return errno.EAGAIN;
    const s = new socket(AF_INET, SOCK_STREAM, 0, { [ADOPT]: { ep: child, proc: this.#proc } } as AdoptOptions);
    const k = this.#k;
    if (k.tracing) k.emit('net.accept', this.label, { conn: child.label, fd: s.fileno() });
    return [s, child.remote as Address];
  }

  /** Starts a connect; 0, or an errno (EALREADY while one is in progress). */
  #startConnect(host: string, port: number): number {
    const ep = this.endpoint;
    if (ep.tcp === 'synsent') return errno.EALREADY;
    const addr = host === '' || host === WILDCARD ? LOOPBACK : host;
    const target = ep.net.route(ep.host, addr);
    if (target === null) return errno.EHOSTUNREACH;
    const e = ep.connect(target, addr, port);
    const k = this.#k;
    if (e === 0 && k.tracing) k.emit('net.connect', this.label, { to: `${addr}:${port}` });
    return e;
  }

  #traceRecv(data: Uint8Array): void {
    const k = this.#k;
    if (k.tracing) k.emit('net.recv', this.label, { bytes: data.length });
  }

  #traceSend(n: number, asked: number): void {
    const k = this.#k;
    if (k.tracing) k.emit('net.send', this.label, { bytes: n, asked });
  }

  // ---- blocking calls -----------------------------------------------------------------------------

  /** `recv(bufsize)`: up to `bufsize` bytes; b'' at end of stream. */
  recv(bufsize: number): Op<Uint8Array> {
    checkBufsize(bufsize, 'recv');
    this.#checkOpen();
    return op('socket.recv()', this.#recv(bufsize));
  }

  *#recv(n: number): Blocking<Uint8Array> {
    const ep = this.endpoint;
    const deadline = this.#deadline();
    const polls = this.#polls();
    if (!polls) yield* this.#syscall(this.#ready(ep.readable()) ? this.#k.costs.socketRecv : this.#k.costs.socketCall);
    for (;;) {
      if (polls) {
        yield* this.#pollUntil(ep.readq, () => ep.readable(), deadline);
        yield* this.#syscall(this.#k.costs.socketRecv);
      }
      this.#checkOpen();
      if (n === 0) return EMPTY;
      const r = ep.recv(n);
      if (typeof r !== 'number') {
        this.#traceRecv(r);
        return r;
      }
      if (r !== errno.EAGAIN) throw fromErrno(r);
      if (!polls) yield* this.#wait(ep.readq, deadline);
    }
  }

  /** `send(data)`: how many bytes were queued (fewer than asked with a timeout or non-blocking). */
  send(data: Uint8Array): Op<number> {
    checkData(data);
    this.#checkOpen();
    return op('socket.send()', this.#send(data, this.#deadline(), !this.#sendsAll()));
  }

  /** Whether a send copies all its data before returning (a plain blocking socket). */
  #sendsAll(): boolean {
    return this.#timeout === null && !cooperative(this.#k);
  }

  *#send(data: Uint8Array, deadline: number | null, partial: boolean): Blocking<number> {
    const ep = this.endpoint;
    const polls = this.#polls();
    if (!polls) yield* this.#syscall(this.#ready(ep.writable()) ? this.#k.costs.socketSend : this.#k.costs.socketCall);
    let sent = 0;
    for (;;) {
      if (polls) {
        yield* this.#pollUntil(ep.writeq, () => ep.writable(), deadline);
        yield* this.#syscall(this.#k.costs.socketSend);
      }
      this.#checkOpen();
      const n = ep.send(sent === 0 ? data : data.subarray(sent));
      if (n >= 0) {
        sent += n;
        if (partial || sent === data.length) {
          this.#traceSend(sent, data.length);
          return sent;
        }
        continue; // a blocking send copies on until the buffer is full
      }
      if (n !== -errno.EAGAIN) {
        if (sent > 0) return sent;
        throw fromErrno(-n);
      }
      if (!polls) yield* this.#wait(ep.writeq, deadline);
    }
  }

  /** `sendall(data)`: sends everything or raises; the timeout bounds the whole call. */
  sendall(data: Uint8Array): Op<void> {
    checkData(data);
    this.#checkOpen();
    return op('socket.sendall()', this.#sendall(data));
  }

  *#sendall(data: Uint8Array): Blocking {
    const deadline = this.#deadline();
    let sent = 0;
    do {
      sent += yield* this.#send(sent === 0 ? data : data.subarray(sent), deadline, true);
    } while (sent < data.length);
  }

  /** `accept()`: the next connection, as `[socket, (host, port)]`. */
  accept(): Op<[socket, Address]> {
    this.#checkOpen();
    return op('socket.accept()', this.#accept());
  }

  *#accept(): Blocking<[socket, Address]> {
    const c = this.#k.costs;
    const ep = this.endpoint;
    const deadline = this.#deadline();
    const polls = this.#polls();
    if (!polls) yield* this.#syscall(this.#ready(ep.readable()) ? c.socketAccept : c.socketCall);
    for (;;) {
      if (polls) {
        yield* this.#pollUntil(ep.readq, () => ep.tcp !== 'listen' || ep.acceptQ.length > 0, deadline);
        yield* this.#syscall(c.socketAccept);
      }
      this.#checkOpen();
      const r = this.#tryAccept();
      if (typeof r !== 'number') return r;
      if (r !== errno.EAGAIN) throw fromErrno(r);
      if (!polls) yield* this.#wait(ep.readq, deadline);
    }
  }

  /** `connect(address)`: raises ConnectionRefusedError when nothing listens there. */
  connect(address: Address): Op<void> {
    const [host, port] = inetAddress(address, 'connect');
    this.#checkOpen();
    return op('socket.connect()', this.#connectVoid(host, port));
  }

  /** `connect_ex(address)`: like `connect`, but returns 0 or the errno instead of raising. */
  connectEx(address: Address): Op<number> {
    const [host, port] = inetAddress(address, 'connect_ex');
    this.#checkOpen();
    return op('socket.connectEx()', this.#connect(host, port, false));
  }

  *#connectVoid(host: string, port: number): Blocking {
    yield* this.#connect(host, port, true);
  }

  *#connect(host: string, port: number, raise: boolean): Blocking<number> {
    const c = this.#k.costs;
    yield* this.#syscall(this.#timeout === 0 ? c.socketCall : c.socketConnect);
    const ep = this.endpoint;
    const fail = (e: number): number => {
      if (raise) throw fromErrno(e);
      return e;
    };
    let e = this.#startConnect(host, port);
    if (e === errno.EALREADY && this.#timeout !== 0) e = 0; // a blocking connect waits for one in progress
    if (e !== 0) return fail(e);
    if (ep.tcp === 'synsent' && this.#timeout === 0) return fail(errno.EINPROGRESS);
    const deadline = this.#deadline();
    // With a timeout CPython's connect is non-blocking, then sock_call_ex polls for
    // writability and reads SO_ERROR: two more system calls, each without the GIL.
    const polls = this.#timeout !== null && ep.tcp === 'synsent';
    if (polls) yield* this.#syscall(c.pollCall);
    const r = yield* this.#awaitConnect(deadline, raise);
    if (r !== 0) return r;
    if (polls) yield* this.#syscall(c.socketCall);
    this.#checkOpen();
    if (ep.err !== 0) {
      const err = ep.err;
      ep.err = 0;
      return fail(err);
    }
    return 0;
  }

  /** Waits out the handshake of a connect in progress: 0, or EAGAIN when `raise` is false and time ran out. */
  *#awaitConnect(deadline: number | null, raise: boolean): Blocking<number> {
    const ep = this.endpoint;
    while (ep.tcp === 'synsent') {
      this.#checkOpen();
      const left = deadline === null ? null : deadline - this.#k.now;
      if (left !== null && left <= 0) {
        if (raise) throw timedOut();
        return errno.EAGAIN;
      }
      yield* this.#block(ep.writeq, left);
    }
    return 0;
  }

  // ---- helpers -------------------------------------------------------------------------------------

  /** The CPU a socket call costs (`ticks`), before it does anything: a system call, without the GIL. */
  *#syscall(ticks: number): Blocking {
    if (ticks > 0) yield* syscallTicks(ticks);
  }

  /** Whether calls poll first: a socket with a timeout (CPython's `sock_call_ex`). */
  #polls(): boolean {
    const t = this.#timeout;
    return t !== null && t > 0;
  }

  /**
   * `sock_call_ex`'s poll: a system call that waits, without the GIL, until `ready` (or the
   * deadline: TimeoutError); the call itself follows it.
   */
  *#pollUntil(q: WaitQueue, ready: () => boolean, deadline: number | null): Blocking {
    yield* this.#syscall(this.#k.costs.pollCall);
    while (!ready()) {
      this.#checkOpen();
      yield* this.#wait(q, deadline);
    }
  }

  /** Whether a call finds the socket `ready`: a non-blocking call that is not raises, at `socketCall`. */
  #ready(ready: boolean): boolean {
    return ready || this.#timeout !== 0;
  }

  /** The absolute deadline of a call starting now, in ticks; null for none. */
  #deadline(): number | null {
    return this.#timeout === null ? null : this.#k.now + toTicks(this.#timeout);
  }

  /** Waits for the socket to change, or raises BlockingIOError / TimeoutError. */
  *#wait(q: WaitQueue, deadline: number | null): Blocking {
    if (this.#timeout === 0) throw fromErrno(errno.EAGAIN);
    const left = deadline === null ? null : deadline - this.#k.now;
    if (left !== null && left <= 0) throw timedOut();
    yield* this.#block(q, left);
  }

  *#block(q: WaitQueue, left: number | null): Blocking {
    yield* block(q, left);
    const wake = hubWakeTicks(this.#k, this.#k.current as Fiber);
    if (wake > 0) yield* computeTicks(wake);
  }
}

/** `socket.create_connection(address, timeout)`: a connected socket. */
export function createConnection(address: Address, timeout?: number | null): Op<socket> {
  inetAddress(address, 'connect');
  const t = checkTimeout(timeout);
  return op('socket.createConnection()', createConnectionGen(address, t));
}

/**
 * The lines of Python that CPython 3.11's socket.py runs, charged at `pyStatementNs` each:
 * `create_connection` before its `getaddrinfo` (with the host's IDNA encoding) and after it
 * (the address info's enums, its loop), `socket.__init__`, and `create_connection`'s end;
 * `close` and `_real_close` (4 lines) for a socket's close.
 * `sys.settrace` counts 57 lines in `create_connection` with a timeout, `socket.__init__`'s
 * among them, and 8 in `socket.__init__` alone; this split charges 49 of them.
 */
const PY_LINES = { beforeGetaddrinfo: 21, afterGetaddrinfo: 16, socketInit: 8, connected: 4, close: 4 };

/**
 * `socket.socket()` as CPython runs it: socket.py's `__init__` under the GIL and the
 * `socket()` system call without it, `socketOpen` in all (`new socket()` is the object alone,
 * without the costs: a constructor cannot block).
 */
export function newSocket(family: number = AF_INET, type: number = SOCK_STREAM, proto = 0): Op<socket> {
  return op('socket.socket()', newSocketGen(family, type, proto));
}

function* newSocketGen(family: number, type: number, proto: number): Blocking<socket> {
  // socketOpen is measured with socket.py's __init__ in it: its lines run first, the rest is the call.
  const k = kernel('socket.socket()');
  const c = k.costs;
  const lines = (PY_LINES.socketInit * c.pyStatementNs) / 1000;
  yield* interp(PY_LINES.socketInit);
  const call = c.socketOpen - lines;
  if (call > 0) yield* syscallTicks(call);
  // gevent's socket makes the real one non-blocking at once (its __init_common).
  if (cooperative(k) && c.socketControl > 0) yield* syscallTicks(c.socketControl);
  return new socket(family, type, proto);
}

function* createConnectionGen(address: Address, timeout: number | null): Blocking<socket> {
  const c = kernel('socket.create_connection()').costs;
  yield* interp(PY_LINES.beforeGetaddrinfo);
  yield* encodeHost();
  if (c.getaddrinfo > 0) yield* syscallTicks(c.getaddrinfo);
  yield* interp(PY_LINES.afterGetaddrinfo);
  const s = yield* newSocket();
  try {
    if (timeout !== null) yield* s.settimeout(timeout);
    yield* s.connect(address);
  } catch (e) {
    yield* s.close();
    throw e;
  }
  yield* interp(PY_LINES.connected);
  return s;
}

/**
 * Keyword arguments of `socket.create_server(address, *, backlog=None, ...)`: the backlog,
 * `SO_REUSEADDR`, and the simulated host.
 */
export interface CreateServerOptions {
  readonly backlog?: number;
  /** Sets SO_REUSEADDR (default true, as CPython does on POSIX). */
  readonly reuseAddress?: boolean;
  readonly host?: string | Host;
}

/** `socket.create_server(address, backlog=...)`: a bound, listening socket. */
export function createServer(address: Address, o: CreateServerOptions = {}): socket {
  const s = new socket(AF_INET, SOCK_STREAM, 0, o.host === undefined ? {} : { host: o.host });
  try {
    if (o.reuseAddress ?? true) s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    s.bind(address);
    if (o.backlog === undefined) s.listen();
    else s.listen(o.backlog);
  } catch (e) {
    s.closeNow();
    throw e;
  }
  return s;
}
