/**
 * Python's `select` module over simulated sockets: `select.select(rlist, wlist, xlist,
 * timeout)` and `select.epoll` (register/modify/unregister/poll, level-triggered by
 * default, with EPOLLET and EPOLLONESHOT). Both read a socket's readiness from its
 * endpoint (Linux's `tcp_poll` mask, see tcp.ts) and sleep on a wait queue of their own
 * that the watched endpoints wake when their readiness may have changed, so a poller
 * never reports a socket that would block and never misses one that would not.
 *
 * As in CPython and Linux:
 * - `select` takes sockets, descriptor numbers or objects with `fileno()`, returns the
 *   objects given, in the order given, and refuses descriptors from FD_SETSIZE (1024) up
 *   with `ValueError: filedescriptor out of range in select()`. EPOLLHUP and EPOLLERR
 *   count as readable (and ERR as writable), as Linux's select maps them.
 * - `epoll.poll(timeout)` rounds its timeout up to whole milliseconds, as CPython does
 *   for `epoll_wait`; None or a negative timeout waits forever. EPOLLHUP and EPOLLERR are
 *   always reported, registered or not. Level-triggered sockets that stay ready go back
 *   to the end of the ready list, so `maxevents` serves them round-robin. Edge-triggered
 *   ones are reported again only after a new wake-up of a registered kind (new data for
 *   EPOLLIN, freed space for EPOLLOUT, any state change). Closing a socket removes it
 *   from every epoll.
 * - Costs: each call spends the cost model's `pollCall` CPU ticks, and `pollNsPerFd`
 *   per descriptor passed to `select` or returned by `poll`.
 *
 * Differs: only sockets can be watched (an epoll's own descriptor cannot be polled), and
 * xlist never reports anything (no TCP urgent data). `epoll()` and `close()` are plain calls
 * (a constructor cannot block), so not switch points where CPython's system calls are (the
 * Python front end makes both system calls, `socketSetup`).
 */
import type { Blocking } from '../../engine/index.ts';
import {
  block,
  computeTicks,
  type Kernel,
  kernel,
  type Op,
  op,
  type SimProcess,
  syscallTicks,
  toTicks,
  WaitQueue,
} from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { ValueError } from '../errors.ts';
import { errno, FileExistsError, FileNotFoundError, OSError } from './errors.ts';
import { FD_SETSIZE, fdTable } from './fd.ts';
import { socket } from './socket.ts';
import {
  type Endpoint,
  EPOLLERR,
  EPOLLET,
  EPOLLHUP,
  EPOLLIN,
  EPOLLONESHOT,
  EPOLLOUT,
  EPOLLPRI,
  EPOLLRDBAND,
  EPOLLRDNORM,
  EPOLLWRBAND,
  EPOLLWRNORM,
  type Watcher,
} from './tcp.ts';

export {
  EPOLLERR,
  EPOLLET,
  EPOLLEXCLUSIVE,
  EPOLLHUP,
  EPOLLIN,
  EPOLLMSG,
  EPOLLONESHOT,
  EPOLLOUT,
  EPOLLPRI,
  EPOLLRDBAND,
  EPOLLRDHUP,
  EPOLLRDNORM,
  EPOLLWRBAND,
  EPOLLWRNORM,
} from './tcp.ts';

/** `select.EPOLL_CLOEXEC`. */
export const EPOLL_CLOEXEC = 0x80000;

/** A socket, a descriptor number, or anything with a `fileno()` method. */
export type Selectable = number | { fileno(): number };

const SELECT_READ = EPOLLIN | EPOLLRDNORM | EPOLLRDBAND | EPOLLHUP | EPOLLERR;
const SELECT_WRITE = EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND | EPOLLERR;
const SELECT_EXCEPT = EPOLLPRI;
const FLAG_BITS = EPOLLET | EPOLLONESHOT | 0x1000_0000;

function currentProcess(k: Kernel): SimProcess {
  return k.current?.process ?? k.mainProcess;
}

/** The descriptor number of `obj`, as CPython's `PyObject_AsFileDescriptor` finds it. */
function fdOf(obj: unknown): number {
  let fd: unknown = obj;
  if (typeof obj !== 'number') {
    const f = (obj as { fileno?: unknown } | null)?.fileno;
    if (typeof f !== 'function') throw new TypeError('argument must be an int, or have a fileno() method.');
    fd = f.call(obj);
    if (typeof fd !== 'number') throw new TypeError('fileno() returned a non-integer');
  }
  const n = fd as number;
  if (!Number.isInteger(n)) throw new TypeError(`'${pyTypeName(n)}' object cannot be interpreted as an integer`);
  if (n < 0) throw new ValueError(`file descriptor cannot be a negative integer (${n})`);
  return n;
}

/** The endpoint behind descriptor `fd` of process `p`; EBADF if it is no open socket. */
function endpointAt(k: Kernel, p: SimProcess, fd: number): Endpoint {
  const file = fdTable(k, p).get(fd);
  if (file instanceof socket) return file.endpoint;
  throw new OSError(errno.EBADF);
}

/** A socket's own endpoint (whichever process holds it), or the one behind descriptor `fd`. */
function endpointOf(obj: unknown, k: Kernel, p: SimProcess, fd: number): Endpoint {
  return obj instanceof socket ? obj.endpoint : endpointAt(k, p, fd);
}

// ---- select.select ---------------------------------------------------------------------------

interface Watched {
  readonly obj: unknown;
  readonly ep: Endpoint;
}

/** A select call in progress: wakes its caller when any watched endpoint changes. */
class SelectWatcher implements Watcher {
  constructor(
    private readonly k: Kernel,
    readonly wq: WaitQueue,
  ) {}
  notify(): void {
    if (this.wq.length > 0) this.k.wakeAll(this.wq);
  }
  forget(): void {
    this.notify();
  }
}

function selectTimeout(timeout: unknown): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== 'number') throw new TypeError('timeout must be a float or None');
  if (Number.isNaN(timeout)) throw new ValueError('Invalid value NaN (not a number)');
  if (timeout < 0) throw new ValueError('timeout must be non-negative');
  return toTicks(timeout);
}

/**
 * `select.select(rlist, wlist, xlist, timeout)`: the objects ready for reading, writing
 * and exceptional conditions; blocks until one is, or `timeout` seconds pass (then three
 * empty lists); 0 polls.
 */
export function select<R, W, X>(
  rlist: Iterable<R & Selectable>,
  wlist: Iterable<W & Selectable>,
  xlist: Iterable<X & Selectable>,
  timeout?: number | null,
): Op<[R[], W[], X[]]> {
  const k = kernel('select.select()');
  const proc = currentProcess(k);
  const ticks = selectTimeout(timeout);
  const lists = [rlist, wlist, xlist].map((l) => {
    if (l === null || typeof (l as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
      throw new TypeError('arguments 1-3 must be sequences');
    }
    return [...(l as Iterable<unknown>)].map((obj) => {
      const fd = fdOf(obj);
      if (fd >= FD_SETSIZE) throw new ValueError('filedescriptor out of range in select()');
      return { obj, fd };
    });
  });
  return op('select.select()', selectGen(k, proc, lists, ticks) as Blocking<[R[], W[], X[]]>);
}

function* selectGen(
  k: Kernel,
  proc: SimProcess,
  lists: { obj: unknown; fd: number }[][],
  ticks: number | null,
): Blocking<[unknown[], unknown[], unknown[]]> {
  const n = lists.reduce((a, l) => a + l.length, 0);
  const cost = k.costs.pollCall + Math.ceil((n * k.costs.pollNsPerFd) / 1000);
  if (cost > 0) yield* syscallTicks(cost);
  const watched: Watched[][] = lists.map((l) => l.map(({ obj, fd }) => ({ obj, ep: endpointOf(obj, k, proc, fd) })));
  const masks = [SELECT_READ, SELECT_WRITE, SELECT_EXCEPT];
  const deadline = ticks === null ? null : k.now + ticks;
  const scan = (): [unknown[], unknown[], unknown[]] => {
    const out: [unknown[], unknown[], unknown[]] = [[], [], []];
    for (let i = 0; i < 3; i++) {
      for (const w of watched[i] as Watched[]) if ((w.ep.pollMask() & (masks[i] as number)) !== 0) out[i]?.push(w.obj);
    }
    return out;
  };
  const all = [...new Set(watched.flat().map((w) => w.ep))];
  let watcher: SelectWatcher | null = null;
  try {
    for (;;) {
      const ready = scan();
      const left = deadline === null ? null : deadline - k.now;
      if (ready[0].length + ready[1].length + ready[2].length > 0 || (left !== null && left <= 0)) {
        if (k.tracing) {
          k.emit('select.select', null, { r: ready[0].length, w: ready[1].length, x: ready[2].length, fds: n });
        }
        return ready;
      }
      if (watcher === null) {
        watcher = new SelectWatcher(k, new WaitQueue(k.label('select')));
        for (const ep of all) ep.watchers.push(watcher);
      }
      yield* block(watcher.wq, left);
    }
  } finally {
    if (watcher !== null) {
      for (const ep of all) {
        const i = ep.watchers.indexOf(watcher);
        if (i >= 0) ep.watchers.splice(i, 1);
      }
    }
  }
}

// ---- select.epoll -----------------------------------------------------------------------------

interface Interest {
  readonly fd: number;
  /** Registered events and flags (unsigned). */
  mask: number;
  /** An EPOLLONESHOT entry that fired and awaits `modify`. */
  disabled: boolean;
}

/** `select.epoll()`: an epoll instance with its own descriptor. */
export class epoll {
  readonly label: string;
  readonly #k: Kernel;
  readonly #proc: SimProcess;
  #fd: number;
  readonly #interest = new Map<Endpoint, Interest>();
  /** Linux's ready list, in order. */
  readonly #ready = new Set<Endpoint>();
  readonly #wq: WaitQueue;
  readonly #watcher: Watcher = {
    notify: (ep, key) => this.#notify(ep, key),
    forget: (ep) => this.#forget(ep),
  };

  constructor(sizehint = -1, flags = 0) {
    const k = kernel('select.epoll()');
    if (sizehint !== -1 && !(sizehint > 0)) throw new ValueError('negative sizehint');
    if (flags !== 0 && flags !== EPOLL_CLOEXEC) throw new OSError(errno.EINVAL);
    this.#k = k;
    this.#proc = currentProcess(k);
    this.label = k.label('epoll');
    this.#wq = new WaitQueue(this.label);
    this.#fd = fdTable(k, this.#proc).open(this);
  }

  get closed(): boolean {
    return this.#fd < 0;
  }

  fileno(): number {
    this.#checkOpen();
    return this.#fd;
  }

  /** Closes the instance; registrations are dropped. */
  close(): void {
    if (this.#fd < 0) return;
    fdTable(this.#k, this.#proc).close(this.#fd);
    this.#fd = -1;
    for (const ep of this.#interest.keys()) {
      const i = ep.watchers.indexOf(this.#watcher);
      if (i >= 0) ep.watchers.splice(i, 1);
    }
    this.#interest.clear();
    this.#ready.clear();
    if (this.#wq.length > 0) this.#k.wakeAll(this.#wq);
  }

  #checkOpen(): void {
    if (this.#fd < 0) throw new ValueError('I/O operation on closed epoll object');
  }

  #lookup(fd: unknown): [number, Endpoint] {
    const n = fdOf(fd);
    return [n, endpointOf(fd, this.#k, this.#proc, n)];
  }

  /**
   * `register(fd, eventmask=EPOLLIN | EPOLLPRI | EPOLLOUT)`: `epoll_ctl` without the GIL
   * (`epollCtl`), as CPython makes it; an fd already registered raises after the call.
   */
  register(fd: Selectable, eventmask: number = EPOLLIN | EPOLLPRI | EPOLLOUT): Op<void> {
    return op(
      'select.epoll.register()',
      this.#ctl(fd, () => this.registerNow(fd, eventmask)),
    );
  }

  /** `modify(fd, eventmask)`: new interest; re-arms an EPOLLONESHOT entry. As `register`. */
  modify(fd: Selectable, eventmask: number): Op<void> {
    return op(
      'select.epoll.modify()',
      this.#ctl(fd, () => this.modifyNow(fd, eventmask)),
    );
  }

  /** `unregister(fd)`. As `register`. */
  unregister(fd: Selectable): Op<void> {
    return op(
      'select.epoll.unregister()',
      this.#ctl(fd, () => this.unregisterNow(fd)),
    );
  }

  /** An epoll_ctl: the checks CPython makes first, the call without the GIL, then `apply`. */
  *#ctl(fd: Selectable, apply: () => void): Blocking {
    // CPython checks the epoll and the descriptor before its epoll_ctl, the rest after.
    this.#checkOpen();
    this.#lookup(fd);
    const c = this.#k.costs.epollCtl;
    if (c > 0) yield* syscallTicks(c);
    apply();
  }

  /** `register` as a plain call: no CPU cost and no scheduling point (for event loops). */
  registerNow(fd: Selectable, eventmask: number = EPOLLIN | EPOLLPRI | EPOLLOUT): void {
    this.#checkOpen();
    const [n, ep] = this.#lookup(fd);
    if (this.#interest.has(ep)) throw new FileExistsError(errno.EEXIST);
    this.#interest.set(ep, { fd: n, mask: eventmask >>> 0, disabled: false });
    ep.watchers.push(this.#watcher);
    this.#recheck(ep);
  }

  /** `modify` as a plain call (see `registerNow`). */
  modifyNow(fd: Selectable, eventmask: number): void {
    this.#checkOpen();
    const [, ep] = this.#lookup(fd);
    const it = this.#interest.get(ep);
    if (it === undefined) throw new FileNotFoundError(errno.ENOENT);
    it.mask = eventmask >>> 0;
    it.disabled = false;
    this.#recheck(ep);
  }

  /** `unregister` as a plain call (see `registerNow`). */
  unregisterNow(fd: Selectable): void {
    this.#checkOpen();
    const [, ep] = this.#lookup(fd);
    if (!this.#interest.delete(ep)) throw new FileNotFoundError(errno.ENOENT);
    this.#ready.delete(ep);
    const i = ep.watchers.indexOf(this.#watcher);
    if (i >= 0) ep.watchers.splice(i, 1);
  }

  /** Registered descriptors (for tests and reports). */
  get registered(): number {
    return this.#interest.size;
  }

  /** Puts `ep` on the ready list if it has registered events now (register, modify). */
  #recheck(ep: Endpoint): void {
    const it = this.#interest.get(ep) as Interest;
    if ((ep.pollMask() & (it.mask | EPOLLERR | EPOLLHUP)) !== 0) this.#makeReady(ep);
  }

  #notify(ep: Endpoint, key: number): void {
    const it = this.#interest.get(ep);
    if (it === undefined || it.disabled) return;
    if (key !== 0 && (key & (it.mask | EPOLLERR | EPOLLHUP)) === 0) return;
    this.#makeReady(ep);
  }

  #makeReady(ep: Endpoint): void {
    this.#ready.add(ep);
    if (this.#wq.length > 0) this.#k.wakeAll(this.#wq);
  }

  #forget(ep: Endpoint): void {
    this.#interest.delete(ep);
    this.#ready.delete(ep);
  }

  /**
   * `poll(timeout=-1, maxevents=-1)`: up to `maxevents` `[fd, events]` pairs, waiting up
   * to `timeout` seconds (rounded up to milliseconds; None or negative waits forever).
   */
  poll(timeout: number | null = -1, maxevents = -1): Op<[number, number][]> {
    this.#checkOpen();
    let ticks: number | null = null;
    if (timeout !== null && timeout !== undefined) {
      if (typeof timeout !== 'number') {
        throw new TypeError(`'${pyTypeName(timeout)}' object cannot be interpreted as an integer or float`);
      }
      if (Number.isNaN(timeout)) throw new ValueError('Invalid value NaN (not a number)');
      const t = toTicks(timeout);
      ticks = t < 0 ? null : Math.ceil(t / 1000) * 1000;
    }
    let max = maxevents;
    if (max === -1) max = FD_SETSIZE - 1;
    else if (!(max >= 1)) throw new ValueError(`maxevents must be greater than 0, got ${maxevents}`);
    return op('epoll.poll()', this.#poll(ticks, max));
  }

  *#poll(ticks: number | null, max: number): Blocking<[number, number][]> {
    const k = this.#k;
    const c = k.costs;
    if (c.pollCall > 0) yield* syscallTicks(c.pollCall);
    const deadline = ticks === null ? null : k.now + ticks;
    for (;;) {
      this.#checkOpen();
      const out = this.#harvest(max);
      const left = deadline === null ? null : deadline - k.now;
      if (out.length > 0 || (left !== null && left <= 0)) {
        if (k.tracing) k.emit('epoll.poll', this.label, { events: out.length, registered: this.#interest.size });
        const cost = Math.ceil((out.length * c.pollNsPerFd) / 1000);
        if (cost > 0) yield* computeTicks(cost);
        return out;
      }
      yield* block(this.#wq, left);
    }
  }

  /** Linux's ep_send_events: report what is ready now, re-queue level-triggered entries. */
  #harvest(max: number): [number, number][] {
    const out: [number, number][] = [];
    if (this.#ready.size === 0) return out;
    for (const ep of [...this.#ready]) {
      if (out.length >= max) break;
      this.#ready.delete(ep);
      const it = this.#interest.get(ep);
      if (it === undefined || it.disabled) continue;
      const ev = ep.pollMask() & (it.mask | EPOLLERR | EPOLLHUP) & ~FLAG_BITS;
      if (ev === 0) continue;
      out.push([it.fd, ev >>> 0]);
      if ((it.mask & EPOLLONESHOT) !== 0) it.disabled = true;
      else if ((it.mask & EPOLLET) === 0) this.#ready.add(ep);
    }
    return out;
  }
}
