/**
 * Finding the scenario a command names: a built-in name, or a path to a user's file that
 * default-exports (or exports) a scenario made with `defineScenario`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILTIN_SCENARIOS, findScenario } from '../registry.ts';
import { type AnyScenario, isScenario } from '../scenario.ts';
import { UsageFailure } from './usage.ts';

export interface Loaded {
  readonly scenario: AnyScenario;
  /** The file path for a user's scenario (used in replay commands). */
  readonly source?: string;
}

export function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes('\\') || /\.(ts|mts|js|mjs)$/.test(s);
}

export async function loadScenario(target: string): Promise<Loaded> {
  if (!looksLikePath(target)) {
    const s = findScenario(target);
    if (s === undefined) {
      throw new UsageFailure(
        `unknown scenario '${target}': built-in scenarios are ${BUILTIN_SCENARIOS.map((x) => x.name).join(', ')} (or give a path to a .ts file)`,
      );
    }
    return { scenario: s };
  }
  const path = resolve(target);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageFailure(`cannot read scenario file '${target}': no such file`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new UsageFailure(`cannot load scenario file '${target}': ${msg}`);
  }
  return { scenario: pickScenario(mod, target), source: target };
}

/** The scenario a user's module exports: its default export, or else the first that is one. */
export function pickScenario(mod: Record<string, unknown>, target: string): AnyScenario {
  const found = isScenario(mod['default']) ? mod['default'] : Object.values(mod).find(isScenario);
  if (found === undefined) {
    throw new UsageFailure(
      `'${target}' exports no scenario: export default defineScenario({ name, summary, params, main })`,
    );
  }
  return found;
}
