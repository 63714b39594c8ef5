/**
 * The run's only source of randomness: seedrandom's Alea generator, seeded from the run's
 * seed and a stream name, so the schedule and the scenario draw from independent streams
 * and replaying a schedule leaves the scenario's own draws unchanged.
 */
import seedrandom from 'seedrandom';

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

export function makeRng(seed: string | number, stream: string): Rng {
  const g = seedrandom.alea(`${seed}/${stream}`);
  return {
    next: () => g(),
    int: (n) => Math.floor(g() * n),
    uniform: (lo, hi) => lo + g() * (hi - lo),
  };
}
