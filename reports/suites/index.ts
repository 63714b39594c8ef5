/** The report suites, by name, in the order `concsim report --help` lists them. */
import { bugHunt } from './bug-hunt.ts';
import type { AnySuite } from './suite.ts';

export const SUITES: readonly AnySuite[] = [bugHunt];

export function findSuite(name: string): AnySuite | undefined {
  return SUITES.find((s) => s.name === name);
}
