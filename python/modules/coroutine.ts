/**
 * Coroutine objects, what calling an `async def` returns (the compiler emits `$Coro` and
 * `$await`, installed here among the runtime's helpers). A coroutine is a JavaScript
 * generator as models/asyncio expects one: it yields a Future it waits on (or the kernel's
 * token when a blocking call blocks the loop's thread), so an asyncio Task steps it directly.
 *
 * Differs from CPython: no "coroutine ... was never awaited" RuntimeWarning, no `cr_frame`;
 * `await` of an object with `__await__` is not supported (coroutines, Futures and Tasks are).
 */

import type { Blocking } from '../../engine/index.ts';
import { B } from '../runtime/builtins.ts';
import { callG, callSync, lookup } from '../runtime/call.ts';
import { def, fnOf } from '../runtime/methods.ts';
import { RT } from '../runtime/rt.ts';
import { isInstance, StopAsyncIteration, setPyType, typeError, typeName, typeOf } from '../runtime/types.ts';
import { mkType } from './registry.ts';

export const coroutineType = mkType('coroutine', 'builtins');

export class PyCoroutine implements Blocking<unknown> {
  started = false;
  constructor(
    readonly js: Blocking<unknown>,
    readonly name: string,
    readonly qualname: string,
  ) {}
  /**
   * What leaves the coroutine goes back to the model as the model's own error when it is
   * one Python code caught and re-raised (a CancelledError), so a task that lets its
   * cancellation through ends cancelled, and wait_for sees the cancellation it caused.
   */
  static toModel: (e: unknown) => unknown = (e) => {
    const t = (e as { $t?: unknown } | null)?.$t;
    return t instanceof Error ? t : e;
  };
  next(v?: unknown): IteratorResult<unknown, unknown> {
    this.started = true;
    try {
      return this.js.next(v);
    } catch (e) {
      throw PyCoroutine.toModel(e);
    }
  }
  throw(e: unknown): IteratorResult<unknown, unknown> {
    this.started = true;
    try {
      return this.js.throw(e);
    } catch (x) {
      throw PyCoroutine.toModel(x);
    }
  }
  return(v: unknown): IteratorResult<unknown, unknown> {
    return this.js.return(v);
  }
  [Symbol.iterator](): this {
    return this;
  }
  [Symbol.dispose](): void {}
}
setPyType(PyCoroutine.prototype, coroutineType);
def(coroutineType, '__repr__', (c: PyCoroutine) => `<coroutine object ${c.qualname}>`);
def(coroutineType, 'close', (c: PyCoroutine) => {
  c.return(null);
  return null;
});
def(coroutineType, 'send', (c: PyCoroutine, v: unknown) => {
  const r = c.next(v);
  return r.done ? null : r.value;
});

/** What `await x` delegates to. */
function awaitable(x: unknown): Iterable<unknown, unknown, unknown> {
  if (x instanceof PyCoroutine) return x;
  if (x !== null && typeof x === 'object' && typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return x as Iterable<unknown, unknown, unknown>;
  }
  throw typeError(`object ${typeName(x)} can't be used in 'await' expression`);
}

/** `async with`'s entry: awaits `type(m).__aenter__(m)`. */
function* aenter(m: unknown): Blocking<unknown> {
  const f = lookup(typeOf(m), '__aenter__');
  if (f === undefined || lookup(typeOf(m), '__aexit__') === undefined) {
    throw typeError(`'${typeName(m)}' object does not support the asynchronous context manager protocol`);
  }
  return yield* awaitable(yield* callG(f, [m], null, null));
}
/** `async with`'s exit: awaits `type(m).__aexit__(m, t, v, tb)`. */
function* aexit(m: unknown, t: unknown, v: unknown, tb: unknown): Blocking<unknown> {
  const f = lookup(typeOf(m), '__aexit__');
  return yield* awaitable(yield* callG(f, [m, t, v, tb], null, null));
}

RT.$Coro = PyCoroutine;
RT.$await = awaitable;
RT.$aenter = aenter;
RT.$aexit = aexit;

/** `aiter(x)`: `type(x).__aiter__(x)`, which must give an async iterator. */
B.aiter = fnOf('aiter', (x: unknown) => {
  const f = lookup(typeOf(x), '__aiter__');
  if (f === undefined) throw typeError(`'${typeName(x)}' object is not an async iterable`);
  const it = callSync(f, [x]);
  if (lookup(typeOf(it), '__anext__') === undefined) {
    throw typeError(`aiter() returned not an async iterator of type '${typeName(it)}'`);
  }
  return it;
});

/** `anext(it[, default])`: the awaitable `type(it).__anext__(it)`; with a default, StopAsyncIteration gives it. */
B.anext = fnOf('anext', (it: unknown, ...rest: unknown[]) => {
  const f = lookup(typeOf(it), '__anext__');
  if (f === undefined) throw typeError(`'${typeName(it)}' object is not an async iterator`);
  const aw = callSync(f, [it]);
  if (rest.length === 0) return aw;
  const dflt = rest[0];
  function* withDefault(): Blocking<unknown> {
    try {
      return yield* awaitable(aw);
    } catch (e) {
      if (isInstance(e, StopAsyncIteration)) return dflt;
      throw e;
    }
  }
  return new PyCoroutine(withDefault(), 'anext', 'anext');
});
