/**
 * `concurrent.futures`' exception classes, with CPython 3.11's hierarchy: `Error` (here
 * `FuturesError`, as JavaScript has its own `Error`) is the base of `CancelledError` and
 * `InvalidStateError`; `BrokenExecutor` is a RuntimeError and `BrokenThreadPool` and
 * `BrokenProcessPool` are its kinds. `TimeoutError` is the built-in one, as
 * `concurrent.futures.TimeoutError` is an alias of it since 3.11. `RemoteTraceback` is
 * `concurrent.futures.process._RemoteTraceback`, the `__cause__` (here `cause`) of an
 * exception re-raised from a worker process.
 */
import { RuntimeError } from '../errors.ts';

export { TimeoutError } from '../errors.ts';

/** `concurrent.futures.Error`, the base of the futures' own exceptions. */
export class FuturesError extends Error {
  override name = 'Error';
}

/** `concurrent.futures.CancelledError`: the future was cancelled [FUT-2]. */
export class CancelledError extends FuturesError {
  override name = 'CancelledError';
}

/** `concurrent.futures.InvalidStateError`: the operation is not allowed in this state [FUT-9]. */
export class InvalidStateError extends FuturesError {
  override name = 'InvalidStateError';
}

/** `concurrent.futures.BrokenExecutor`: an executor became non-functional after a severe failure. */
export class BrokenExecutor extends RuntimeError {
  override name = 'BrokenExecutor';
}

/** `concurrent.futures.thread.BrokenThreadPool`: a worker's initializer failed [TPE-10]. */
export class BrokenThreadPool extends BrokenExecutor {
  override name = 'BrokenThreadPool';
}

/**
 * `concurrent.futures.process.BrokenProcessPool`: a worker process ended abruptly (or its
 * initializer failed), so every running and pending future fails with it and later
 * submits raise it [PPE-9].
 */
export class BrokenProcessPool extends BrokenExecutor {
  override name = 'BrokenProcessPool';
}

/**
 * `concurrent.futures.process._RemoteTraceback`: the `cause` (Python's `__cause__`) of an
 * exception raised in a worker process and re-raised in the parent, holding the worker's
 * formatted traceback as text; `String()` of it is that text [PPE-5].
 */
export class RemoteTraceback extends Error {
  override name = '_RemoteTraceback';
  constructor(readonly tb: string) {
    super(tb);
  }
  override toString(): string {
    return this.tb;
  }
}
