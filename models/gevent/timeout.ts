/**
 * `gevent.Timeout`: a BaseException that raises itself (or a chosen exception) in the
 * greenlet that started it, at the point where that greenlet is blocked, once its seconds
 * have passed [GTO-2]. `except Exception` does not catch it (`isException` is false)
 * [GTO-1].
 *
 * Expiry goes through the hub, as gevent's timer callbacks do: when the time comes, the
 * hub's loop throws the exception into the greenlet the next time the hub runs. So a
 * Timeout cannot interrupt code that never yields to the hub — CPU work, or a blocking
 * call that monkey patching left uncooperative; it is raised at the greenlet's next
 * cooperative block instead, and a block that ends without one raises nothing [GTO-5].
 * `Timeout(0)` or a negative one fires at the next real blocking wait, not across a
 * `sleep(0)` [GTO-8].
 *
 * Python's `with Timeout(t):` is `yield* new Timeout(t).with(function* () {...})`;
 * `Timeout(t, false)` suppresses itself there [GTO-3]. The repr names no address:
 * `<Timeout seconds=1 pending>`.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, type Scheduled, toTicks } from '../../engine/index.ts';
import { mustDrive } from '../drive.ts';
import { AssertionError, BaseException } from '../errors.ts';
import { getHub } from './hub.ts';

/** What a Timeout raises: itself (null, false or a message), or an exception (instance or class). */
export type TimeoutException = null | false | string | Error | (new () => Error);

/**
 * `gevent.Timeout(seconds)`: raised in the greenlet that started it when the seconds run out,
 * unless cancelled first.
 */
export class Timeout extends BaseException {
  override name = 'Timeout';
  readonly seconds: number | null;
  readonly exception: TimeoutException;
  #timer: Scheduled | null = null;
  /** Bumped by `cancel`, so an expiry already queued in the hub does nothing. */
  #generation = 0;
  #closed = false;

  constructor(seconds: number | null = null, exception: TimeoutException = null) {
    super(describe(seconds, exception));
    this.seconds = seconds;
    this.exception = exception;
  }

  /** True while the timeout is scheduled to be raised. */
  get pending(): boolean {
    return this.#timer !== null;
  }

  /**
   * Schedules the timeout in the current greenlet. Starting a pending one is an
   * AssertionError [GTO-7]; `Timeout(null)` never fires [GTO-8].
   */
  start(): void {
    if (this.pending) throw new AssertionError(`${this.repr()} is already started; to restart it, cancel it first`);
    if (this.seconds === null) return;
    if (this.#closed) throw new AssertionError('non-expiring timer cannot be started');
    const k = kernel('Timeout.start()');
    const hub = getHub();
    const target = k.current;
    if (target === null) throw new AssertionError('Timeout.start() needs a greenlet');
    const ex = this.exception;
    const throws = ex === null || ex === false || typeof ex === 'string' ? this : ex;
    const generation = ++this.#generation;
    const expire = () => {
      if (this.#generation !== generation) return; // cancelled after the timer fired
      this.#timer = null;
      if (k.tracing) k.emit('gevent.timeout', this.repr(), { fiber: target.id });
      hub.throwInto(target, typeof throws === 'function' ? new throws() : throws);
    };
    this.#timer = k.schedule(k.now + toTicks(Math.max(0, this.seconds)), () => hub.runCallback(expire));
  }

  /** `Timeout.start_new(seconds, exception)`: a started Timeout. */
  static startNew(seconds: number | null = null, exception: TimeoutException = null): Timeout {
    const t = new Timeout(seconds, exception);
    t.start();
    return t;
  }

  /** Stops the timeout if pending; it may be started again. */
  cancel(): void {
    this.#generation++;
    if (this.#timer !== null) {
      this.#timer.cancelled = true;
      this.#timer = null;
    }
  }

  /** Cancels the timeout for good (what leaving a `with` block does). */
  close(): void {
    this.cancel();
    this.#closed = true;
  }

  /**
   * Python's `with Timeout(...):` — starts the timeout (unless pending), runs `body`, and
   * closes it; a Timeout built with `exception` false that expires inside is swallowed and
   * the block yields undefined [GTO-3].
   */
  with<T>(body: () => Iterable<unknown, T, unknown>): Op<T | undefined> {
    return op('Timeout.with()', this.#with(body));
  }

  *#with<T>(body: () => Iterable<unknown, T, unknown>): Blocking<T | undefined> {
    if (!this.pending) this.start();
    try {
      return yield* body();
    } catch (e) {
      if (e === this && this.exception === false) return undefined;
      throw e;
    } finally {
      this.close();
    }
  }

  /** gevent's repr, without the address. */
  repr(): string {
    const exception = this.exception === null ? '' : ` exception=${reprException(this.exception)}`;
    return `<Timeout seconds=${this.seconds ?? 'None'}${exception}${this.pending ? ' pending' : ''}>`;
  }
}

function reprException(e: Exclude<TimeoutException, null>): string {
  if (e === false) return 'False';
  if (typeof e === 'string') return `'${e}'`;
  if (typeof e === 'function') return `<class '${e.name}'>`;
  return `${e.name}('${e.message}')`;
}

/** gevent's `str(Timeout)`: `1 second`, `2 seconds (silent)`, `0.5 seconds: boom`. */
function describe(seconds: number | null, exception: TimeoutException): string {
  if (seconds === null) return '';
  const s = `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (exception === null) return s;
  if (exception === false) return `${s} (silent)`;
  if (typeof exception === 'string') return `${s}: ${exception}`;
  if (typeof exception === 'function') return `${s}: <class '${exception.name}'>`;
  return `${s}: ${exception.message}`;
}

/** Keyword arguments of `gevent.with_timeout(seconds, function, *args, timeout_value=...)`. */
export interface WithTimeoutOptions<A extends unknown[], V> {
  /** Arguments for the function. */
  readonly args?: A;
  /** Returned instead of raising when the timeout expires [GTO-6]. */
  readonly timeoutValue?: V;
}

/**
 * `gevent.with_timeout(seconds, function, *args, timeout_value=...)`: runs `fn` under a
 * Timeout; on expiry returns `timeoutValue` if given, else raises the Timeout [GTO-6].
 */
export function withTimeout<A extends unknown[], R, V = never>(
  seconds: number | null,
  fn: (...args: A) => R,
  o: WithTimeoutOptions<A, V> = {},
): Op<Returned<R> | V> {
  return op('withTimeout()', withTimeoutGen(seconds, fn, o));
}

/** What calling a function gives once driven: a generator's return value, or the plain result. */
export type Returned<R> = R extends Blocking<infer T> ? T : R extends Op<infer T> ? T : R;

function* withTimeoutGen<A extends unknown[], R, V>(
  seconds: number | null,
  fn: (...args: A) => R,
  o: WithTimeoutOptions<A, V>,
): Blocking<Returned<R> | V> {
  const t = Timeout.startNew(seconds);
  try {
    const r = fn(...((o.args ?? []) as A));
    return (mustDrive(r) ? yield* r : r) as Returned<R>;
  } catch (e) {
    if (e === t && 'timeoutValue' in o) return o.timeoutValue as V;
    throw e;
  } finally {
    t.cancel();
  }
}
