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
    throw new LoadError(`cannot load scenario file ${loadFailure(ref.file, path, e)}`);
  }
  return pickScenario(mod, ref);
}

/**
 * Why importing `file` failed, pointing at the user's line: a syntax error as esbuild
 * (through tsx) reports it, `file:line:col: message` rather than "Transform failed with 1
 * error:"; any other error (a JavaScript syntax error, or one thrown while the module ran)
 * at the first place in the file its stack names.
 */
export function loadFailure(file: string, path: string, e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const esbuild = /^Transform failed[\s\S]*?:(\d+):(\d+): ERROR: (.*)$/m.exec(text);
  if (esbuild) return `${file}:${esbuild[1]}:${esbuild[2]}: ${esbuild[3]}`;
  const at = new RegExp(`(?:${escapeRegExp(pathToFileURL(path).href)}|${escapeRegExp(path)}):(\\d+)(?::(\\d+))?`);
  const where = at.exec(e instanceof Error ? (e.stack ?? '') : '');
  const what = `${e instanceof Error ? `${e.name}: ` : ''}${text.split('\n')[0]}`;
  return where ? `${file}:${where[1]}${where[2] === undefined ? '' : `:${where[2]}`}: ${what}` : `'${file}': ${what}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
      ref.name !== undefined ? `'${ref.file}' exports no scenario named '${ref.name}'` : noScenario(mod, ref.file),
    );
  }
  return found;
}

/** Why a module exports no scenario: a near miss (one field missing or mistyped) is named. */
function noScenario(mod: Record<string, unknown>, file: string): string {
  const want = 'export default defineScenario({ name, summary, params, main })';
  const candidates = Object.entries(mod).filter(([, v]) => v !== null && typeof v === 'object');
  for (const [key, v] of candidates) {
    const s = v as Record<string, unknown>;
    if (!('main' in s) && !('params' in s)) continue;
    const what = key === 'default' ? 'its default export' : `its export '${key}'`;
    if (typeof s['name'] !== 'string') return `'${file}': ${what} has no \`name\` (a string): ${want}`;
    if (typeof s['main'] !== 'function') return `'${file}': ${what} has no \`main\` generator: ${want}`;
    if (typeof s['params'] !== 'object' || s['params'] === null) {
      return `'${file}': scenario '${s['name']}' (${what}) has no \`params\`: add \`params: {}\` when it takes none`;
    }
  }
  return `'${file}' exports no scenario: ${want}`;
}
