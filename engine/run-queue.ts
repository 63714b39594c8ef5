/**
 * The run queue: the runnable fibers, in the order they became runnable, which is the
 * order a strategy sees them in (`fifo` picks index 0).
 *
 * Entries sit in a slot array in push order, and a removed entry leaves a hole. The first
 * and last entries, and a scan in order (`pct` reads them all), are found directly; any
 * other index by counting live slots — by a scan while the occupied span is short, else
 * through a Fenwick tree over the slots, built when first needed, so that the `i`-th entry
 * is found and removed in O(log n) wherever it is. `random` picks a uniform index: with a
 * ring buffer that shifted the entries after it, a scenario starting 10^5 threads spent
 * quadratic time here (40 s; 10^6 did not finish), while the short queues of a check's
 * runs never pay for the tree. When the slots run out, the live entries are compacted to
 * the front of slots at least twice their number, so pushes stay amortised O(1).
 */

/** Occupied slots beyond which an index is found through the tree rather than by a scan. */
const SCAN_LIMIT = 256;

export class RunQueue<T> {
  private slots: (T | undefined)[];
  /** Fenwick tree (1-based) over the slots, counting live entries; null until a long span needs it. */
  private tree: Int32Array | null = null;
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
    if (this.tree !== null) add(this.tree, p, 1);
    this.n++;
  }

  /** Removes and returns the entry at index `i` (0 ≤ i < length), keeping the others' order. */
  removeAt(i: number): T {
    const p = this.slotOf(i);
    const slots = this.slots;
    const x = slots[p] as T;
    slots[p] = undefined;
    if (this.tree !== null) add(this.tree, p, -1);
    this.lastIndex = -1;
    if (--this.n === 0) {
      // Nothing left: start over at slot 0, without a tree.
      this.lo = 0;
      this.hi = 0;
      this.tree = null;
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
    } else if (this.hi - this.lo <= SCAN_LIMIT) {
      p = this.lo;
      for (let k = i; ; p++) if (this.slots[p] !== undefined && k-- === 0) break;
    } else p = find(this.tree ?? this.buildTree(), i + 1);
    this.lastIndex = i;
    this.lastSlot = p;
    return p;
  }

  /** The tree over the current slots: linear, as every live slot counts one. */
  private buildTree(): Int32Array {
    const c = this.slots.length;
    const tree = new Int32Array(c + 1);
    for (let x = 1; x <= c; x++) {
      if (this.slots[x - 1] !== undefined) tree[x] = (tree[x] as number) + 1;
      const up = x + (x & -x);
      if (up <= c) tree[up] = (tree[up] as number) + (tree[x] as number);
    }
    this.tree = tree;
    return tree;
  }

  /** Moves the live entries to the front of slots at least twice as many as them (and 16). */
  private compact(): void {
    let c = 16;
    while (c < 2 * (this.n + 1)) c *= 2;
    const old = this.slots;
    const slots = c === old.length ? old : holes<T>(c);
    let j = 0;
    for (let p = this.lo; p < this.hi; p++) {
      const x = old[p];
      if (x !== undefined) slots[j++] = x;
    }
    for (let p = j; p < Math.min(c, this.hi); p++) slots[p] = undefined;
    this.slots = slots;
    this.lo = 0;
    this.hi = j;
    this.lastIndex = -1;
    if (this.tree !== null) {
      this.tree = null;
      if (j > SCAN_LIMIT) this.buildTree();
    }
  }
}

function add(tree: Int32Array, p: number, d: number): void {
  for (let x = p + 1; x < tree.length; x += x & -x) tree[x] = (tree[x] as number) + d;
}

/** The slot of the k-th live entry (1-based): a descent through the tree. */
function find(tree: Int32Array, k: number): number {
  const size = tree.length - 1;
  let pos = 0;
  for (let step = size; step > 0; step >>= 1) {
    const next = pos + step;
    if (next <= size && (tree[next] as number) < k) {
      pos = next;
      k -= tree[next] as number;
    }
  }
  return pos;
}

/** `n` empty slots, as a packed array (V8 keeps a holey one slower for good). */
function holes<T>(n: number): (T | undefined)[] {
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
