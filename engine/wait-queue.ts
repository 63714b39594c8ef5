/**
 * A FIFO of fibers blocked on one object. Models build every blocking primitive on wait
 * queues; a queue may name who holds the object it guards, which is what lets the kernel
 * report a deadlock as a wait-for cycle.
 *
 * A doubly-linked list threaded through the fibers themselves (`wqPrev`, `wqNext`): a
 * fiber waits on at most one queue (`Fiber.wq`), so every operation — append, put back
 * at the head, take the first, remove from the middle (a timeout, an interrupt) — is O(1)
 * and allocates nothing. `fibers` copies the queue out, for reports and tests.
 */
import { UsageError } from './errors.ts';
import type { Fiber } from './fiber.ts';

/** The object a queue belongs to, when it names itself and its holders (a Lock). */
export interface WaitOwner {
  readonly label: string;
  /** Who currently holds the object, for deadlock reports. */
  holders(): readonly Fiber[];
}

const NOBODY: readonly Fiber[] = [];

/**
 * A FIFO of fibers blocked on one object; it may name who holds the object, which lets the kernel
 * report a deadlock as a wait-for cycle.
 */
export class WaitQueue {
  /** Who currently holds the object, if it has owners (overrides the owner's `holders`). */
  holders: (() => readonly Fiber[]) | null;
  readonly #owner: string | WaitOwner;
  #head: Fiber | null = null;
  #tail: Fiber | null = null;
  #n = 0;

  /**
   * @param owner the label naming the object in traces and deadlock reports (`Lock-2`), or
   *   the object itself, which gives its label and holders (no closure per queue).
   * @param holders who currently holds the object, if it has owners.
   */
  constructor(owner: string | WaitOwner, holders: (() => readonly Fiber[]) | null = null) {
    this.#owner = owner;
    this.holders = holders;
  }

  get label(): string {
    const o = this.#owner;
    return typeof o === 'string' ? o : o.label;
  }

  /** Who holds the object now (empty when nobody, or when the queue does not know). */
  currentHolders(): readonly Fiber[] {
    if (this.holders !== null) return this.holders();
    const o = this.#owner;
    return typeof o === 'string' ? NOBODY : o.holders();
  }

  get length(): number {
    return this.#n;
  }

  /** The fiber that has waited longest, or null. */
  get first(): Fiber | null {
    return this.#head;
  }

  /** The waiting fibers, first to last (a copy). */
  get fibers(): Fiber[] {
    const out: Fiber[] = [];
    for (let f = this.#head; f !== null; f = f.wqNext) out.push(f);
    return out;
  }

  /** Appends `f`, which must wait on no queue; sets `f.wq`. */
  push(f: Fiber): void {
    this.#link(f);
    const t = this.#tail;
    f.wqPrev = t;
    if (t === null) this.#head = f;
    else t.wqNext = f;
    this.#tail = f;
  }

  /** Puts `f`, which must wait on no queue, at the head (a woken waiter that lost a race). */
  unshift(f: Fiber): void {
    this.#link(f);
    const h = this.#head;
    f.wqNext = h;
    if (h === null) this.#tail = f;
    else h.wqPrev = f;
    this.#head = f;
  }

  /** Takes `f` off this queue and clears `f.wq`; false if it was not on it. */
  remove(f: Fiber): boolean {
    if (f.wq !== this) return false;
    const p = f.wqPrev;
    const n = f.wqNext;
    if (p === null) this.#head = n;
    else p.wqNext = n;
    if (n === null) this.#tail = p;
    else n.wqPrev = p;
    f.wqPrev = null;
    f.wqNext = null;
    f.wq = null;
    this.#n--;
    return true;
  }

  #link(f: Fiber): void {
    if (f.wq !== null) throw new UsageError(`${f.name} already waits on ${f.wq.label}`);
    f.wq = this;
    this.#n++;
  }
}
