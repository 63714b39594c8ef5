/**
 * A FIFO of fibers blocked on one object. Models build every blocking primitive on wait
 * queues; a queue may name who holds the object it guards, which is what lets the kernel
 * report a deadlock as a wait-for cycle.
 */
import type { Fiber } from './fiber.ts';

export class WaitQueue {
  readonly fibers: Fiber[] = [];

  /**
   * @param label names the object in traces and deadlock reports (`Lock-2`).
   * @param holders who currently holds the object, if it has owners.
   */
  constructor(
    readonly label: string,
    public holders: (() => readonly Fiber[]) | null = null,
  ) {}

  get length(): number {
    return this.fibers.length;
  }

  remove(f: Fiber): boolean {
    const i = this.fibers.indexOf(f);
    if (i < 0) return false;
    this.fibers.splice(i, 1);
    return true;
  }
}
