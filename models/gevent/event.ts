/**
 * `gevent.event.Event` and `gevent.event.AsyncResult`: one-shot notifications for
 * greenlets, on gevent's link protocol (`rawlink`/`unlink`/`ready`), so they work with
 * `gevent.wait`. Waiters are woken from the hub, asynchronously, in the order they began
 * to wait; every waiter present when the flag is set is woken, and its `wait` returns
 * true even if the flag was cleared before it ran (as CPython's EVT-4).
 *
 * Waiting always yields to the hub, patched or not.
 */
import type { Blocking } from '../../engine/index.ts';
import { type Fiber, kernel, type Op, op, WaitQueue } from '../../engine/index.ts';
import { checkTimeoutType, type Timeout as Seconds, timeoutTicks } from '../threading/timeout.ts';
import { getHub, hubBlock, type LinkCallback, Links } from './hub.ts';
import { Timeout } from './timeout.ts';

/** Blocks the current greenlet until `links` fire (true) or `timeout` passes (false). */
function* waitLinked<S>(links: Links<S>, wq: WaitQueue, timeout: Seconds): Blocking<boolean> {
  const k = kernel();
  getHub();
  const me = k.current as Fiber;
  let woken = false;
  const wakeMe = () => {
    woken = true;
    if (me.wq === wq) k.wake(me);
  };
  links.add(wakeMe);
  try {
    yield* hubBlock(wq, timeoutTicks(timeout));
  } finally {
    links.remove(wakeMe);
  }
  return woken;
}

/** `gevent.event.Event`: a flag greenlets wait on cooperatively; `set()` wakes them all. */
export class Event {
  readonly label: string;
  #flag = false;
  readonly #links: Links<Event>;
  readonly #wq: WaitQueue;

  constructor(o: { readonly name?: string } = {}) {
    this.label = o.name ?? kernel('Event()').label('gevent.Event');
    this.#links = new Links<Event>(this, () => this.#flag, null);
    this.#wq = new WaitQueue(this.label);
  }

  isSet(): boolean {
    return this.#flag;
  }

  ready(): boolean {
    return this.#flag;
  }

  /** Sets the flag; every greenlet waiting is woken when the hub next runs. */
  set(): void {
    this.#flag = true;
    this.#links.check();
  }

  clear(): void {
    this.#flag = false;
  }

  /** Blocks until the flag is set (true) or `timeout` seconds pass (false). */
  wait(timeout: Seconds = null): Op<boolean> {
    checkTimeoutType(timeout);
    return op('gevent.Event.wait()', this.#wait(timeout));
  }

  *#wait(timeout: Seconds): Blocking<boolean> {
    if (this.#flag) return true;
    return yield* waitLinked(this.#links, this.#wq, timeout);
  }

  rawlink(callback: LinkCallback<Event>): void {
    this.#links.add(callback);
  }

  unlink(callback: LinkCallback<Event>): void {
    this.#links.remove(callback);
  }
}

/** `gevent.event.AsyncResult`: a one-shot value or exception that greenlets can wait for. */
export class AsyncResult<T = unknown> {
  readonly label: string;
  #value: T | null = null;
  /** null while unset; `{ error: null }` once set with a value. */
  #excInfo: { readonly error: unknown } | null = null;
  readonly #links: Links<AsyncResult<unknown>>;
  readonly #wq: WaitQueue;

  constructor(o: { readonly name?: string } = {}) {
    this.label = o.name ?? kernel('AsyncResult()').label('AsyncResult');
    this.#links = new Links<AsyncResult<unknown>>(this, () => this.#excInfo !== null, null);
    this.#wq = new WaitQueue(this.label);
  }

  /** The value once set; null before, and after `setException`. */
  get value(): T | null {
    return this.#value;
  }

  get exception(): unknown {
    return this.#excInfo === null ? null : this.#excInfo.error;
  }

  ready(): boolean {
    return this.#excInfo !== null;
  }

  successful(): boolean {
    return this.#excInfo !== null && this.#excInfo.error === null;
  }

  /** Stores `value` and wakes every waiter (from the hub). */
  set(value: T): void {
    this.#value = value;
    this.#excInfo = { error: null };
    this.#links.check();
  }

  /** Stores `exception`, which `get` will raise, and wakes every waiter. */
  setException(exception: unknown): void {
    this.#excInfo = { error: exception };
    this.#links.check();
  }

  /**
   * The value, or raises the exception; waits for it with `block`, at most `timeout`
   * seconds, else raises gevent's Timeout.
   */
  get(block = true, timeout: Seconds = null): Op<T> {
    checkTimeoutType(timeout);
    return op('AsyncResult.get()', this.#get(block, timeout));
  }

  *#get(block: boolean, timeout: Seconds): Blocking<T> {
    if (this.#excInfo === null) {
      if (!block) throw new Timeout();
      yield* waitLinked(this.#links, this.#wq, timeout);
      if (this.#excInfo === null) throw new Timeout(timeout ?? null);
    }
    if (this.#excInfo.error !== null) throw this.#excInfo.error;
    return this.#value as T;
  }

  /** `get_nowait()`: `get(false)`. */
  getNowait(): T {
    if (this.#excInfo === null) throw new Timeout();
    if (this.#excInfo.error !== null) throw this.#excInfo.error;
    return this.#value as T;
  }

  /** Blocks until set or `timeout` passes; returns the value (null if not set or failed). */
  wait(timeout: Seconds = null): Op<T | null> {
    checkTimeoutType(timeout);
    return op('AsyncResult.wait()', this.#wait(timeout));
  }

  *#wait(timeout: Seconds): Blocking<T | null> {
    if (this.#excInfo === null) yield* waitLinked(this.#links, this.#wq, timeout);
    return this.#value;
  }

  rawlink(callback: LinkCallback<AsyncResult<T>>): void {
    this.#links.add(callback as LinkCallback<AsyncResult<unknown>>);
  }

  unlink(callback: LinkCallback<AsyncResult<T>>): void {
    this.#links.remove(callback as LinkCallback<AsyncResult<unknown>>);
  }
}
