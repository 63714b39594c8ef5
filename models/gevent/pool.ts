/**
 * `gevent.pool.Group` and `gevent.pool.Pool`: a Group tracks greenlets until they finish;
 * a Pool also bounds how many run at once with a Semaphore, so `spawn` blocks the caller
 * while `size` greenlets are active [GPL-2]. A member leaves when its link fires in the
 * hub, so a slot frees only once the hub has run after the member's death.
 *
 * `Pool(null)` is unbounded; `Pool(0)` can never run anything [GPL-1]. `applyAsync` never
 * blocks: on a full pool it returns a greenlet outside the pool that waits for a slot
 * [GPL-4]. `map` keeps the input order and `imapUnordered` gives completion order [GPL-3].
 *
 * Differs from gevent: `spawn`, `add`, `start` and the mapping methods return operations
 * to drive with `yield*` (even a Group's, which never block); `map` spawns from the caller
 * instead of a helper greenlet, and `imapUnordered` returns the whole list rather than an
 * iterator. Members are kept in insertion order, where gevent's set has none.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, toSeconds, toTicks } from '../../engine/index.ts';
import { mustDrive } from '../drive.ts';
import { ValueError } from '../errors.ts';
import { checkTimeoutType, type Timeout as Seconds } from '../threading/timeout.ts';
import { Event } from './event.ts';
import { Greenlet, GreenletExit, joinall, type KillException, type KillOptions } from './greenlet.ts';
import { getcurrent } from './hub.ts';
import { Semaphore } from './lock.ts';
import type { Returned } from './timeout.ts';

/** `gevent.pool.PoolFull`: adding to a full pool without blocking, or past the timeout. */
export class PoolFull extends Error {
  override name = 'PoolFull';
}

/** `gevent.pool.Group`: a set of greenlets to spawn into, join and kill together. */
export class Group {
  /** The greenlets being tracked, in the order they were added. */
  readonly greenlets = new Set<Greenlet<unknown>>();
  readonly #dying = new Set<Greenlet<unknown>>();
  readonly #empty: Event;
  readonly #discard = (g: Greenlet<unknown>) => this.discarded(g);

  constructor(greenlets: Iterable<Greenlet<unknown>> = []) {
    this.#empty = new Event({ name: kernel('Group()').label('Group.empty') });
    this.#empty.set();
    for (const g of greenlets) this.#track(g);
  }

  /** Python's `len(group)`. */
  get length(): number {
    return this.greenlets.size;
  }

  /** Python's `greenlet in group`. */
  has(g: unknown): boolean {
    return this.greenlets.has(g as Greenlet<unknown>);
  }

  #track(g: Greenlet<unknown>): void {
    if (g.ready()) return;
    g.rawlink(this.#discard);
    this.greenlets.add(g);
    this.#empty.clear();
  }

  /** A member finished (its link fired in the hub). */
  protected discarded(g: Greenlet<unknown>): void {
    this.greenlets.delete(g);
    this.#dying.delete(g);
    if (this.greenlets.size === 0) this.#empty.set();
  }

  /** Starts tracking `g` (no-op if it already finished). */
  add(g: Greenlet<unknown>, _blocking = true, _timeout: Seconds = null): Op<void> {
    return op('Group.add()', this.#add(g));
  }

  // biome-ignore lint/correctness/useYield: a Group never blocks; a Pool's add does
  *#add(g: Greenlet<unknown>): Blocking {
    this.#track(g);
  }

  /** Stops tracking `g`. */
  discard(g: Greenlet<unknown>): void {
    this.discarded(g);
    g.unlink(this.#discard);
  }

  /** Adds the unstarted `g` and starts it. */
  start(g: Greenlet<unknown>): Op<void> {
    return op('Group.start()', this.#start(g));
  }

  *#start(g: Greenlet<unknown>): Blocking {
    yield* this.add(g);
    g.start();
  }

  /** `spawn(fn, *args)`: a new greenlet, tracked and started (a Pool waits for a slot first). */
  spawn<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Op<Greenlet<Returned<R>>> {
    return op('Group.spawn()', this.#spawn(fn, args));
  }

  *#spawn<A extends unknown[], R>(fn: (...args: A) => R, args: A): Blocking<Greenlet<Returned<R>>> {
    const g = new Greenlet<Returned<R>>(fn as (...args: never[]) => unknown, ...args);
    yield* this.start(g as Greenlet<unknown>);
    return g;
  }

  /**
   * Waits until the group is empty (at least once); false if `timeout` passed first
   * [GPL-2]. With `raiseError`, raises the exception of a member present at the call that
   * failed.
   */
  join(timeout: Seconds = null, raiseError = false): Op<boolean> {
    checkTimeoutType(timeout);
    return op('Group.join()', this.#join(timeout, raiseError));
  }

  *#join(timeout: Seconds, raiseError: boolean): Blocking<boolean> {
    const members = raiseError ? [...this.greenlets] : [];
    yield* this.#empty.wait(timeout);
    for (const g of members) if (g.exception !== null) throw g.exception;
    return this.#empty.isSet();
  }

  /** Kills every member; with `block`, until the group is empty or `timeout` passes [GPL-5]. */
  kill(o: KillOptions = {}): Op<void> {
    checkTimeoutType(o.timeout);
    return op('Group.kill()', this.#kill(o.exception ?? GreenletExit, o.block ?? true, o.timeout));
  }

  *#kill(exception: KillException, block: boolean, timeout: Seconds): Blocking {
    const k = kernel();
    const deadline = timeout === null || timeout === undefined ? null : k.now + toTicks(timeout);
    while (this.greenlets.size > 0) {
      for (const g of [...this.greenlets]) {
        if (this.#dying.has(g)) continue;
        yield* g.kill({ exception, block: false });
        this.#dying.add(g);
      }
      if (!block) return;
      const left = deadline === null ? null : toSeconds(deadline - k.now);
      if (left !== null && left <= 0) return;
      yield* joinall([...this.greenlets], { timeout: left });
    }
  }

  /** Kills `g` if it is a member not already being killed. */
  killone(g: Greenlet<unknown>, o: KillOptions = {}): Op<void> {
    checkTimeoutType(o.timeout);
    return op('Group.killone()', this.#killone(g, o));
  }

  *#killone(g: Greenlet<unknown>, o: KillOptions): Blocking {
    if (this.#dying.has(g) || !this.greenlets.has(g)) return;
    yield* g.kill({ exception: o.exception ?? GreenletExit, block: false });
    this.#dying.add(g);
    if (o.block ?? true) yield* g.join(o.timeout);
  }

  /** Whether `spawn` would block: never, for a Group. */
  full(): boolean {
    return false;
  }

  /** Waits until `spawn` would not block; a Group returns at once. */
  waitAvailable(timeout: Seconds = null): Op<number | null> {
    checkTimeoutType(timeout);
    return op('Group.waitAvailable()', this.waitAvailableGen(timeout));
  }

  // biome-ignore lint/correctness/useYield: a Group never blocks; a Pool's does
  protected *waitAvailableGen(_timeout: Seconds): Blocking<number | null> {
    return null;
  }

  /**
   * `apply(fn, args)`: runs `fn` in a member and returns its result (re-raising its
   * exception); called from a member, runs it right there.
   */
  apply<A extends unknown[], R>(fn: (...args: A) => R, args: A = [] as unknown as A): Op<Returned<R>> {
    return op('Group.apply()', this.#apply(fn, args));
  }

  *#apply<A extends unknown[], R>(fn: (...args: A) => R, args: A): Blocking<Returned<R>> {
    if (this.has(getcurrent())) {
      const r = fn(...args);
      return (mustDrive(r) ? yield* r : r) as Returned<R>;
    }
    const g = yield* this.spawn(fn, ...args);
    return (yield* g.get()) as Returned<R>;
  }

  /**
   * `apply_async(fn, args, callback)`: never blocks [GPL-4]. Returns the member greenlet,
   * or, on a full pool, a greenlet outside it that waits for a slot; `callback` gets the
   * result if the call succeeds.
   */
  applyAsync<A extends unknown[], R>(
    fn: (...args: A) => R,
    args: A = [] as unknown as A,
    callback: ((result: Returned<R>) => unknown) | null = null,
  ): Greenlet<Returned<R>> {
    if (this.full() || !this.tryTakeSlot()) {
      const self = this;
      return Greenlet.spawn(function* () {
        const result = yield* self.apply(fn, args);
        if (callback !== null) Greenlet.spawn(callback, result);
        return result;
      }) as Greenlet<Returned<R>>;
    }
    const g = new Greenlet<Returned<R>>(fn as (...args: never[]) => unknown, ...args);
    this.#track(g as Greenlet<unknown>);
    g.start();
    if (callback !== null) g.rawlink((x) => (x.successful() ? callback(x.value as Returned<R>) : undefined));
    return g;
  }

  /** Takes a slot without waiting (a Pool's semaphore unit; a Group has none to take). */
  protected tryTakeSlot(): boolean {
    return true;
  }

  /** `map(fn, items)`: the results in input order, at most `size` at a time in a Pool [GPL-3]. */
  map<T, R>(fn: (item: T) => R, items: Iterable<T>): Op<Returned<R>[]> {
    return op('Group.map()', this.#map(fn, items));
  }

  *#map<T, R>(fn: (item: T) => R, items: Iterable<T>): Blocking<Returned<R>[]> {
    const gs: Greenlet<Returned<R>>[] = [];
    for (const item of items) gs.push(yield* this.spawn(fn, item));
    const out: Returned<R>[] = [];
    for (const g of gs) out.push((yield* g.get()) as Returned<R>);
    return out;
  }

  /** `imap_unordered(fn, items)`: the results in completion order [GPL-3]. */
  imapUnordered<T, R>(fn: (item: T) => R, items: Iterable<T>): Op<Returned<R>[]> {
    return op('Group.imapUnordered()', this.#imapUnordered(fn, items));
  }

  *#imapUnordered<T, R>(fn: (item: T) => R, items: Iterable<T>): Blocking<Returned<R>[]> {
    const gs: Greenlet<Returned<R>>[] = [];
    for (const item of items) gs.push(yield* this.spawn(fn, item));
    const done = yield* joinall(gs);
    return done.map((g) => {
      if (!g.successful()) throw g.exception;
      return g.value as Returned<R>;
    });
  }
}

/**
 * `gevent.pool.Pool(size)`: a group that holds at most `size` greenlets; `spawn` blocks while it is
 * full.
 */
export class Pool extends Group {
  /** The most greenlets at once, or null for no limit. */
  readonly size: number | null;
  readonly #slots: Semaphore | null;

  constructor(size: number | null = null) {
    if (size !== null && size < 0) throw new ValueError(`size must not be negative: ${size}`);
    super();
    this.size = size;
    this.#slots = size === null ? null : new Semaphore(size, { name: kernel().label('Pool') });
  }

  /** `free_count()`: how many more greenlets could be added now (1 when unbounded) [GPL-1]. */
  freeCount(): number {
    if (this.size === null) return 1;
    return Math.max(0, this.size - this.length);
  }

  /** Whether `spawn` would block [GPL-1]. */
  override full(): boolean {
    return this.freeCount() <= 0;
  }

  /**
   * Tracks the unstarted `g` once a slot is free; without `blocking`, or once `timeout`
   * passes, raises PoolFull instead.
   */
  override add(g: Greenlet<unknown>, blocking = true, timeout: Seconds = null): Op<void> {
    checkTimeoutType(timeout);
    return op('Pool.add()', this.#addPool(g, blocking, timeout));
  }

  *#addPool(g: Greenlet<unknown>, blocking: boolean, timeout: Seconds): Blocking {
    if (this.#slots !== null && !(yield* this.#slots.acquire(blocking, timeout))) throw new PoolFull();
    yield* super.add(g);
  }

  protected override discarded(g: Greenlet<unknown>): void {
    super.discarded(g);
    this.#slots?.release();
  }

  protected override tryTakeSlot(): boolean {
    return this.#slots === null || this.#slots.tryAcquire();
  }

  /** Waits until a slot is free; returns the free slots, 0 if `timeout` passed [GPL-4]. */
  protected override *waitAvailableGen(timeout: Seconds): Blocking<number | null> {
    if (this.#slots === null) return 1;
    return yield* this.#slots.wait(timeout);
  }
}
