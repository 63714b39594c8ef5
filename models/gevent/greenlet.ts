/**
 * `gevent.Greenlet` and the functions around it (`spawn`, `spawnLater`, `joinall`,
 * `wait`, `killall`), after gevent 22.10's `greenlet.py`. A greenlet runs its function in
 * a kernel fiber under its hub's baton (hub.ts), so it runs only when the greenlet that
 * holds the hub blocks cooperatively or sleeps.
 *
 * The rules a naive model gets wrong, kept here:
 * - `spawn` only schedules: the function runs once the spawner yields to the hub, in
 *   spawn order; `started` is already true [GEV-1, GEV-2].
 * - A greenlet that raises does not make `join` raise: `value` stays null, `exception`
 *   holds the error, and the hub reports it [GEV-5]; `get` re-raises it.
 * - `kill` raises GreenletExit where the greenlet is blocked and waits for its death; the
 *   killed greenlet counts as successful and its `value` is the GreenletExit [GEV-7]. A
 *   greenlet killed before it ran never runs [GEV-8].
 * - Links run in the hub after completion, in registration order, and never before
 *   `rawlink` returns [GEV-11]; `join`, `joinall` and a Pool's bookkeeping are built on
 *   them, so they too learn of a death only when the hub runs.
 * - `started` (Python's `bool(g)`) is false again once the greenlet has finished [GEV-12].
 *
 * JavaScript differences: a function that returns a generator is driven with `yield*`,
 * so it can block; one that returns undefined leaves `value` null (None). Methods that
 * may block (`join`, `get`, `kill`) return operations to drive with `yield*`, `kill`
 * included even with `block: false`.
 */
import type { Blocking } from '../../engine/index.ts';
import {
  computeTicks,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  type Scheduled,
  toSeconds,
  toTicks,
  WaitQueue,
} from '../../engine/index.ts';
import { mustDrive } from '../drive.ts';
import { BaseException } from '../errors.ts';
import { checkTimeoutType, type Timeout as Seconds, timeoutTicks } from '../threading/timeout.ts';
import { getHub, greenletOf, type Hub, hubBlock, type LinkCallback, Links, RawGreenlet } from './hub.ts';
import { type Returned, Timeout } from './timeout.ts';

/** `greenlet.GreenletExit`: the default exception of `kill`, a BaseException counted as success. */
export class GreenletExit extends BaseException {
  override name = 'GreenletExit';
}

/** An exception to raise in a greenlet: an instance, or a class to instantiate. */
export type KillException = Error | (new () => Error);

function instantiate(e: KillException): Error {
  return typeof e === 'function' ? new e() : e;
}

/** What the wait functions accept: greenlets, Events, AsyncResults (gevent's wait protocol). */
export interface Waitable<S> {
  rawlink(callback: LinkCallback<S>): void;
  unlink(callback: LinkCallback<S>): void;
  ready(): boolean;
}

/** Keyword arguments of `Greenlet.kill(exception=GreenletExit, block=True, timeout=None)`. */
export interface KillOptions {
  /** The exception to raise in the greenlet (default GreenletExit). */
  readonly exception?: KillException;
  /** Wait until the greenlet is dead (default true). */
  readonly block?: boolean;
  /** With `block`, wait at most this many seconds. */
  readonly timeout?: Seconds;
}

type StartState = 'new' | 'scheduled' | 'cancelled' | 'running';

// biome-ignore lint/suspicious/noExplicitAny: a greenlet's function takes whatever its args are
type AnyFunction = (...args: any[]) => unknown;

/**
 * `gevent.Greenlet`: a function run in its own greenlet on the hub's thread, switching only where
 * it blocks; `join`, `get`, `kill`, `value`, `exception`.
 */
export class Greenlet<T = unknown> extends RawGreenlet {
  /** The function's return value; null until then, and when it raised [GEV-5]; the GreenletExit if killed [GEV-7]. */
  value: T | GreenletExit | null = null;
  args: readonly unknown[];
  #run: AnyFunction | null;
  #start: StartState = 'new';
  #timer: Scheduled | null = null;
  /** Python's `_exc_info`: null while unfinished, then `{ error: null }` or the error. */
  #excInfo: { readonly error: unknown } | null = null;
  /** Typed loosely so that a Greenlet<number> is a Greenlet<unknown>. */
  readonly #links: Links<Greenlet<unknown>>;
  readonly #joinWq: WaitQueue;

  /**
   * `Greenlet(run, *args)`: a greenlet that will run `run(...args)` once started. Without
   * `run`, a subclass's `_run` method is the function [GEV-10].
   */
  constructor(run?: ((...args: never[]) => unknown) | null, ...args: unknown[]) {
    const hub = getHub();
    const k = kernel();
    super(hub, null, k.label('Greenlet'));
    const fn = (run ?? (this as { _run?: unknown })._run) as unknown;
    if (typeof fn !== 'function') throw new TypeError('The run argument or self._run must be callable');
    this.#run = run === null || run === undefined ? (fn as AnyFunction).bind(this) : (fn as AnyFunction);
    this.args = args;
    this.#links = new Links<Greenlet<unknown>>(this, () => this.ready(), hub);
    this.#joinWq = new WaitQueue(this.name, () => {
      const f = this.fiber;
      return f !== null && f.state !== 'done' ? [f] : [];
    });
  }

  /** `gevent.spawn(fn, *args)`: creates a greenlet and schedules it [GEV-1]. */
  static spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Greenlet<Returned<R>> {
    const g = new Greenlet<Returned<R>>(fn as (...args: never[]) => unknown, ...args);
    g.start();
    return g;
  }

  /** `gevent.spawn_later(seconds, fn, *args)`: runs `fn` no sooner than `seconds` from now [GEV-13]. */
  static spawnLater<A extends unknown[], R>(seconds: number, fn: (...args: A) => R, ...args: A): Greenlet<Returned<R>> {
    const g = new Greenlet<Returned<R>>(fn as (...args: never[]) => unknown, ...args);
    g.startLater(seconds);
    return g;
  }

  /** Python's `bool(g)`: scheduled or running, and not finished [GEV-12]. */
  get started(): boolean {
    return this.#start !== 'new' && this.#excInfo === null;
  }

  /** True once the greenlet has finished, or was killed before it could run. */
  override get dead(): boolean {
    return this.#start === 'cancelled' || super.dead;
  }

  /** True once the greenlet has finished, one way or another. */
  ready(): boolean {
    return this.dead || this.#excInfo !== null;
  }

  /** True if it finished without raising (a GreenletExit counts as success) [GEV-7]. */
  successful(): boolean {
    return this.#excInfo !== null && this.#excInfo.error === null;
  }

  /** The exception the function raised, or null [GEV-5]. */
  get exception(): unknown {
    return this.#excInfo === null ? null : this.#excInfo.error;
  }

  /** Schedules the greenlet to run when the hub next runs (no-op if started before). */
  start(): void {
    if (this.#start !== 'new') return;
    this.#start = 'scheduled';
    this.#spawnFiber(kernel('Greenlet.start()'));
  }

  /** Schedules the greenlet to start `seconds` from now (no-op if started before). */
  startLater(seconds: number): void {
    if (this.#start !== 'new') return;
    const k = kernel('Greenlet.startLater()');
    this.#start = 'scheduled';
    this.#timer = k.schedule(k.now + toTicks(Math.max(0, seconds)), () => {
      this.#timer = null;
      if (this.#start === 'scheduled' && !this.hub.abandoned) this.#spawnFiber(k);
    });
  }

  #spawnFiber(k: Kernel): void {
    const f = this.hub.spawnRaw(this.#bootstrap(), this.name);
    this.bind(f);
    if (k.tracing) k.emit('greenlet.spawn', this.name, { fiber: f.id });
  }

  *#bootstrap(): Blocking {
    this.#start = 'running';
    const run = this.#run as AnyFunction;
    this.#run = null;
    let result: unknown;
    try {
      // The hub's switch into a new greenlet (the cost model's `greenletSwitch`).
      const sw = kernel().costs.greenletSwitch;
      if (sw > 0) yield* computeTicks(sw);
      const r = run(...this.args);
      result = mustDrive(r) ? yield* r : r;
    } catch (e) {
      this.#reportError(e);
      return;
    } finally {
      this.args = [];
    }
    this.#reportResult(result);
  }

  #reportResult(result: unknown): void {
    this.#excInfo = { error: null };
    this.value = (result === undefined ? null : result) as T | GreenletExit | null;
    const k = kernel();
    if (k.tracing) k.emit('greenlet.finish', this.name, { killed: result instanceof GreenletExit });
    this.#links.check();
  }

  #reportError(error: unknown): void {
    if (error instanceof GreenletExit) {
      this.#reportResult(error);
      return;
    }
    this.#excInfo = { error };
    this.#links.check();
    this.hub.handleError(this, error);
  }

  /** Prevents a greenlet that has not run yet from ever running. */
  #cancelStart(): void {
    if (this.#start === 'new') {
      this.#start = 'cancelled';
    } else if (this.#start === 'scheduled') {
      this.#start = 'cancelled';
      if (this.#timer !== null) {
        this.#timer.cancelled = true;
        this.#timer = null;
      }
      const f = this.fiber;
      if (f !== null && f.state !== 'done') kernel().kill(f);
    }
  }

  /** If it never ran, it is dead now, with `exception` as its outcome [GEV-8]. */
  #handleDeathBeforeStart(exception: KillException): void {
    if (this.#excInfo === null && this.dead) this.#reportError(instantiate(exception));
  }

  #maybeKillBeforeStart(exception: KillException): boolean {
    this.#cancelStart();
    const dead = this.dead;
    if (dead) this.#handleDeathBeforeStart(exception);
    return dead;
  }

  /** `greenlet.throw(exception)`, from the hub: raises it where the greenlet is suspended. */
  #throw(exception: KillException): void {
    this.#cancelStart();
    try {
      if (!this.dead && this.fiber !== null) this.hub.throwInto(this.fiber, instantiate(exception));
    } finally {
      this.#handleDeathBeforeStart(exception);
    }
  }

  /**
   * Raises `exception` (GreenletExit by default) in the greenlet, through the hub; with
   * `block` (the default), waits until it is dead or `timeout` passes. A greenlet that
   * has not run yet dies at once without running [GEV-7, GEV-8].
   */
  kill(o: KillOptions = {}): Op<void> {
    checkTimeoutType(o.timeout);
    return op('Greenlet.kill()', this.#kill(o.exception ?? GreenletExit, o.block ?? true, o.timeout));
  }

  *#kill(exception: KillException, block: boolean, timeout: Seconds): Blocking {
    if (this.#maybeKillBeforeStart(exception)) return;
    const k = kernel();
    if (k.tracing) k.emit('greenlet.kill', this.name, { block });
    this.hub.runCallback(() => this.#throw(exception));
    if (block) yield* this.#waitReady(timeout);
  }

  /**
   * For `killall`: kills the greenlet at once if it has not started (true), else leaves it
   * to `throwNow` from the hub (false).
   */
  killBeforeStart(exception: KillException): boolean {
    return this.#maybeKillBeforeStart(exception);
  }

  /** `glet.throw(exception)` from the hub's callback, for `killall`. */
  throwNow(exception: KillException): void {
    if (!this.dead) this.#throw(exception);
  }

  /** Waits until the greenlet finishes or `timeout` seconds pass; returns nothing either way [GEV-4]. */
  join(timeout: Seconds = null): Op<void> {
    checkTimeoutType(timeout);
    return op('Greenlet.join()', this.#join(timeout));
  }

  *#join(timeout: Seconds): Blocking {
    yield* this.#waitReady(timeout);
  }

  /**
   * Returns the value or re-raises the exception [GEV-5]; waits for it with `block`, at
   * most `timeout` seconds, else raises gevent's Timeout [GEV-6].
   */
  get(block = true, timeout: Seconds = null): Op<T | GreenletExit | null> {
    checkTimeoutType(timeout);
    return op('Greenlet.get()', this.#get(block, timeout));
  }

  *#get(block: boolean, timeout: Seconds): Blocking<T | GreenletExit | null> {
    if (!this.ready()) {
      if (!block) throw new Timeout();
      yield* this.#waitReady(timeout);
      if (!this.ready()) throw new Timeout(timeout ?? null);
    }
    if (this.successful()) return this.value;
    throw this.exception;
  }

  /** Blocks (cooperatively) until ready or the timeout; true if ready. */
  *#waitReady(timeout: Seconds): Blocking<boolean> {
    if (this.ready()) return true;
    const k = kernel();
    getHub();
    const me = k.current as Fiber;
    const wq = this.#joinWq;
    const wakeMe = () => {
      if (me.wq === wq) k.wake(me);
    };
    this.#links.add(wakeMe);
    try {
      yield* hubBlock(wq, timeoutTicks(timeout));
    } finally {
      this.#links.remove(wakeMe);
    }
    return this.ready();
  }

  /** `rawlink(callback)`: `callback(this)` runs in the hub once finished, never before this returns [GEV-11]. */
  rawlink(callback: LinkCallback<Greenlet<T>>): void {
    this.#links.add(callback as LinkCallback<Greenlet<unknown>>);
  }

  /**
   * `link(callback)`: like `rawlink`; a callback that returns a generator runs in a
   * greenlet of its own, so it may block.
   */
  link(callback: LinkCallback<Greenlet<T>>): void {
    this.#links.add(callback as LinkCallback<Greenlet<unknown>>);
  }

  /** `link_value(callback)`: only if it finished successfully. */
  linkValue(callback: LinkCallback<Greenlet<T>>): void {
    this.#links.add(filtered(callback as LinkCallback<Greenlet<unknown>>, (g) => g.successful()));
  }

  /** `link_exception(callback)`: only if it raised. */
  linkException(callback: LinkCallback<Greenlet<T>>): void {
    this.#links.add(filtered(callback as LinkCallback<Greenlet<unknown>>, (g) => !g.successful()));
  }

  /** Removes a callback added by `link`, `rawlink`, `linkValue` or `linkException`. */
  unlink(callback: LinkCallback<Greenlet<T>>): void {
    this.#links.remove(callback as LinkCallback<Greenlet<unknown>>);
    this.#links.removeWhere((l) => (l as Filtered<Greenlet<unknown>>).callback === callback);
  }

  unlinkAll(): void {
    this.#links.clear();
  }

  hasLinks(): number {
    return this.#links.length;
  }

  /** gevent's repr, without the address: `<Greenlet "Greenlet-1": fetch('a')>`. */
  repr(): string {
    return `<Greenlet "${this.name}">`;
  }
}

interface Filtered<S> extends LinkCallback<S> {
  readonly callback: LinkCallback<S>;
}

function filtered<S>(callback: LinkCallback<S>, when: (s: S) => boolean): Filtered<S> {
  const f = (s: S) => (when(s) ? callback(s) : undefined);
  return Object.assign(f, { callback });
}

/** `gevent.spawn(fn, *args)` [GEV-1]. */
export const spawn = Greenlet.spawn;

/** `gevent.spawn_later(seconds, fn, *args)` [GEV-13]. */
export const spawnLater = Greenlet.spawnLater;

/** Keyword arguments of `gevent.wait(objects, timeout=None, count=None)`. */
export interface WaitOptions {
  /** Seconds to wait at most (null: forever). */
  readonly timeout?: Seconds;
  /** Return once this many objects are ready (default: all). */
  readonly count?: number | null;
}

/**
 * `gevent.wait(objects, timeout, count)`: blocks until every object (or `count` of them)
 * is ready or the timeout passes; returns those ready, in the order they became ready
 * [GEV-9, GEV-14]. With no objects, waits until every greenlet of the hub has finished
 * and returns whether they did before the timeout (gevent's `hub.join`, limited to
 * greenlets).
 */
export function wait(): Op<boolean>;
export function wait(objects: null, o?: WaitOptions): Op<boolean>;
export function wait<W extends Waitable<W>>(objects: readonly W[], o?: WaitOptions): Op<W[]>;
export function wait<W extends Waitable<W>>(
  objects: readonly W[] | null = null,
  o: WaitOptions = {},
): Op<W[] | boolean> {
  checkTimeoutType(o.timeout);
  if (objects === null) return op('gevent.wait()', waitHub(o.timeout));
  return op('gevent.wait()', waitOn(objects, o.timeout, o.count ?? null, null));
}

function* waitHub(timeout: Seconds): Blocking<boolean> {
  const k = kernel();
  const hub = getHub();
  const deadline = timeout === null || timeout === undefined ? null : k.now + toTicks(timeout);
  for (;;) {
    const me = k.current;
    const live = liveGreenlets(hub).filter((g) => g.fiber !== me);
    if (live.length === 0) return true;
    if (deadline !== null && k.now >= deadline) return false;
    yield* waitOn(live, deadline === null ? null : toSeconds(deadline - k.now), null, null);
  }
}

function liveGreenlets(hub: Hub): Greenlet[] {
  const out: Greenlet[] = [];
  for (const f of hub.greenletFibers) {
    const g = greenletOf(f);
    if (g instanceof Greenlet && !g.ready()) out.push(g);
  }
  return out;
}

/** The engine of `wait` and `joinall`: links to every object and collects them as they become ready. */
function* waitOn<W extends Waitable<W>>(
  objects: readonly W[],
  timeout: Seconds,
  count: number | null,
  onItem: ((w: W) => void) | null,
): Blocking<W[]> {
  const n = count === null ? objects.length : Math.min(count, objects.length);
  const got: W[] = [];
  if (n <= 0) return got;
  const k = kernel();
  getHub();
  const me = k.current as Fiber;
  const wq = new WaitQueue('gevent.wait', () => {
    const holders: Fiber[] = [];
    for (const o of objects) if (o instanceof RawGreenlet && o.fiber !== null && !o.ready()) holders.push(o.fiber);
    return holders;
  });
  const arrived: W[] = [];
  const onReady = (w: W) => {
    arrived.push(w);
    if (me.wq === wq) k.wake(me);
  };
  for (const o of objects) o.rawlink(onReady);
  const deadline = timeout === null || timeout === undefined ? null : k.now + toTicks(timeout);
  try {
    while (got.length < n) {
      const w = arrived.shift();
      if (w !== undefined) {
        got.push(w);
        onItem?.(w);
        continue;
      }
      const woken = yield* hubBlock(wq, deadline === null ? null : Math.max(0, deadline - k.now));
      if (!woken && arrived.length === 0) break; // timed out
    }
  } finally {
    for (const o of objects) o.unlink(onReady);
  }
  return got;
}

/** Keyword arguments of `gevent.joinall(greenlets, timeout=None, raise_error=False, count=None)`. */
export interface JoinallOptions extends WaitOptions {
  /** Raise the first failing greenlet's exception as soon as it is seen [GEV-9]. */
  readonly raiseError?: boolean;
}

/**
 * `gevent.joinall(greenlets, timeout, raise_error, count)`: the greenlets that finished,
 * in completion order; with a timeout, those finished by then, without raising [GEV-9].
 */
export function joinall<T>(greenlets: readonly Greenlet<T>[], o: JoinallOptions = {}): Op<Greenlet<T>[]> {
  checkTimeoutType(o.timeout);
  const check =
    o.raiseError === true
      ? (g: Greenlet<T>) => {
          if (g.exception !== null) throw g.exception;
        }
      : null;
  return op('gevent.joinall()', waitOn(greenlets, o.timeout, o.count ?? null, check));
}

/**
 * `gevent.killall(greenlets, exception, block, timeout)`: kills every greenlet (those not
 * yet run never run); with `block`, waits until all are dead, raising Timeout if
 * `timeout` passes first.
 */
export function killall(greenlets: readonly Greenlet<unknown>[], o: KillOptions = {}): Op<void> {
  checkTimeoutType(o.timeout);
  return op('gevent.killall()', killallGen(greenlets, o.exception ?? GreenletExit, o.block ?? true, o.timeout));
}

function* killallGen(
  greenlets: readonly Greenlet<unknown>[],
  exception: KillException,
  block: boolean,
  timeout: Seconds,
): Blocking {
  const alive = greenlets.filter((g) => !g.killBeforeStart(exception));
  if (alive.length === 0) return;
  // gevent's _killall3: ONE hub callback throws into each greenlet in turn, and each runs at
  // once (greenlet.throw switches to it) until it blocks or dies, before the next is thrown
  // into. An error thrown into a fiber moves it to the head of the baton's queue, so throwing
  // in reverse order leaves them queued first to last, ahead of every other ready greenlet.
  (alive[0] as Greenlet<unknown>).hub.runCallback(() => {
    for (let i = alive.length - 1; i >= 0; i--) (alive[i] as Greenlet<unknown>).throwNow(exception);
  });
  if (!block) return;
  const done = yield* waitOn(alive, timeout, null, null);
  if (done.length < alive.length) throw new Timeout(timeout ?? null);
}
