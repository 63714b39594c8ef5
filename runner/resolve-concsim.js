// Module resolve hook for users' scenario files:
// - `import ... from 'concsim'` means this package's root, from any file on disk;
// - a scenario file written with `import`/`export` is loaded as an ES module even where no
//   package.json says "type": "module" (a lone .ts file in any folder), so that it shares
//   the CLI's module instances (one kernel context) instead of getting a CommonJS copy.
const root = new URL('../index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier === 'concsim' ? root : specifier, context);
  if (r.format === 'commonjs' && /\.tsx?$/.test(r.url) && !r.url.includes('/node_modules/')) {
    return { ...r, format: 'module' };
  }
  return r;
}
