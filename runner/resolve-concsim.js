// Module resolve hook for users' scenario files:
// - `import ... from 'concsim'` (and its subpaths, 'concsim/scenarios') means this package's root, from any file on disk (the
//   compiled dist/index.js in the package, index.ts in a checkout run from the sources), so
//   a user's file shares the CLI's module instances (one kernel context) wherever it lives;
// - a scenario file written with `import`/`export` is loaded as an ES module even where no
//   package.json says "type": "module" (a lone .ts file in any folder), for the same reason.
import { existsSync } from 'node:fs';

const compiled = new URL('../index.js', import.meta.url);
const root = existsSync(compiled) ? compiled.href : new URL('../index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  // A subpath resolves through the package's own "exports", as if imported from inside it.
  const sub = specifier.startsWith('concsim/');
  const r = await next(
    specifier === 'concsim' ? root : specifier,
    sub ? { ...context, parentURL: import.meta.url } : context,
  );
  if (r.format === 'commonjs' && /\.[cm]?tsx?$/.test(r.url) && !r.url.includes('/node_modules/')) {
    return { ...r, format: 'module' };
  }
  return r;
}
