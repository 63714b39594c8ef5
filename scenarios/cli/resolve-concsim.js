// Module resolve hook: `import ... from 'concsim'` means this package's root, from any file.
const root = new URL('../../index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'concsim') return { url: root, shortCircuit: true };
  return next(specifier, context);
}
