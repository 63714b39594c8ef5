/**
 * The run queue: the runnable fibers, in the order they became runnable, which is the
 * order a strategy sees them in (`fifo` picks index 0).
 *
 * A ring buffer with a power-of-two capacity: `push` is O(1), and `removeAt(i)` shifts
 * whichever side of `i` is shorter, so taking the first or the last entry — what `fifo`
 * and a fiber alone in the queue do — is O(1), and any other index costs at most half the
 * queue. An array's `splice(0, 1)` would make spawning 10^5 threads, or waking 10^4
 * waiters at once, quadratic.
 */
export class RunQueue<T> {
  private buf: (T | undefined)[];
  private mask: number;
  private head = 0;
  private n = 0;

  constructor(capacity = 16) {
    let c = 4;
    while (c < capacity) c *= 2;
    this.buf = slots(c);
    this.mask = c - 1;
  }

  get length(): number {
    return this.n;
  }

  /** The entry at index `i` (0 ≤ i < length): the `i`-th to have become runnable. */
  at(i: number): T {
    return this.buf[(this.head + i) & this.mask] as T;
  }

  push(x: T): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) & this.mask] = x;
    this.n++;
  }

  /** Removes and returns the entry at index `i` (0 ≤ i < length), keeping the others' order. */
  removeAt(i: number): T {
    const buf = this.buf;
    const mask = this.mask;
    const head = this.head;
    const n = this.n;
    const x = buf[(head + i) & mask] as T;
    if (i < n - 1 - i) {
      // Fewer entries before i: move them one place towards the tail.
      for (let j = i; j > 0; j--) buf[(head + j) & mask] = buf[(head + j - 1) & mask];
      buf[head] = undefined;
      this.head = (head + 1) & mask;
    } else {
      for (let j = i; j < n - 1; j++) buf[(head + j) & mask] = buf[(head + j + 1) & mask];
      buf[(head + n - 1) & mask] = undefined;
    }
    this.n = n - 1;
    return x;
  }

  /** Index of `x`, or -1. */
  indexOf(x: T): number {
    for (let i = 0; i < this.n; i++) if (this.buf[(this.head + i) & this.mask] === x) return i;
    return -1;
  }

  private grow(): void {
    const old = this.buf;
    const n = this.n;
    const buf = slots<T>(old.length * 2);
    for (let i = 0; i < n; i++) buf[i] = old[(this.head + i) & this.mask];
    this.buf = buf;
    this.mask = buf.length - 1;
    this.head = 0;
  }
}

/** `n` empty slots, as a packed array (V8 keeps a holey one slower for good). */
function slots<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
