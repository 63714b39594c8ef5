/**
 * The API reference's gate: every public export of concsim (each name `index.ts` exports,
 * and each name inside an exported namespace) has a doc comment, read with TypeScript's
 * compiler API by docs/tools/undocumented.mjs — the same check `npm run docs` makes before
 * TypeDoc writes docs/api/. It needs docs/tools installed (TypeScript 6, whose JavaScript
 * API the project's TypeScript 7 lacks): .ci/run installs it; without it this test skips,
 * saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const tools = join(dirname(fileURLToPath(import.meta.url)), 'tools');
const installed = existsSync(join(tools, 'node_modules', 'typescript', 'lib', 'typescript.js'));
if (!installed)
  console.warn('docs/reference.test.ts skipped: run `npm ci --prefix docs/tools` to install its TypeScript');

describe('API reference', () => {
  it.skipIf(!installed)(
    'has a doc comment on every public export',
    () => {
      const out = execFileSync(process.execPath, [join(tools, 'undocumented.mjs'), '--json'], { encoding: 'utf8' });
      const missing = (JSON.parse(out) as { name: string; file: string }[]).map((m) => `${m.name} (${m.file})`);
      expect(missing).toEqual([]);
    },
    120_000,
  );
});
