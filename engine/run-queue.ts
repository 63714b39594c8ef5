/**
 * The run queue: the runnable fibers, in the order they became runnable, which is the
 * order a strategy sees them in (`fifo` picks index 0).
 *
 * Entries sit in a slot array in push order; a removed entry leaves a hole, and a Fenwick
 * tree over the slots counts the live ones, so the `i`-th entry is found and removed in
 * O(log n) wherever it is. `random` picks a uniform index: with a ring buffer that shifted
 * the entries after it, a scenario starting 10^5 threads spent quadratic time here (40 s;
 * 10^6 did not finish). The first and last entries and a scan in order (`pct` reads them
 * all) skip the tree. When the slots run out, the live entries are compacted to the front
 * of slots at least twice their number, so pushes stay amortised O(1).
 */
export class RunQueue<T> {
  private slots: (T | undefined)[];
  /** Fenwick tree (1-based) over the slots: live entries per range. */
  private tree: Int32Array;
  /** Live entries lie in [lo, hi); slots[lo] and slots[hi - 1] are live whenever n > 0. */
  private lo = 0;
  private hi = 0;
  private n = 0;
  /** The slot of the index last read by `at`, so that reading i + 1 next scans on from it. */
  private lastIndex = -1;
  private lastSlot = 0;

  constructor(capacity = 16) {
    let c = 16;
    while (c < capacity) c *= 2;
    this.slots = holes(c);
    this.tree = new Int32Array(c + 1);
  }

  get length(): number {
    return this.n;
  }

  /** The entry at index `i` (0 ≤ i < length): the `i`-th to have become runnable. */
  at(i: number): T {
    return this.slots[this.slotOf(i)] as T;
  }

  push(x: T): void {
    if (this.hi === this.slots.length) this.compact();
    const p = this.hi++;
    this.slots[p] = x;
    this.add(p, 1);
    this.n++;
  }

  /** Removes and returns the entry at index `i` (0 ≤ i < length), keeping the others' order. */
  removeAt(i: number): T {
    const p = this.slotOf(i);
    const slots = this.slots;
    const x = slots[p] as T;
    slots[p] = undefined;
    this.add(p, -1);
    this.lastIndex = -1;
    if (--this.n === 0) {
      // Every count is zero again: start over at slot 0.
      this.lo = 0;
      this.hi = 0;
    } else {
      while (slots[this.lo] === undefined) this.lo++;
      while (slots[this.hi - 1] === undefined) this.hi--;
    }
    return x;
  }

  /** Index of `x`, or -1. */
  indexOf(x: T): number {
    let i = 0;
    for (let p = this.lo; p < this.hi; p++) {
      const s = this.slots[p];
      if (s === x) return i;
      if (s !== undefined) i++;
    }
    return -1;
  }

  private slotOf(i: number): number {
    let p: number;
    if (i === 0) p = this.lo;
    else if (i === this.n - 1) p = this.hi - 1;
    else if (i === this.lastIndex + 1) {
      p = this.lastSlot + 1;
      while (this.slots[p] === undefined) p++;
    } else p = this.find(i + 1);
    this.lastIndex = i;
    this.lastSlot = p;
    return p;
  }

  private add(p: number, d: number): void {
    const t = this.tree;
    for (let x = p + 1; x < t.length; x += x & -x) t[x] = (t[x] as number) + d;
  }

  /** The slot of the k-th live entry (1-based): a descent through the tree. */
  private find(k: number): number {
    const t = this.tree;
    const size = t.length - 1;
    let pos = 0;
    for (let step = size; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= size && (t[next] as number) < k) {
        pos = next;
        k -= t[next] as number;
      }
    }
    return pos;
  }

  /** Moves the live entries to the front of slots at least twice as many as them (and 16). */
  private compact(): void {
    let c = 16;
    while (c < 2 * (this.n + 1)) c *= 2;
    const old = this.slots;
    const slots = c === old.length ? old : holes<T>(c);
    const tree = new Int32Array(c + 1);
    let j = 0;
    for (let p = this.lo; p < this.hi; p++) {
      const x = old[p];
      if (x !== undefined) slots[j++] = x;
    }
    for (let p = j; p < Math.min(c, this.hi); p++) slots[p] = undefined;
    // Linear Fenwick build: every slot below j holds one live entry.
    for (let x = 1; x <= c; x++) {
      if (x <= j) tree[x] = (tree[x] as number) + 1;
      const up = x + (x & -x);
      if (up <= c) tree[up] = (tree[up] as number) + (tree[x] as number);
    }
    this.slots = slots;
    this.tree = tree;
    this.lo = 0;
    this.hi = j;
    this.lastIndex = -1;
  }
}

/** `n` empty slots, as a packed array (V8 keeps a holey one slower for good). */
function holes<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
