// The last step of `npm run build` (after tsc has compiled dist/): copies beside the compiled
// code the files it reads at run time (the real twins and bugs written in Python, the
// calibration benchmarks, the fidelity report's committed measurements), so a built
// checkout and an installed package find them where the sources do.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ASSETS = [
  { dir: 'scenarios', keep: (f) => f.endsWith('.py') },
  { dir: 'reports/calibrate', keep: (f) => f.endsWith('.py') || f.endsWith('.json') },
];
// Research tools beside the assets, never read at run time (reports/calibrate/replica: a C replica of
// CPython's GIL, its trace summary and a model of both).
const SKIP = new Set(['replica']);

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (!e.isDirectory()) yield p;
    else if (!SKIP.has(e.name)) yield* files(p);
  }
}

for (const { dir, keep } of ASSETS) {
  for (const f of files(dir)) {
    if (!keep(f.slice(f.lastIndexOf('/') + 1))) continue;
    mkdirSync(dirname(join('dist', f)), { recursive: true });
    copyFileSync(f, join('dist', f));
  }
}
writeFileSync('dist/.built', '');
