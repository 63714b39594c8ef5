/**
 * A model's per-run state (what CPython keeps in module globals: threading's counters,
 * concurrent.futures' worker registry), created on first use in each kernel
 * (`Kernel.local`). Kept in a slot on the kernel rather than in a `WeakMap<Kernel, …>`:
 * every weak entry is an ephemeron that the garbage collector must revisit, a real cost
 * when a check makes thousands of short runs a second.
 */
import type { Kernel } from './kernel.ts';

/** A per-run slot: `kernel.local(slot)` gives this run's value, made by `create` on first use. */
export class RunLocal<T> {
  static #count = 0;
  /** The slot in each kernel's `locals`. */
  readonly slot = RunLocal.#count++;
  constructor(readonly create: (k: Kernel) => T) {}
}
