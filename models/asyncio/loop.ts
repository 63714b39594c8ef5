/**
 * An asyncio-style event loop on one simulated thread, as CPython 3.11's
 * `BaseSelectorEventLoop` runs: each iteration polls an epoll for ready sockets (with a
 * timeout up to the next timer, which epoll rounds up to a millisecond), queues the
 * reader and writer callbacks of the sockets it reports and the timers that are due, then
 * runs the callbacks queued when the iteration began. Tasks (futures.ts) step through
 * their coroutines from those callbacks. Nothing here blocks the thread except the poll
 * itself: sockets are non-blocking, and reading and writing happen in callbacks.
 *
 * CPU: each iteration costs `loopIteration`, each callback the cost model's `loopCallback` ticks (asyncio's own
 * overhead), and each socket call a transport makes costs `socketCall` (`charge`); the
 * thread spends them before the next callback runs. Timers and `time()` read virtual time.
 *
 * Errors nobody handles — an exception escaping a callback, a failing `client_connected_cb`
 * task, a task exception never retrieved when the loop closes — go to the loop's
 * exception handler. The default handler ends the run with that exception, as a dying
 * thread does by default in concsim (Python logs it and goes on); `setExceptionHandler`
 * installs another, and `printingExceptionHandler` logs to the trace and goes on.
 *
 * Beside it: the handles it queues (handles.ts), asyncio's task functions (tasks.ts:
 * `sleep`, `gather`, `waitFor`, ...) and `asyncio.run` (run.ts).
 *
 * Differs from CPython: no self-pipe, signal handling, executors, subprocesses or
 * `call_soon_threadsafe`; `asyncio.run` reports never-retrieved task exceptions when the
 * loop closes rather than when the garbage collector finds them.
 */

import type { Blocking } from '../../engine/index.ts';
import {
  computeTicks,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  RunLocal,
  toSeconds,
  toTicks,
} from '../../engine/index.ts';
import { BaseException, RuntimeError } from '../errors.ts';
import { BlockingIOError, fromErrno, OSError } from '../net/errors.ts';
import type { Address } from '../net/network.ts';
import { EPOLLIN, EPOLLOUT, epoll, type Selectable } from '../net/select.ts';
import { SO_ERROR, SOL_SOCKET, type socket } from '../net/socket.ts';
import { type Awaitable, CancelledError, Future, type FutureLoop, isCoroutine, Task } from './futures.ts';
import { Handle, TimerHandle } from './handles.ts';

/** What an exception handler receives (asyncio's context dict). */
export interface ExceptionContext {
  readonly message: string;
  readonly exception?: unknown;
  readonly future?: Future<unknown>;
  readonly handle?: Handle;
}
/**
 * `loop.set_exception_handler(handler)`: called with the loop and a context for an exception
 * nothing else handled.
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** concsim's default: the run ends with the exception, naming the loop's thread. */
export const defaultExceptionHandler: ExceptionHandler = (loop, ctx) => {
  loop.kernel.raise(ctx.exception ?? new RuntimeError(ctx.message), loop.threadName);
};

/** asyncio's default: log the error (to the trace, as `asyncio.error`) and go on. */
export const printingExceptionHandler: ExceptionHandler = (loop, ctx) => {
  const k = loop.kernel;
  if (k.tracing) {
    k.emit('asyncio.error', loop.label, { message: ctx.message, error: String(ctx.exception ?? '') });
  }
};

/** The loop each thread is running (asyncio's `_running_loop`, a thread-local); run.ts reads it too. */
export const RUNNING = new RunLocal<Map<Fiber, EventLoop>>(() => new Map());

/**
 * `asyncio`'s event loop on one simulated thread: ready callbacks, timers and a selector over
 * sockets; tasks are coroutines it steps.
 */
export class EventLoop implements FutureLoop {
  readonly kernel: Kernel;
  readonly label: string;
  currentTask: Task<unknown> | null = null;
  readonly #ready: Handle[] = [];
  #readyHead = 0;
  readonly #timers: TimerHandle[] = [];
  #timerSeq = 0;
  readonly #selector: epoll;
  readonly #readers = new Map<number, Handle>();
  readonly #writers = new Map<number, Handle>();
  readonly #registered = new Map<number, number>();
  readonly #tasks = new Set<Task<unknown>>();
  readonly #failed = new Set<Task<unknown>>();
  #handler: ExceptionHandler = defaultExceptionHandler;
  #stopping = false;
  #closed = false;
  #thread: Fiber | null = null;
  #debt = 0;

  constructor() {
    const k = kernel('EventLoop()');
    this.kernel = k;
    this.label = k.label('EventLoop');
    this.#selector = new epoll();
  }

  /** The name of the thread running the loop (or that created it). */
  get threadName(): string {
    return this.#thread?.name ?? this.kernel.current?.name ?? 'kernel';
  }

  /** `loop.time()`: virtual seconds. */
  time(): number {
    return toSeconds(this.kernel.now);
  }

  isRunning(): boolean {
    return this.#thread !== null;
  }

  isClosed(): boolean {
    return this.#closed;
  }

  // ---- callbacks and timers ------------------------------------------------------------------

  callSoon(fn: () => unknown): Handle {
    this.#checkClosed();
    const h = new Handle(fn);
    this.#ready.push(h);
    return h;
  }

  /** `call_later(delay, fn)`: `delay` in seconds. */
  callLater(delay: number, fn: () => unknown): TimerHandle {
    if (typeof delay !== 'number' || Number.isNaN(delay)) throw new TypeError('delay must be a number');
    return this.#callAtTicks(this.kernel.now + toTicks(delay), fn);
  }

  /** `call_at(when, fn)`: `when` in loop time (seconds). */
  callAt(when: number, fn: () => unknown): TimerHandle {
    return this.#callAtTicks(toTicks(when), fn);
  }

  #callAtTicks(when: number, fn: () => unknown): TimerHandle {
    this.#checkClosed();
    const h = new TimerHandle(fn, when, this.#timerSeq++);
    const t = this.#timers;
    t.push(h);
    let i = t.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!earlier(h, t[p] as TimerHandle)) break;
      t[i] = t[p] as TimerHandle;
      i = p;
    }
    t[i] = h;
    return h;
  }

  #popTimer(): TimerHandle {
    const t = this.#timers;
    const top = t[0] as TimerHandle;
    const last = t.pop() as TimerHandle;
    if (t.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= t.length) break;
        const r = l + 1;
        const c = r < t.length && earlier(t[r] as TimerHandle, t[l] as TimerHandle) ? r : l;
        if (!earlier(t[c] as TimerHandle, last)) break;
        t[i] = t[c] as TimerHandle;
        i = c;
      }
      t[i] = last;
    }
    return top;
  }

  /** Adds CPU ticks the loop's thread must spend before its next callback (a socket call's cost). */
  charge(ticks: number): void {
    this.#debt += ticks;
  }

  // ---- futures and tasks -----------------------------------------------------------------------

  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this);
  }

  createTask<T>(coro: Blocking<T>, o: { readonly name?: string } = {}): Task<T> {
    this.#checkClosed();
    return new Task(coro, this, o);
  }

  taskStarted(t: Task<unknown>): void {
    this.#tasks.add(t);
  }

  taskDone(t: Task<unknown>): void {
    this.#tasks.delete(t);
    if (!t.cancelled() && t.unretrieved) this.#failed.add(t);
  }

  /** Tasks not yet done (`asyncio.all_tasks()`). */
  allTasks(): Task<unknown>[] {
    return [...this.#tasks];
  }

  // ---- errors ------------------------------------------------------------------------------------

  setExceptionHandler(handler: ExceptionHandler | null): void {
    this.#handler = handler ?? defaultExceptionHandler;
  }

  callExceptionHandler(context: ExceptionContext): void {
    this.#handler(this, context);
  }

  // ---- readers and writers ----------------------------------------------------------------------

  addReader(fd: Selectable, cb: () => unknown): void {
    this.#checkClosed();
    const n = fdNumber(fd);
    this.#readers.set(n, new Handle(cb));
    this.#updateRegistration(n);
  }

  removeReader(fd: Selectable): boolean {
    const n = fdNumber(fd);
    if (!this.#readers.delete(n)) return false;
    this.#updateRegistration(n);
    return true;
  }

  addWriter(fd: Selectable, cb: () => unknown): void {
    this.#checkClosed();
    const n = fdNumber(fd);
    this.#writers.set(n, new Handle(cb));
    this.#updateRegistration(n);
  }

  removeWriter(fd: Selectable): boolean {
    const n = fdNumber(fd);
    if (!this.#writers.delete(n)) return false;
    this.#updateRegistration(n);
    return true;
  }

  /** Keeps the epoll registration of `fd` in step with its reader and writer. */
  #updateRegistration(fd: number): void {
    if (this.#closed) return;
    const mask = (this.#readers.has(fd) ? EPOLLIN : 0) | (this.#writers.has(fd) ? EPOLLOUT : 0);
    const was = this.#registered.get(fd);
    const sel = this.#selector;
    // selectors makes its epoll_ctl only when the events change; made in a callback, the loop pays it.
    if (mask !== (was ?? 0)) this.charge(this.kernel.costs.epollCtl);
    try {
      if (mask === 0) {
        if (was !== undefined) {
          this.#registered.delete(fd);
          sel.unregisterNow(fd);
        }
        return;
      }
      this.#registered.set(fd, mask);
      if (was === undefined) sel.registerNow(fd, mask);
      else sel.modifyNow(fd, mask);
    } catch (e) {
      // The socket was closed (and left the epoll) behind our back, or its number was reused.
      if (!(e instanceof OSError)) throw e;
      if (mask !== 0) sel.registerNow(fd, mask);
    }
  }

  // ---- running -------------------------------------------------------------------------------------

  /** `run_forever()`: runs until `stop()`. */
  runForever(): Op<void> {
    this.#checkRunnable();
    return op('EventLoop.runForever()', this.#runForever());
  }

  *#runForever(): Blocking {
    this.#checkRunnable();
    const f = this.kernel.current as Fiber;
    this.#thread = f;
    const running = this.kernel.local(RUNNING);
    running.set(f, this);
    try {
      for (;;) {
        yield* this.#runOnce();
        if (this.#stopping) break;
      }
    } finally {
      this.#stopping = false;
      this.#thread = null;
      running.delete(f);
    }
  }

  /** `run_until_complete(future)`: runs until the future (or coroutine, as a task) is done. */
  runUntilComplete<T>(aw: Awaitable<T>): Op<T> {
    this.#checkRunnable();
    return op('EventLoop.runUntilComplete()', this.#runUntilComplete(aw));
  }

  *#runUntilComplete<T>(aw: Awaitable<T>): Blocking<T> {
    const fut = ensureFuture(aw, this);
    const stop = () => this.stop();
    fut.addDoneCallback(stop);
    try {
      yield* this.#runForever();
    } finally {
      fut.removeDoneCallback(stop);
    }
    if (!fut.done()) throw new RuntimeError('Event loop stopped before Future completed.');
    return fut.result();
  }

  /** `stop()`: the loop stops after the current iteration. */
  stop(): void {
    this.#stopping = true;
  }

  /** `close()`: reports never-retrieved task exceptions and drops everything queued. */
  close(): void {
    if (this.#thread !== null) throw new RuntimeError('Cannot close a running event loop');
    if (this.#closed) return;
    for (const t of this.#failed) {
      if (t.unretrieved) {
        this.callExceptionHandler({
          message: 'Task exception was never retrieved',
          exception: t.exception(),
          future: t,
        });
      }
    }
    this.#failed.clear();
    this.#closed = true;
    this.#ready.length = 0;
    this.#readyHead = 0;
    this.#timers.length = 0;
    this.#readers.clear();
    this.#writers.clear();
    this.#registered.clear();
    this.#selector.close();
  }

  #checkClosed(): void {
    if (this.#closed) throw new RuntimeError('Event loop is closed');
  }

  #checkRunnable(): void {
    this.#checkClosed();
    if (this.#thread !== null) throw new RuntimeError('This event loop is already running');
    const f = this.kernel.current;
    if (f === null) throw new RuntimeError('an event loop must run in a simulated thread');
    if (this.kernel.local(RUNNING).has(f)) {
      throw new RuntimeError('Cannot run the event loop while another loop is running');
    }
  }

  /** One iteration (BaseEventLoop._run_once). */
  *#runOnce(): Blocking {
    const k = this.kernel;
    const timers = this.#timers;
    while (timers.length > 0 && (timers[0] as TimerHandle).cancelled()) this.#popTimer();
    this.#debt += k.costs.loopIteration; // _run_once's own bookkeeping around the poll
    if (this.#debt > 0) {
      const d = this.#debt;
      this.#debt = 0;
      yield* computeTicks(d);
    }
    let timeout = -1;
    if (this.#ready.length > this.#readyHead || this.#stopping) timeout = 0;
    else if (timers.length > 0) timeout = toSeconds(Math.max(0, (timers[0] as TimerHandle).whenTicks - k.now));
    const events = yield* this.#selector.poll(timeout);
    for (const [fd, ev] of events) {
      if ((ev & ~EPOLLOUT) !== 0) {
        const h = this.#readers.get(fd);
        if (h !== undefined && !h.cancelled()) this.#ready.push(h);
      }
      if ((ev & ~EPOLLIN) !== 0) {
        const h = this.#writers.get(fd);
        if (h !== undefined && !h.cancelled()) this.#ready.push(h);
      }
    }
    while (timers.length > 0 && (timers[0] as TimerHandle).whenTicks <= k.now) {
      const h = this.#popTimer();
      if (!h.cancelled()) this.#ready.push(h);
    }
    const end = this.#ready.length;
    const perCallback = k.costs.loopCallback;
    while (this.#readyHead < end) {
      const h = this.#ready[this.#readyHead++] as Handle;
      if (h.cancelled()) continue;
      const cost = this.#debt + perCallback;
      this.#debt = 0;
      if (cost > 0) yield* computeTicks(cost);
      try {
        const r = h.fn();
        if (isCoroutine(r)) yield* r;
      } catch (e) {
        if (e instanceof BaseException && !(e instanceof CancelledError)) throw e;
        this.callExceptionHandler({ message: 'Exception in callback', exception: e, handle: h });
      }
    }
    // Compact the ready queue once consumed.
    if (this.#readyHead > 1024 && this.#readyHead * 2 > this.#ready.length) {
      this.#ready.splice(0, this.#readyHead);
      this.#readyHead = 0;
    } else if (this.#readyHead === this.#ready.length) {
      this.#ready.length = 0;
      this.#readyHead = 0;
    }
  }

  // ---- socket operations (loop.sock_*) -----------------------------------------------------------

  /** `await loop.sock_recv(sock, n)` on a non-blocking socket. */
  *sockRecv(sock: socket, n: number): Blocking<Uint8Array> {
    this.charge(this.kernel.costs.socketCall);
    try {
      return sock.recvNow(n);
    } catch (e) {
      if (!(e instanceof BlockingIOError)) throw e;
    }
    const fut = this.createFuture<Uint8Array>();
    const fd = sock.fileno();
    this.addReader(fd, () => {
      if (fut.done()) return;
      this.charge(this.kernel.costs.socketCall);
      try {
        fut.setResult(sock.recvNow(n));
      } catch (e) {
        if (e instanceof BlockingIOError) return;
        fut.setException(e);
      }
    });
    try {
      return yield* fut;
    } finally {
      this.removeReader(fd);
    }
  }

  /** `await loop.sock_sendall(sock, data)` on a non-blocking socket. */
  *sockSendall(sock: socket, data: Uint8Array): Blocking {
    let sent = 0;
    this.charge(this.kernel.costs.socketCall);
    try {
      sent = sock.sendNow(data);
    } catch (e) {
      if (!(e instanceof BlockingIOError)) throw e;
    }
    if (sent === data.length) return;
    const fut = this.createFuture<void>();
    const fd = sock.fileno();
    this.addWriter(fd, () => {
      if (fut.done()) return;
      this.charge(this.kernel.costs.socketCall);
      try {
        sent += sock.sendNow(data.subarray(sent));
      } catch (e) {
        if (e instanceof BlockingIOError) return;
        fut.setException(e);
        return;
      }
      if (sent === data.length) fut.setResult(undefined);
    });
    try {
      yield* fut;
    } finally {
      this.removeWriter(fd);
    }
  }

  /** `await loop.sock_accept(sock)`: `[conn, address]`, the connection non-blocking. */
  *sockAccept(sock: socket): Blocking<[socket, Address]> {
    const fut = this.createFuture<[socket, Address]>();
    const fd = sock.fileno();
    const attempt = (): void => {
      if (fut.done()) return;
      this.charge(this.kernel.costs.socketCall);
      try {
        const r = sock.acceptNow();
        this.charge(this.kernel.costs.socketControl);
        r[0].setblockingNow(false);
        fut.setResult(r);
      } catch (e) {
        if (e instanceof BlockingIOError) return;
        fut.setException(e);
      }
    };
    attempt();
    if (fut.done()) return fut.result();
    this.addReader(fd, attempt);
    try {
      return yield* fut;
    } finally {
      this.removeReader(fd);
    }
  }

  /** `await loop.sock_connect(sock, address)` on a non-blocking socket. */
  *sockConnect(sock: socket, address: Address): Blocking {
    this.charge(this.kernel.costs.socketCall);
    try {
      sock.connectNow(address);
      return;
    } catch (e) {
      if (!(e instanceof BlockingIOError)) throw e;
    }
    const fut = this.createFuture<void>();
    const fd = sock.fileno();
    this.addWriter(fd, () => {
      if (fut.done()) return;
      const err = sock.getsockopt(SOL_SOCKET, SO_ERROR);
      if (err !== 0) fut.setException(fromErrno(err, `Connect call failed ('${address[0]}', ${address[1]})`));
      else fut.setResult(undefined);
    });
    try {
      yield* fut;
    } finally {
      this.removeWriter(fd);
    }
  }
}

function earlier(a: TimerHandle, b: TimerHandle): boolean {
  return a.whenTicks < b.whenTicks || (a.whenTicks === b.whenTicks && a.seq < b.seq);
}

function fdNumber(fd: Selectable): number {
  return typeof fd === 'number' ? fd : fd.fileno();
}

// ---- the loop's module functions (asyncio.*) ---------------------------------------------------------

/** `asyncio.get_running_loop()`: the loop running in the current thread. */
export function getRunningLoop(): EventLoop {
  const k = kernel('asyncio.getRunningLoop()');
  const f = k.current;
  const loop = f === null ? undefined : k.local(RUNNING).get(f);
  if (loop === undefined) throw new RuntimeError('no running event loop');
  return loop;
}

/** `asyncio.ensure_future(aw)`: a future as is, a coroutine wrapped in a task. */
export function ensureFuture<T>(aw: Awaitable<T>, loop?: EventLoop): Future<T> {
  if (aw instanceof Future) return aw as Future<T>;
  if (isCoroutine(aw)) return (loop ?? getRunningLoop()).createTask(aw as Blocking<T>);
  throw new TypeError('An asyncio.Future, a coroutine or an awaitable is required');
}
