/**
 * The report suites, by name: every module in this folder whose default export is a suite
 * (`defineSuite`), named after its file — so adding a suite is adding its one file (see
 * suite.ts). Listed in name order, as `concsim report --help` and the tour show them.
 * Modules without a suite as their default export (helpers) are skipped; tests are not
 * loaded.
 */
import { readdirSync } from 'node:fs';
import { type AnySuite, isSuite } from './suite.ts';

const HERE = new URL('./', import.meta.url);
/** `.ts` from the sources, `.js` in the compiled package (dist/). */
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** Modules of this folder that are the framework, not suites. */
const FRAMEWORK = new Set(['index', 'suite', 'stats']);

/** The suite modules' file names (ending in `ext`), in name order. */
export function suiteFiles(files: readonly string[], ext = EXT): string[] {
  return files
    .filter((f) => f.endsWith(ext) && !f.startsWith('.') && !/\.(test|e2e|prop|d)\.[tj]s$/.test(f))
    .filter((f) => !FRAMEWORK.has(f.slice(0, -ext.length)))
    .sort();
}

async function loadSuites(): Promise<AnySuite[]> {
  const out: AnySuite[] = [];
  for (const file of suiteFiles(readdirSync(HERE))) {
    const m = (await import(new URL(file, HERE).href)) as { default?: unknown };
    if (!isSuite(m.default)) continue;
    const name = file.slice(0, -EXT.length);
    if (m.default.name !== name) {
      throw new Error(
        `reports/suites/${file} exports the suite '${m.default.name}': name the file ${m.default.name}.ts`,
      );
    }
    out.push(m.default);
  }
  return out;
}

export const SUITES: readonly AnySuite[] = await loadSuites();

export function findSuite(name: string): AnySuite | undefined {
  return SUITES.find((s) => s.name === name);
}
