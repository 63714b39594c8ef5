/**
 * Python's exception classes, as the models raise them. Names and messages follow
 * CPython 3.11, so a scenario can catch `RuntimeError` where Python code catches it.
 * JavaScript's built-in `TypeError` already plays Python's TypeError.
 */

/**
 * Builds an exception that CPython raises as ordinary control flow (`queue.Empty` from
 * `get_nowait`, `BlockingIOError` from a non-blocking socket) without a JavaScript stack
 * trace: capturing one costs more than the rest of the call (a third of a busy-polling
 * server's time), and it would show the simulator's frames, not the simulated program's.
 */
export function withoutStack<E>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Python's `RuntimeError`. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** Python's `ValueError`. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Python's built-in `TimeoutError` (also `concurrent.futures.TimeoutError` since 3.11). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** `threading.BrokenBarrierError`, a subclass of RuntimeError as in CPython. */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}

/** Python's `AssertionError`. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/**
 * Python's `BaseException`, for the classes that derive from it but not from `Exception`
 * (GeneratorExit, GreenletExit, gevent.Timeout): `except Exception:` does not catch them.
 * Every other error here extends JavaScript's `Error` directly, so `isException` tells the
 * two apart.
 */
export class BaseException extends Error {
  override name = 'BaseException';
}

/** Whether Python's `except Exception:` catches `e`: anything but a bare BaseException. */
export function isException(e: unknown): boolean {
  return !(e instanceof BaseException);
}

/** Python's `StopIteration`: a generator's `return value` travels in `value`. */
export class StopIteration extends Error {
  override name = 'StopIteration';
  constructor(readonly value: unknown = null) {
    super(value === null || value === undefined ? '' : String(value));
  }
}

/** Python's `GeneratorExit`, raised inside a generator by `close()` (a BaseException). */
export class GeneratorExit extends BaseException {
  override name = 'GeneratorExit';
}
