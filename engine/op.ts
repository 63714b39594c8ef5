/**
 * A blocking operation, driven with `yield*`. Wrapping each call lets the kernel notice
 * an operation that was created but never driven (`lock.acquire()` without `yield*`),
 * which a bare generator would silently drop, and name the call in the error.
 */
import { activeKernel } from './context.ts';
import { UsageError } from './errors.ts';

export class Op<T> implements Iterable<unknown, T, unknown> {
  constructor(
    /** What the user called, for error messages: `Lock.acquire()`. */
    readonly label: string,
    private readonly gen: Generator<unknown, T, unknown>,
  ) {
    const k = activeKernel();
    if (k !== null) {
      if (k.undriven !== null) throw undrivenError(k.undriven.label);
      k.undriven = this;
    }
  }

  [Symbol.iterator](): Generator<unknown, T, unknown> {
    const k = activeKernel();
    if (k !== null && k.undriven === this) k.undriven = null;
    return this.gen;
  }
}

/** Builds an `Op` from a label and the generator that implements it. */
export function op<T>(label: string, gen: Generator<unknown, T, unknown>): Op<T> {
  return new Op(label, gen);
}

export function undrivenError(label: string): UsageError {
  const call = label.charAt(0).toLowerCase() + label.slice(1);
  return new UsageError(`${label} was called without yield*, so it never ran: write \`yield* ${call}\``);
}
