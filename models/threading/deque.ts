/**
 * A FIFO with O(1) append and pop from the front, for what CPython keeps in a
 * `collections.deque` (`Condition._waiters`, a `queue.Queue`'s items). An array and a head index: popped
 * slots are cleared at once, and the array is compacted when the head passes half of it,
 * so memory stays proportional to the live entries.
 */
export class Deque<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  /** The first entry, or undefined when empty. */
  peek(): T | undefined {
    return this.#items[this.#head];
  }

  push(x: T): void {
    this.#items.push(x);
  }

  /** Removes and returns the first entry (undefined when empty). */
  shift(): T | undefined {
    const items = this.#items;
    const h = this.#head;
    if (h === items.length) return undefined;
    const x = items[h];
    items[h] = undefined;
    if (h + 1 === items.length) {
      items.length = 0;
      this.#head = 0;
    } else if (2 * (h + 1) > items.length && h >= 15) {
      items.splice(0, h + 1);
      this.#head = 0;
    } else {
      this.#head = h + 1;
    }
    return x;
  }

  /** The entries, first to last (a copy). */
  toArray(): T[] {
    return this.#items.slice(this.#head) as T[];
  }

  /** Removes the first occurrence of `x` (Python's `deque.remove`); false if absent. */
  remove(x: T): boolean {
    const i = this.#items.indexOf(x, this.#head);
    if (i < 0) return false;
    if (i === this.#head) this.shift();
    else this.#items.splice(i, 1);
    return true;
  }
}
