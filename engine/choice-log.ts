/**
 * The choices a run has made: at each scheduling decision (a step with more than one
 * fiber runnable), the index the strategy picked. A run is replayed from this list, and
 * a failing one is shrunk over it; choices.ts gives its text form.
 *
 * A growable typed array, since a run can make millions of decisions.
 */
export class ChoiceLog {
  #buf = new Uint32Array(16);
  #n = 0;
  /** The last copy handed out by `choices`, reused until the next decision. */
  #copy: number[] = [];

  /** Decisions so far. */
  get length(): number {
    return this.#n;
  }

  record(choice: number): void {
    if (this.#n === this.#buf.length) {
      const b = new Uint32Array(this.#buf.length * 2);
      b.set(this.#buf);
      this.#buf = b;
    }
    this.#buf[this.#n++] = choice;
  }

  /** The choices so far, as a plain array (a copy). */
  get choices(): readonly number[] {
    if (this.#copy.length !== this.#n) this.#copy = Array.from(this.#buf.subarray(0, this.#n));
    return this.#copy;
  }
}
