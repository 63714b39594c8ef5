/**
 * Loading a scenario from a module file: a user's `.ts` file, or any module that exports
 * scenarios (the built-in registry exports them in an array). The CLI, `check --workers`
 * and the campaign's worker threads all find a scenario this way, by file and name.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Preempt } from './python.ts';
import { type AnyScenario, isScenario } from './scenario.ts';

/** A scenario file that cannot be read or exports no scenario (the CLI's usage error, exit 2). */
export class LoadError extends Error {
  override name = 'LoadError';
}

/** Where a scenario lives: a module file and, when it exports several, the scenario's name. */
export interface ScenarioRef {
  readonly file: string;
  readonly name?: string;
  /** A `.py` file's preemption mode. */
  readonly preempt?: Preempt;
}

export function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes('\\') || /\.(ts|mts|js|mjs|py)$/.test(s);
}

/** Imports `file` and picks its scenario; a missing or failing file is a `LoadError`. */
export async function importScenario(ref: ScenarioRef): Promise<AnyScenario> {
  // Loaded when asked for, so that a TypeScript scenario does not load the Python front end.
  if (ref.file.endsWith('.py')) return (await import('./python.ts')).loadPython(ref.file, ref.preempt);
  const path = resolve(ref.file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new LoadError(`cannot read scenario file '${ref.file}': no such file`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new LoadError(`cannot load scenario file '${ref.file}': ${msg}`);
  }
  return pickScenario(mod, ref);
}

/**
 * The scenario a module exports: the one named `ref.name` (among its exports and the
 * arrays it exports), else its default export, else the first export that is one.
 */
export function pickScenario(mod: Record<string, unknown>, ref: ScenarioRef): AnyScenario {
  const found =
    ref.name !== undefined
      ? Object.values(mod)
          .flatMap((v) => (Array.isArray(v) ? v : [v]))
          .find((v): v is AnyScenario => isScenario(v) && v.name === ref.name)
      : isScenario(mod['default'])
        ? mod['default']
        : Object.values(mod).find(isScenario);
  if (found === undefined) {
    throw new LoadError(
      ref.name !== undefined
        ? `'${ref.file}' exports no scenario named '${ref.name}'`
        : `'${ref.file}' exports no scenario: export default defineScenario({ name, summary, params, main })`,
    );
  }
  return found;
}
