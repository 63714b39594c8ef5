/**
 * The kernel's pending wake-ups: a flat binary heap ordered by (time, sequence).
 *
 * Struct-of-arrays, with no allocation per event. The sequence number makes the order
 * total; it only decides which entry is *popped* first. Which thread *runs* first among
 * those due at the same instant is a scheduling decision taken by the strategy, not by
 * this queue.
 */

/** What a queue entry does when it comes due. */
export const EntryKind = {
  /** Wake a sleeping fiber. */
  Sleep: 0,
  /** Time out a fiber blocked on a wait queue. */
  Timeout: 1,
  /** End a fiber's CPU slice. */
  Cpu: 2,
  /** Call a kernel-level callback (no fiber). */
  Callback: 3,
} as const;
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];

export class EventQueue<T> {
  private times: number[] = [];
  private seqs: number[] = [];
  private kinds: number[] = [];
  private targets: T[] = [];
  private tokens: number[] = [];
  private n = 0;
  private nextSeq = 0;

  /** Fields of the entry last returned by `pop`. */
  time = 0;
  kind = 0;
  target!: T;
  token = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the earliest entry; only meaningful when `size > 0`. */
  peekTime(): number {
    return this.times[0] as number;
  }

  push(time: number, kind: EntryKind, target: T, token: number): void {
    let i = this.n++;
    const seq = this.nextSeq++;
    const { times, seqs, kinds, targets, tokens } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (seqs[p] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      kinds[i] = kinds[p] as number;
      targets[i] = targets[p] as T;
      tokens[i] = tokens[p] as number;
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    kinds[i] = kind;
    targets[i] = target;
    tokens[i] = token;
  }

  /** Removes the earliest entry and exposes it through `time`, `kind`, `target`, `token`. */
  pop(): void {
    const { times, seqs, kinds, targets, tokens } = this;
    this.time = times[0] as number;
    this.kind = kinds[0] as number;
    this.target = targets[0] as T;
    this.token = tokens[0] as number;
    const last = --this.n;
    const lt = times[last] as number;
    const ls = seqs[last] as number;
    const lk = kinds[last] as number;
    const lg = targets[last] as T;
    const lo = tokens[last] as number;
    targets[last] = undefined as T; // let the target be collected
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (
        r < last &&
        ((times[r] as number) < (times[c] as number) ||
          ((times[r] as number) === (times[c] as number) && (seqs[r] as number) < (seqs[c] as number)))
      ) {
        c = r;
      }
      const ct = times[c] as number;
      if (lt < ct || (lt === ct && ls < (seqs[c] as number))) break;
      times[i] = ct;
      seqs[i] = seqs[c] as number;
      kinds[i] = kinds[c] as number;
      targets[i] = targets[c] as T;
      tokens[i] = tokens[c] as number;
      i = c;
    }
    if (last > 0) {
      times[i] = lt;
      seqs[i] = ls;
      kinds[i] = lk;
      targets[i] = lg;
      tokens[i] = lo;
    }
  }
}
