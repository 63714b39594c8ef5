/**
 * `concurrent.futures`' exception classes, with CPython 3.11's hierarchy: `Error` (here
 * `FuturesError`, as JavaScript has its own `Error`) is the base of `CancelledError` and
 * `InvalidStateError`; `BrokenExecutor` is a RuntimeError and `BrokenThreadPool` one of
 * its kinds. `TimeoutError` is the built-in one, as `concurrent.futures.TimeoutError` is
 * an alias of it since 3.11.
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
