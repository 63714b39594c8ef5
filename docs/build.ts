/**
 * `npm run docs`: the API reference in docs/api/ (HTML, TypeDoc, from the doc comments of
 * everything `index.ts` exports), after checking that every public export has a doc comment.
 * `npm run docs -- --check` only checks. docs/api/ is generated (about 7 MB) and not committed.
 *
 * TypeDoc and the TypeScript 6 it needs live in docs/tools with their own lock file, since
 * the project's TypeScript 7 has no JavaScript API (docs/tools/package.json says more);
 * this installs them there on first use.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = dirname(fileURLToPath(import.meta.url));
const tools = join(docs, 'tools');
const run = (cmd: string, args: readonly string[], cwd: string) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

try {
  if (!existsSync(join(tools, 'node_modules', 'typedoc'))) {
    console.error('docs: installing TypeDoc and TypeScript 6 into docs/tools (once)');
    run('npm', ['ci', '--no-audit', '--no-fund'], tools);
  }
  run(process.execPath, [join(tools, 'undocumented.mjs')], docs);
  if (!process.argv.includes('--check')) {
    run(
      process.execPath,
      [join(tools, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', 'typedoc.json'],
      docs,
    );
    console.error(`docs: open ${join(docs, 'api', 'index.html')}`);
  }
} catch {
  // The failing command has said why on stderr.
  process.exitCode = 1;
}
