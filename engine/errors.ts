/**
 * Errors raised by the kernel itself, as opposed to the Python-mirroring errors of the
 * models. A `UsageError` means the simulated program used concsim wrongly (for example a
 * blocking call made without `yield*`); it ends the run with an `exception` verdict.
 */

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown when model code that needs a running simulation is called outside one. */
export class NoKernelError extends Error {
  override name = 'NoKernelError';
  constructor(what: string) {
    super(`${what} needs a running simulation: call it from a scenario's main or from a thread it started`);
  }
}
