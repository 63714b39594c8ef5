/**
 * Finding the scenario a command names: a built-in name, or a path to a user's file that
 * default-exports (or exports) a scenario made with `defineScenario`.
 */
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { importScenario, looksLikePath, type ScenarioRef } from '../runner/load.ts';
import type { Preempt } from '../runner/python.ts';
import type { AnyScenario } from '../runner/scenario.ts';
import { BUILTIN_SCENARIOS, findScenario } from '../scenarios/index.ts';
import { UsageFailure } from './usage.ts';

/** `.ts` when running from the sources (tsx or vitest already compile), `.js` compiled (dist/). */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The module that exports the built-in scenarios (how campaign workers find one by name). */
const BUILTINS = fileURLToPath(new URL(`../scenarios/index${EXT}`, import.meta.url));

let loaders = EXT === '.ts';

/**
 * Compiled, concsim itself needs no TypeScript loader, so tsx is registered only when a
 * user's file is to be imported (once per thread: loader hooks are per thread), with the
 * resolver that maps 'concsim' in that file to this package.
 */
export async function ensureLoaders(): Promise<void> {
  if (loaders) return;
  loaders = true;
  (await import('tsx/esm/api')).register();
  register('../runner/resolve-concsim.js', import.meta.url);
}

export interface Loaded {
  readonly scenario: AnyScenario;
  /** The file path for a user's scenario (used in replay commands). */
  readonly source?: string;
  /** Where worker threads find the scenario again. */
  readonly ref: ScenarioRef;
}

/** `preempt`: a `.py` file's preemption mode (runner/python.ts). */
export async function loadScenario(target: string, preempt?: Preempt): Promise<Loaded> {
  if (!looksLikePath(target)) {
    const s = findScenario(target);
    if (s === undefined) {
      throw new UsageFailure(
        `unknown scenario '${target}': built-in scenarios are ${BUILTIN_SCENARIOS.map((x) => x.name).join(', ')} (or give a path to a .ts file)`,
      );
    }
    return { scenario: s, ref: { file: BUILTINS, name: s.name } };
  }
  const ref = { file: target, ...(preempt === undefined || !target.endsWith('.py') ? {} : { preempt }) };
  if (!target.endsWith('.py')) await ensureLoaders();
  return { scenario: await importScenario(ref), source: target, ref };
}
