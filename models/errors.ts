/**
 * Python's exception classes, as the models raise them. Names and messages follow
 * CPython 3.11, so a scenario can catch `RuntimeError` where Python code catches it.
 * JavaScript's built-in `TypeError` already plays Python's TypeError.
 */

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
