/**
 * A blocking operation, driven with `yield*`. Wrapping each call lets the kernel notice
 * an operation that was created but never driven (`lock.acquire()` without `yield*`),
 * which a bare generator would silently drop, and name the call in the error.
 *
 * Model operations wrap a generator (`op(label, gen)`). The kernel's own syscalls are
 * `SysOp`s instead: each is its own iterator, and one per kind is shared by every call
 * (in every kernel), with the call's arguments stored on it until it is driven. That is safe
 * because at most one operation can be created and not yet driven at a time — creating a
 * second one is the undriven-op error — and because a syscall's work is done the moment
 * it is driven: what a fiber suspended in it waits for lives in the fiber and the kernel,
 * not in the op. So a sleep costs no allocation at all.
 */
import type { Blocking } from './blocking.ts';
import { activeKernel } from './context.ts';
import { UsageError } from './errors.ts';
import type { Kernel } from './kernel.ts';

/** The value every kernel syscall yields; anything else reaching the kernel is misuse. */
export const TOKEN: unique symbol = Symbol('concsim.syscall');

/**
 * A blocking operation: `yield* op` hands it to the kernel (a scheduling point) and gives
 * back its result — every blocking call of the models (`lock.acquire()`, `sleep(1)`)
 * returns one.
 *
 * Ops are made by the million: their fields are plain properties assigned in the
 * constructor (`declare`d), which are cheaper to construct than class fields.
 */
export class Op<T> implements Iterable<unknown, T, unknown> {
  /** What the user called, for error messages: `Lock.acquire()`. */
  declare readonly label: string;
  declare private readonly gen: Blocking<T> | undefined;

  /** With no generator, the op is its own iterator (a `SysOp`) and tracks itself. */
  constructor(label: string, gen?: Blocking<T>) {
    this.label = label;
    this.gen = gen;
    if (gen !== undefined) track(activeKernel(), this);
  }

  [Symbol.iterator](): Iterator<unknown, T, unknown> {
    const k = activeKernel();
    if (k !== null && k.undriven === this) k.undriven = null;
    return this.gen as Blocking<T>;
  }
}

/** Builds an `Op` from a label and the generator that implements it. */
export function op<T>(label: string, gen: Blocking<T>): Op<T> {
  return new Op(label, gen);
}

/** Records `o` as created and not yet driven; throws if another op already is. */
export function track(k: Kernel | null, o: Op<unknown>): void {
  if (k !== null) {
    if (k.undriven !== null) throw undrivenError(k.undriven.label);
    k.undriven = o;
  }
}

export function undrivenError(label: string): UsageError {
  const call = label.charAt(0).toLowerCase() + label.slice(1);
  return new UsageError(`${label} was called without yield*, so it never ran: write \`yield* ${call}\``);
}

/** What a syscall yields to the kernel (one frozen object: yielding allocates nothing). */
export const YIELD: IteratorResult<unknown, never> = Object.freeze({ value: TOKEN, done: false });
/** A syscall's end with no value. */
export const DONE: IteratorResult<never, undefined> = Object.freeze({ value: undefined, done: true });
/** An operation's end with `true`, and with `false` (frozen: returning allocates nothing). */
export const TRUE: IteratorResult<never, boolean> = Object.freeze({ value: true, done: true });
export const FALSE: IteratorResult<never, boolean> = Object.freeze({ value: false, done: true });

/**
 * An operation that is its own iterator: a state machine instead of a generator, for the
 * hottest calls (a syscall, a lock's acquire), which then cost one small object or none,
 * and no generator to resume at each step. A subclass implements `next`; by default an
 * error thrown in passes through and `return` ends the op.
 */
export abstract class MachineOp<T> extends Op<T> implements Iterator<unknown, T, unknown> {
  override [Symbol.iterator](): this {
    const k = activeKernel();
    if (k !== null && k.undriven === this) k.undriven = null;
    return this;
  }

  abstract next(v?: unknown): IteratorResult<unknown, T>;

  throw(e: unknown): IteratorResult<unknown, T> {
    throw e;
  }

  return(v?: T): IteratorResult<unknown, T> {
    return { value: v as T, done: true };
  }
}

/**
 * A kernel syscall that is its own iterator: driving it calls `start` (which puts the
 * current fiber to sleep, parks it, makes it runnable…) and yields the token once; the
 * fiber's resumption ends it with `resumed(value)`. Behaves as
 * `function* () { start(); return resumed(yield TOKEN); }` would.
 */
export abstract class SysOp<T> extends MachineOp<T> {
  /** True between `[Symbol.iterator]()` and the `next()` that `yield*` calls at once. */
  declare private fresh: boolean;

  constructor(label: string) {
    super(label);
    this.fresh = false;
  }

  /** Records this op as the current step's undriven one (the check `op()` makes). */
  claim(k: Kernel | null): void {
    track(k, this);
  }

  override [Symbol.iterator](): this {
    // MachineOp's, inlined: every sleep and block passes here.
    const k = activeKernel();
    if (k !== null && k.undriven === this) k.undriven = null;
    this.fresh = true;
    return this;
  }

  next(v?: unknown): IteratorResult<unknown, T> {
    if (this.fresh) {
      this.fresh = false;
      this.start();
      return YIELD;
    }
    return this.resumed(v);
  }

  override throw(e: unknown): IteratorResult<unknown, T> {
    this.fresh = false;
    throw e;
  }

  override return(v?: T): IteratorResult<unknown, T> {
    this.fresh = false;
    return super.return(v);
  }

  /** The syscall itself, in the driving fiber. */
  protected abstract start(): void;

  /** The op's result once the fiber resumes with `value`. */
  protected resumed(_value: unknown): IteratorResult<unknown, T> {
    return DONE as IteratorResult<unknown, T>;
  }
}
