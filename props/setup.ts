/**
 * fast-check's global settings for property tests. CI pins FC_SEED so a red run is always
 * reproducible; locally the seed is random, which explores more. Every failure prints
 * the seed and path that replay it (`FC_SEED=<seed> npx vitest run props/<file>`).
 */
import fc from 'fast-check';

const seed = process.env['FC_SEED'];
const numRuns = process.env['FC_NUM_RUNS'];
fc.configureGlobal({
  numRuns: numRuns === undefined ? 100 : Number(numRuns),
  ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
});
