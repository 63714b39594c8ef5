#!/usr/bin/env node
// The `concsim` command. It runs the compiled CLI (dist/, built by `npm run build`, which
// `npm ci` and `npm pack` run through `prepare`): no TypeScript is compiled at start-up,
// and tsx is loaded only to import a user's .ts scenario file.
// In a checkout (tsconfig.json beside this package) whose sources changed since the last
// build, or with CONCSIM_FROM_SOURCE=1, it runs the TypeScript sources through tsx, so
// that the command never runs stale code; `npm run build` makes it fast again.
import { existsSync, readdirSync, statSync } from 'node:fs';

// A reader that stops reading (`concsim list | head -1`) is not an error: what is left to
// print has nowhere to go, and the command ends with its own exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/.built', root);

/** What the build compiles (tsconfig.build.json): the newest change among them is what counts. */
const SOURCES = [
  'index.ts',
  'package.json',
  'engine/',
  'models/',
  'python/',
  'runner/',
  'scenarios/',
  'cli/',
  'reports/',
];

/** The newest modification time of a compiled source file at `url` (a file, or a folder ending in /). */
function newest(url) {
  if (!existsSync(url)) return 0;
  if (!url.pathname.endsWith('/')) return statSync(url).mtimeMs;
  let t = 0;
  for (const e of readdirSync(url, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name !== 'out' && e.name !== 'bench') t = Math.max(t, newest(new URL(`${e.name}/`, url)));
    } else if (/\.[jt]s$/.test(e.name) && !/\.(test|prop|e2e)\.ts$/.test(e.name)) {
      t = Math.max(t, statSync(new URL(e.name, url)).mtimeMs);
    }
  }
  return t;
}

function compiledIsCurrent() {
  if (process.env.CONCSIM_FROM_SOURCE === '1' || !existsSync(stamp)) return false;
  if (!existsSync(new URL('tsconfig.json', root))) return true; // an installed package: dist/ is all there is
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((s) => newest(new URL(s, root)) <= built);
}

if (compiledIsCurrent()) {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2));
} else {
  (await import('tsx/esm/api')).register();
  (await import('node:module')).register('../runner/resolve-concsim.js', import.meta.url);
  const { main } = await import('./main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
