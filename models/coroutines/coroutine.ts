/**
 * Python's generator-based coroutines: `Coroutine` wraps a JavaScript generator and drives
 * it with `send`, `throw` and `close` under CPython 3.11's rules, which differ from
 * JavaScript's `next`/`throw`/`return` in ways the wrapper makes explicit:
 * - a first `send` of anything but `undefined`/`null` (None) is a TypeError, and the
 *   coroutine stays usable [GEN-1] (JavaScript silently drops the value);
 * - a `return v` arrives as `StopIteration(v)` thrown from `send`, and an exhausted
 *   coroutine throws `StopIteration` with value null on every later `send` [GEN-3];
 * - `close` raises `GeneratorExit` at the suspended `yield` (so `catch` blocks see it, not
 *   only `finally` as with JavaScript's `return`), returns nothing even when the generator
 *   returns a value [GEN-9], and is a RuntimeError if the generator yields again [GEN-8];
 * - a StopIteration escaping the body becomes RuntimeError (PEP 479) [GEN-11], and a
 *   re-entrant call is ValueError "generator already executing" [GEN-12].
 *
 * Coroutines are plain objects: driving one takes no virtual time and is no scheduling
 * point. The generator inside is an ordinary JavaScript generator, so kernel operations
 * (`yield* sleep(1)`) cannot be driven from inside it: a coroutine asks its scheduler for
 * time instead (scheduler.ts).
 *
 * Differs from CPython: `yield*` stands for `yield from`, and forwards `send`, `throw` and
 * the values returned [GEN-14]; but when `close` throws GeneratorExit through a `yield*`
 * and the inner generator catches it and returns, JavaScript resumes the outer generator
 * with that value, where Python would raise GeneratorExit in the outer one as well.
 * Python's three-argument `throw(type, value, tb)` is not modelled.
 */
import { pyTypeName } from '../compare.ts';
import { GeneratorExit, RuntimeError, StopIteration, ValueError } from '../errors.ts';

/** `inspect.getgeneratorstate` [GEN-13]. */
export type GeneratorState = 'GEN_CREATED' | 'GEN_RUNNING' | 'GEN_SUSPENDED' | 'GEN_CLOSED';

/** What `throw` accepts: an exception instance, or a class to instantiate with no arguments. */
export type Throwable = Error | (new () => Error);

/** PEP 479: a StopIteration escaping a generator's body is a RuntimeError [GEN-11]. */
function escaped(e: unknown): unknown {
  if (!(e instanceof StopIteration)) return e;
  return new RuntimeError('generator raised StopIteration', { cause: e });
}

/** The exception `throw(exc)` raises, or Python's TypeError for anything else [GEN-15]. */
function toException(exc: unknown): Error {
  if (exc instanceof Error) return exc;
  if (typeof exc === 'function' && (exc === Error || exc.prototype instanceof Error)) {
    return new (exc as new () => Error)();
  }
  throw new TypeError(`exceptions must be classes or instances deriving from BaseException, not ${pyTypeName(exc)}`);
}

/**
 * A Python generator coroutine: `send`, `throw` and `close` drive it, as `gen.send(v)`,
 * `gen.throw(e)` and `gen.close()`.
 */
export class Coroutine<Y = unknown, S = unknown, R = unknown> implements Iterable<Y> {
  readonly #gen: Generator<Y, R, S | undefined>;
  #state: GeneratorState = 'GEN_CREATED';

  constructor(gen: Generator<Y, R, S | undefined>) {
    this.#gen = gen;
  }

  /** `inspect.getgeneratorstate(gen)` [GEN-13]. */
  get state(): GeneratorState {
    return this.#state;
  }

  /** Python's `next(gen)`: `send(None)` [GEN-2]. */
  next(): Y {
    return this.#resume(false, undefined);
  }

  /**
   * Resumes the coroutine with `value` as the result of its `yield` and returns what it
   * yields next. Throws `StopIteration(v)` when it returns `v` [GEN-3]; a first send of
   * anything but None is a TypeError and runs nothing [GEN-1]; `send()` with no argument
   * is Python's TypeError [GEN-15].
   */
  send(...args: [value: S | undefined]): Y {
    if (args.length !== 1) {
      throw new TypeError(`generator.send() takes exactly one argument (${args.length} given)`);
    }
    const value = args[0];
    if (this.#state === 'GEN_CREATED' && value !== undefined && value !== null) {
      throw new TypeError("can't send non-None value to a just-started generator");
    }
    return this.#resume(false, value);
  }

  /**
   * Raises `exc` at the suspended `yield` and returns what the coroutine yields next if it
   * catches it [GEN-5]; an uncaught one propagates after `finally` blocks ran and closes
   * it [GEN-6]; into a just-started coroutine it is raised before any line runs [GEN-4].
   */
  throw(exc: Throwable): Y {
    return this.#resume(true, toException(exc));
  }

  /**
   * Raises GeneratorExit at the suspended `yield` and returns nothing [GEN-7, GEN-9]; a
   * coroutine that yields again is RuntimeError "generator ignored GeneratorExit" [GEN-8];
   * any other exception propagates. A never-started coroutine runs nothing [GEN-10].
   */
  close(): void {
    switch (this.#state) {
      case 'GEN_CLOSED':
        return;
      case 'GEN_RUNNING':
        throw new ValueError('generator already executing');
      case 'GEN_CREATED':
        this.#state = 'GEN_CLOSED';
        this.#gen.return(undefined as R); // ends it without running a line, not even `finally`
        return;
      default:
        break;
    }
    this.#state = 'GEN_RUNNING';
    let r: IteratorResult<Y, R>;
    try {
      r = this.#gen.throw(new GeneratorExit());
    } catch (e) {
      this.#state = 'GEN_CLOSED';
      if (e instanceof GeneratorExit) return;
      throw escaped(e);
    }
    if (r.done === true) {
      this.#state = 'GEN_CLOSED';
      return; // Python 3.11 drops the returned value [GEN-9]
    }
    this.#state = 'GEN_SUSPENDED';
    throw new RuntimeError('generator ignored GeneratorExit');
  }

  /** Python's iteration protocol: `next()` until StopIteration. */
  [Symbol.iterator](): Iterator<Y> {
    return {
      next: (): IteratorResult<Y> => {
        try {
          return { value: this.next(), done: false };
        } catch (e) {
          if (e instanceof StopIteration) return { value: undefined, done: true };
          throw e;
        }
      },
    };
  }

  #resume(isThrow: boolean, arg: unknown): Y {
    switch (this.#state) {
      case 'GEN_RUNNING':
        throw new ValueError('generator already executing');
      case 'GEN_CLOSED':
        if (isThrow) throw arg; // [GEN-6]
        throw new StopIteration(); // [GEN-3, GEN-16]
      default:
        break;
    }
    this.#state = 'GEN_RUNNING';
    let r: IteratorResult<Y, R>;
    try {
      r = isThrow ? this.#gen.throw(arg) : this.#gen.next(arg as S | undefined);
    } catch (e) {
      this.#state = 'GEN_CLOSED';
      throw escaped(e);
    }
    if (r.done === true) {
      this.#state = 'GEN_CLOSED';
      throw new StopIteration(r.value === undefined ? null : r.value);
    }
    this.#state = 'GEN_SUSPENDED';
    return r.value;
  }
}

/** `inspect.getgeneratorstate(coro)`. */
export function getGeneratorState(c: Coroutine<unknown, never, unknown>): GeneratorState {
  return c.state;
}

/**
 * The classic `@coroutine` decorator: calling the result creates the coroutine and
 * advances it to its first `yield`, so it is ready for `send`.
 */
export function coroutine<A extends unknown[], Y, S, R>(
  fn: (...args: A) => Generator<Y, R, S | undefined>,
): (...args: A) => Coroutine<Y, S, R> {
  return (...args: A) => {
    const c = new Coroutine<Y, S, R>(fn(...args));
    c.next();
    return c;
  };
}
