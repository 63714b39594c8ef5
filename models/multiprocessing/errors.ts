/**
 * The exceptions `multiprocessing` raises, under CPython 3.11's names and messages:
 * its own (`ProcessError`, `TimeoutError`, `BufferTooShort`, `AuthenticationError`,
 * `pool.RemoteTraceback`, `pool.MaybeEncodingError`) and the builtins it raises that
 * JavaScript has no counterpart for (`AssertionError`, `AttributeError`, `OSError`,
 * `BrokenPipeError`, `EOFError`, `NotImplementedError`, `SystemExit`).
 */

/** `multiprocessing.ProcessError`, the base of the package's own exceptions. */
export class ProcessError extends Error {
  override name = 'ProcessError';
}

/**
 * `multiprocessing.TimeoutError`: a ProcessError, **not** the builtin TimeoutError (nor
 * `concurrent.futures.TimeoutError`) [MPP-5]. `AsyncResult.get` raises it with no message.
 */
export class TimeoutError extends ProcessError {
  override name = 'TimeoutError';
}

/** `multiprocessing.BufferTooShort`. */
export class BufferTooShort extends ProcessError {
  override name = 'BufferTooShort';
}

/** `multiprocessing.AuthenticationError`. */
export class AuthenticationError extends ProcessError {
  override name = 'AuthenticationError';
}

/** Python's `AssertionError`: multiprocessing checks its API's use with `assert`. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Python's `AttributeError`. */
export class AttributeError extends Error {
  override name = 'AttributeError';
}

/** Python's `NotImplementedError`. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/** Python's `OSError` (a closed handle, a write-only end). */
export class OSError extends Error {
  override name = 'OSError';
}

/** Python's `BrokenPipeError` (`[Errno 32] Broken pipe`): the reading end is gone. */
export class BrokenPipeError extends OSError {
  override name = 'BrokenPipeError';
  readonly errno = 32;
  constructor(message = '[Errno 32] Broken pipe') {
    super(message);
  }
}

/** Python's `EOFError`: `recv` on a connection whose other end is closed and drained. */
export class EOFError extends Error {
  override name = 'EOFError';
}

/**
 * Python's `SystemExit`, a BaseException: what `sys.exit(code)` raises. A child process's
 * main thread that lets it escape exits with `code` (0 for null, 1 after printing a
 * non-integer one).
 */
export class SystemExit extends Error {
  override name = 'SystemExit';
  constructor(readonly code: unknown = null) {
    super(code === null || code === undefined ? '' : String(code));
  }
}

/**
 * `multiprocessing.pool.RemoteTraceback`: the `__cause__` (here `cause`) of an exception
 * re-raised in the parent, holding the worker's traceback as text [MPP-4].
 */
export class RemoteTraceback extends Error {
  override name = 'RemoteTraceback';
  constructor(readonly tb: string) {
    super(tb);
  }
  override toString(): string {
    return this.tb;
  }
}

/**
 * `multiprocessing.pool.MaybeEncodingError`: a task's result (or exception) could not be
 * pickled back to the parent; it fails the task in its place.
 */
export class MaybeEncodingError extends Error {
  override name = 'MaybeEncodingError';
  readonly exc: string;
  readonly value: string;
  constructor(exc: string, value: string) {
    super(`Error sending result: '${value}'. Reason: '${exc}'`);
    this.exc = exc;
    this.value = value;
  }
}
