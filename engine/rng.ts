/**
 * The run's only source of randomness: seedrandom's Alea generator, seeded from the run's
 * seed and a stream name, so the schedule and the scenario draw from independent streams
 * and replaying a schedule leaves the scenario's own draws unchanged.
 */
import seedrandom from 'seedrandom';

/** A seeded random stream: `next()` in [0, 1), `int(n)` in [0, n); the scenario's is `ctx.rng`. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

/**
 * A random stream seeded by the run's seed and a stream name (seedrandom's Alea), so streams are
 * independent.
 */
export function makeRng(seed: string | number, stream: string): Rng {
  return new AleaRng(seedrandom.alea(`${seed}/${stream}`));
}

/** A class rather than an object of closures: a check makes one or two of these per run. */
class AleaRng implements Rng {
  readonly #g: () => number;
  constructor(g: () => number) {
    this.#g = g;
  }
  next(): number {
    return this.#g();
  }
  int(n: number): number {
    return Math.floor(this.#g() * n);
  }
  uniform(lo: number, hi: number): number {
    return lo + this.#g() * (hi - lo);
  }
}
