/**
 * The floors of the architecture (README, "Architecture"): each folder may import only the
 * floors below it. biome.json states the rule per folder; this test proves the rule bites,
 * by linting a probe import from every floor to every other in a scratch copy of the
 * layout, with the project's own config.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const FLOORS = ['cli', 'reports', 'scenarios', 'runner', 'python', 'models', 'engine'] as const;
/** What each floor may import besides itself ('concsim' is the public API, index.ts). */
const ALLOWED: Record<string, readonly string[]> = {
  cli: ['reports', 'scenarios', 'runner', 'python', 'models', 'engine', 'concsim'],
  reports: ['scenarios', 'runner', 'python', 'models', 'engine', 'concsim'],
  scenarios: ['concsim'],
  runner: ['python', 'models', 'engine'],
  python: ['models', 'engine'],
  models: ['engine'],
  engine: [],
};

it('each floor imports only the floors below it (the Biome rule in biome.json bites)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'concsim-layers-'));
  try {
    const config = JSON.parse(readFileSync(new URL('./biome.json', import.meta.url), 'utf8'));
    delete config.$schema;
    writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
    const expected: string[] = [];
    for (const floor of FLOORS) {
      mkdirSync(join(dir, floor));
      for (const target of [...FLOORS, 'props', 'concsim'].filter((t) => t !== floor)) {
        const spec = target === 'concsim' ? 'concsim' : `../${target}/x.ts`;
        writeFileSync(join(dir, floor, `to-${target}.ts`), `import { x } from '${spec}';\nexport const y = x;\n`);
        if (!ALLOWED[floor]?.includes(target)) expected.push(`${floor}/to-${target}.ts`);
      }
    }
    const biome = join(process.cwd(), 'node_modules', '.bin', 'biome');
    const r = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const report = JSON.parse(r.stdout) as { diagnostics: { category: string; location: { path: string } }[] };
    const refused = report.diagnostics
      .filter((d) => d.category === 'lint/style/noRestrictedImports')
      .map((d) => d.location.path.replace(/\\/g, '/'))
      .sort();
    expect(refused).toEqual(expected.sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
