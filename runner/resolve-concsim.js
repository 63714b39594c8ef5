// Module resolve hook for users' scenario files:
// - `import ... from 'concsim'` (or a subpath of its exports, 'concsim/scenarios') means
//   this package, from any file on disk;
// - a scenario file written with `import`/`export` is loaded as an ES module even where no
//   package.json says "type": "module" (a lone .ts file in any folder), so that it shares
//   the CLI's module instances (one kernel context) instead of getting a CommonJS copy.
const here = import.meta.url;

export async function resolve(specifier, context, next) {
  // Resolved from inside the package, a bare 'concsim' is Node's self-reference through
  // package.json's "exports", wherever the importing file is.
  const self = specifier === 'concsim' || specifier.startsWith('concsim/');
  const r = await next(specifier, self ? { ...context, parentURL: here } : context);
  if (r.format === 'commonjs' && /\.tsx?$/.test(r.url) && !r.url.includes('/node_modules/')) {
    return { ...r, format: 'module' };
  }
  return r;
}
