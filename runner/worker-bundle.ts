/**
 * A campaign's worker threads start from one JavaScript file built for the campaign with
 * esbuild — the worker code, concsim and the scenario (a user's file included) — rather
 * than each compiling and loading the TypeScript module graph through tsx's loader,
 * which took a worker about 0.6 s of a busy core before its first run; a bundle starts in
 * about 0.1 s. esbuild is what tsx compiles with, so the code is the same. If the build
 * fails, the campaign falls back to the tsx entry point (`campaign-worker-entry.js`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioRef } from './load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `.ts` in the sources, `.js` in the compiled package (dist/). */
const ext = path.extname(fileURLToPath(import.meta.url));

export interface WorkerBundle {
  /** The file to start worker threads from. */
  readonly file: string;
  /** Deletes it (after the campaign). */
  dispose(): void;
}

/** Builds the worker for the scenario at `ref`; null if it cannot. */
export async function bundleWorker(ref: ScenarioRef): Promise<WorkerBundle | null> {
  const at = (p: string) => JSON.stringify(path.join(here, p));
  const find =
    `import { pickScenario } from ${at(`load${ext}`)};
` +
    `import * as mod from ${JSON.stringify(path.resolve(ref.file))};
` +
    `const find = () => pickScenario(mod, ${JSON.stringify(ref)});
`;
  // A .py file is compiled by the worker: the bundle carries the front end, not the file.
  const findPython =
    `import { loadPython } from ${at('python.ts')};\n` +
    `const find = () => loadPython(${JSON.stringify(ref.file)}, ${JSON.stringify(ref.preempt ?? 'breaker')});\n`;
  const dir = mkdtempSync(path.join(tmpdir(), 'concsim-campaign-'));
  const file = path.join(dir, 'worker.mjs');
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    // Imported here, not at the top: every CLI command would pay for it, and a missing
    // esbuild binary then only means the fallback.
    const { build } = await import('esbuild');
    await build({
      stdin: {
        contents: `import { work } from ${at(`campaign-worker${ext}`)};\n${ref.file.endsWith('.py') ? findPython : find}await work(find);\n`,
        resolveDir: here,
        sourcefile: 'campaign-worker-entry.mjs',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: file,
      // A user's file imports 'concsim': this package, as the CLI's resolve hook has it.
      alias: { concsim: path.join(here, '..', `index${ext}`) },
      // The CommonJS packages bundled in (seedrandom) may require Node's own modules.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    return { file, dispose };
  } catch {
    dispose();
    return null;
  }
}
