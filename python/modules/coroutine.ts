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
import { codeObject, frameObject } from '../runtime/classes.ts';
import { STOP } from '../runtime/iter.ts';
import { def, fnOf } from '../runtime/methods.ts';
import { PyExc, PyType } from '../runtime/objects.ts';
import { RT } from '../runtime/rt.ts';
import {
  GeneratorExit,
  isInstance,
  isSubtype,
  makeExc,
  pyErr,
  RuntimeError,
  StopAsyncIteration,
  StopIteration,
  setPyType,
  typeError,
  typeName,
  typeOf,
  ValueError,
} from '../runtime/types.ts';
import { mkType } from './registry.ts';

export const coroutineType = mkType('coroutine', 'builtins');

export class PyCoroutine implements Blocking<unknown> {
  /** The coroutine whose frame is executing (for `await` to record `cr_await`). */
  static current: PyCoroutine | null = null;
  started = false;
  done = false;
  running = false;
  /** What its latest `await` waits on (`cr_await` while suspended). */
  aw: unknown = null;
  /** `cr_frame`, made when first read. */
  frame: unknown = null;
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
    return this.#step(false, v);
  }
  throw(e: unknown): IteratorResult<unknown, unknown> {
    return this.#step(true, e);
  }
  #step(isThrow: boolean, v: unknown): IteratorResult<unknown, unknown> {
    if (this.done) {
      if (isThrow) throw v;
      throw pyErr(RuntimeError, 'cannot reuse already awaited coroutine');
    }
    if (this.running) throw pyErr(ValueError, 'coroutine already executing');
    this.started = true;
    this.running = true;
    const outer = PyCoroutine.current;
    PyCoroutine.current = this;
    let r: IteratorResult<unknown, unknown>;
    try {
      r = isThrow ? this.js.throw(v) : this.js.next(v);
    } catch (x) {
      this.done = true;
      throw PyCoroutine.toModel(x);
    } finally {
      this.running = false;
      PyCoroutine.current = outer;
    }
    if (r.done) this.done = true;
    return r;
  }
  /** `__name__`, `__qualname__` and the `cr_*` attributes (the frame has its code, no line or locals). */
  $attr(name: string): unknown {
    switch (name) {
      case '__name__':
        return this.name;
      case '__qualname__':
        return this.qualname;
      case 'cr_running':
        return this.running;
      case 'cr_suspended':
        return this.started && !this.running && !this.done;
      case 'cr_await':
        return this.started && !this.running && !this.done ? this.aw : null;
      case 'cr_code':
        return codeObject(this.name, this.qualname);
      case 'cr_frame':
        if (this.done) return null;
        this.frame ??= frameObject(this.name, this.qualname);
        return this.frame;
    }
    return undefined;
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
  if (c.done || !c.started) {
    c.done = true;
    return null;
  }
  try {
    const r = c.throw(makeExc(GeneratorExit, []));
    if (!r.done) throw pyErr(RuntimeError, 'coroutine ignored GeneratorExit');
  } catch (e) {
    if (!(e instanceof PyExc && isSubtype(e.cls, GeneratorExit))) throw e;
  } finally {
    c.done = true;
  }
  return null;
});
/** `send`/`throw` by hand: what the coroutine yields, StopIteration with its return value at the end. */
function resumed(r: IteratorResult<unknown, unknown>): unknown {
  if (r.done) throw makeExc(StopIteration, r.value === null || r.value === undefined ? [] : [r.value]);
  return r.value;
}
def(coroutineType, 'send', (c: PyCoroutine, v: unknown) => {
  if (!c.started && v !== null) throw typeError("can't send non-None value to a just-started coroutine");
  return resumed(c.next(v));
});
def(coroutineType, 'throw', (c: PyCoroutine, t: unknown, v?: unknown) => {
  const e = t instanceof PyType ? callSync(t, v === undefined || v === null ? [] : [v]) : t;
  return resumed(c.throw(e));
});

/** What `await x` delegates to. */
function awaitable(x: unknown): Iterable<unknown, unknown, unknown> {
  const cur = PyCoroutine.current;
  if (cur !== null) cur.aw = x;
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
  return yield* awaitable(asyncWith(yield* callG(f, [m], null, null), '__aenter__'));
}
/** What `async with` awaits must be awaitable, or CPython names the method that returned it. */
function asyncWith(x: unknown, method: string): unknown {
  if (x instanceof PyCoroutine) return x;
  if (x !== null && typeof x === 'object' && typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function') return x;
  throw typeError(`'async with' received an object from ${method} that does not implement __await__: ${typeName(x)}`);
}
/** `async with`'s exit: awaits `type(m).__aexit__(m, t, v, tb)`. */
function* aexit(m: unknown, t: unknown, v: unknown, tb: unknown): Blocking<unknown> {
  const f = lookup(typeOf(m), '__aexit__');
  return yield* awaitable(asyncWith(yield* callG(f, [m, t, v, tb], null, null), '__aexit__'));
}

RT.$Coro = PyCoroutine;
RT.$await = awaitable;
RT.$aenter = aenter;
RT.$aexit = aexit;

// ---- asynchronous iteration: `async for`, async generators, aiter/anext -----------------------

/** `async for`'s start: `type(x).__aiter__(x)`. */
function aiter(x: unknown): unknown {
  const f = lookup(typeOf(x), '__aiter__');
  if (f === undefined) throw typeError(`'async for' requires an object with __aiter__ method, got ${typeName(x)}`);
  const it = callSync(f, [x]);
  if (lookup(typeOf(it), '__anext__') === undefined) {
    throw typeError(`'async for' received an object from __aiter__ that does not implement __anext__: ${typeName(it)}`);
  }
  return it;
}

/** `async for`'s step: awaits `type(it).__anext__(it)`; STOP at StopAsyncIteration. */
function* anext(it: unknown): Blocking<unknown> {
  const f = lookup(typeOf(it), '__anext__');
  if (f === undefined) throw typeError(`'${typeName(it)}' object is not an async iterator`);
  try {
    return yield* awaitable(yield* callG(f, [it], null, null));
  } catch (e) {
    if (e instanceof PyExc && isSubtype(e.cls, StopAsyncIteration)) return STOP;
    throw e;
  }
}

/** A value an async generator's `yield` hands to its `__anext__` (its awaits go up to the task). */
class AYield {
  constructor(readonly v: unknown) {}
}

export const asyncGeneratorType = mkType('async_generator', 'builtins');

/**
 * What calling an `async def` with `yield` in it returns. Its body is one JavaScript
 * generator: a Python `yield v` comes out as an AYield, which ends the pending
 * `__anext__()`/`asend()` awaitable with v; anything else it yields is an await's (a future,
 * the kernel's token) and goes on up to the task.
 */
export class PyAsyncGenerator {
  done = false;
  started = false;
  running = false;
  constructor(
    readonly js: Blocking<unknown>,
    readonly name: string,
    readonly qualname: string,
  ) {}

  /**
   * Drives the generator's body from `r` until it ends or yields a value (an `AYield`),
   * passing what it awaits to the caller and the results or errors back in.
   */
  *#untilYield(r: IteratorResult<unknown, unknown>): Blocking<IteratorResult<unknown, unknown>> {
    for (;;) {
      if (r.done || r.value instanceof AYield) return r;
      let back: unknown;
      try {
        back = yield r.value as never;
      } catch (e) {
        r = this.js.throw(e);
        continue;
      }
      r = this.js.next(back);
    }
  }

  /** The awaitable of `__anext__()` (`kind` next, sending `v`) or `athrow(v)`. */
  *step(kind: 'next' | 'throw', v: unknown): Blocking<unknown> {
    if (this.done) {
      if (kind === 'throw') throw v;
      throw makeExc(StopAsyncIteration, []);
    }
    if (this.running) throw pyErr(RuntimeError, 'anext(): asynchronous generator is already running');
    if (kind === 'next' && !this.started && v !== null) {
      throw typeError("can't send non-None value to a just-started async generator");
    }
    this.running = true;
    this.started = true;
    try {
      const r = yield* this.#untilYield(kind === 'throw' ? this.js.throw(v) : this.js.next(v));
      if (r.done) throw makeExc(StopAsyncIteration, []);
      return (r.value as AYield).v;
    } catch (e) {
      this.done = true;
      if (
        e instanceof PyExc &&
        (isSubtype(e.cls, StopIteration) || isSubtype(e.cls, StopAsyncIteration)) &&
        e.tb.length > 0
      ) {
        const err = pyErr(RuntimeError, `async generator raised ${e.cls.name}`);
        err.cause = e;
        err.context = e;
        throw err;
      }
      throw e;
    } finally {
      this.running = false;
    }
  }

  /** `aclose()`: GeneratorExit at the suspended yield; its finally blocks may await. */
  *close(): Blocking<unknown> {
    if (this.done || !this.started) {
      this.done = true;
      return null;
    }
    this.running = true;
    try {
      const r = yield* this.#untilYield(this.js.throw(makeExc(GeneratorExit, [])));
      if (r.done) return null;
      throw pyErr(RuntimeError, 'async generator ignored GeneratorExit');
    } catch (e) {
      if (e instanceof PyExc && (isSubtype(e.cls, GeneratorExit) || isSubtype(e.cls, StopAsyncIteration))) return null;
      throw e;
    } finally {
      this.done = true;
      this.running = false;
    }
  }

  /** `__name__`, `__qualname__` and the `ag_*` attributes. */
  $attr(name: string): unknown {
    switch (name) {
      case '__name__':
        return this.name;
      case '__qualname__':
        return this.qualname;
      case 'ag_running':
        return this.running;
      case 'ag_frame':
        return this.done ? null : undefined;
    }
    return undefined;
  }
}
setPyType(PyAsyncGenerator.prototype, asyncGeneratorType);
def(asyncGeneratorType, '__repr__', (g: PyAsyncGenerator) => `<async_generator object ${g.qualname}>`);
def(asyncGeneratorType, '__aiter__', (g: PyAsyncGenerator) => g);
def(asyncGeneratorType, '__anext__', (g: PyAsyncGenerator) => g.step('next', null));
def(asyncGeneratorType, 'asend', (g: PyAsyncGenerator, v: unknown) => g.step('next', v));
def(asyncGeneratorType, 'athrow', (g: PyAsyncGenerator, t: unknown, v?: unknown) => {
  const e = t instanceof PyType ? callSync(t, v === undefined || v === null ? [] : [v]) : t;
  return g.step('throw', e);
});
def(asyncGeneratorType, 'aclose', (g: PyAsyncGenerator) => g.close());

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

RT.$aiter = aiter;
RT.$anext = anext;
RT.$AGen = PyAsyncGenerator;
RT.$ayield = (v: unknown) => new AYield(v);
