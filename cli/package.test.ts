/**
 * The package as a user gets it: packed (in a copy of the checkout, whose `prepare`
 * builds dist/ — never this checkout's dist/, which other tests' commands may be
 * running), installed from the tarball into a fresh project outside the checkout (from
 * npm's cache when it can, else the registry), then used four ways: a plain Node ESM
 * import, a TypeScript `nodenext` project type-checked with no @types at all, a vitest
 * test file, and the CLI through `npx concsim run ./hello.ts`.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'concsim-package-'));
const copy = join(work, 'concsim');
const user = join(work, 'user');

function sh(cmd: string, args: readonly string[], cwd: string, o: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' }, ...o });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}
const node = (args: readonly string[], cwd = user) => sh(process.execPath, args, cwd);

const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const hello = /```ts\n(import \{[^`]*defineScenario[^`]*)```/.exec(readme)?.[1] as string;

let tarball = '';
let files: string[] = [];

beforeAll(() => {
  const skip = new Set(['node_modules', 'dist', '.git']);
  for (const e of readdirSync(repo)) {
    if (skip.has(e) || e.startsWith('.vitest')) continue;
    cpSync(join(repo, e), join(copy, e), { recursive: true, filter: (src) => !src.includes('/reports/out') });
  }
  symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const pack = sh('npm', ['pack', '--json', '--pack-destination', work], copy);
  expect(pack.code, pack.stderr).toBe(0);
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, info[0]?.filename as string);
  files = info[0]?.files.map((f) => f.path) ?? [];

  mkdirSync(user);
  writeFileSync(join(user, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  const args = ['install', '--no-audit', '--no-fund', tarball];
  let install = sh('npm', [...args, '--offline'], user);
  if (install.code !== 0) install = sh('npm', [...args, '--prefer-offline'], user);
  if (install.code !== 0) installByHand(); // no registry and a cold cache: still test what the tarball holds

  writeFileSync(join(user, 'hello.ts'), hello);
}, 300_000);

/**
 * What `npm install <tarball>` does, when npm cannot: the tarball unpacked as
 * node_modules/concsim, its dependencies linked from this checkout's node_modules (theirs
 * resolve from there), and the command linked into node_modules/.bin.
 */
function installByHand(): void {
  const modules = join(user, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  expect(sh('tar', ['-xzf', tarball, '-C', work], work).code).toBe(0);
  renameSync(join(work, 'package'), join(modules, 'concsim'));
  const pkg = JSON.parse(readFileSync(join(modules, 'concsim/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const dep of Object.keys(pkg.dependencies)) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(join(repo, 'node_modules', dep), join(modules, dep), 'dir');
  }
  symlinkSync('../concsim/cli/bin.js', join(modules, '.bin/concsim'));
}

describe('the published package', { timeout: 120_000 }, () => {
  it('ships compiled JavaScript with declarations, the CLI, the LICENSE and the files the code reads, and no tests, goldens or fixtures', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'cli/bin.js', 'LICENSE']));
    // Read at run time beside the compiled code: the tour's real twins, calibrate's benchmarks, fidelity's measurements.
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/scenarios/pools/process-pool-squares.py',
        'dist/reports/calibrate/microbench.py',
        'dist/reports/calibrate/fidelity.real.json',
      ]),
    );
    expect(
      files.filter((f) => /\.(test|prop|e2e)\.|__golden__|__fixtures__|\.ts$/.test(f) && !f.endsWith('.d.ts')),
    ).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(user, 'node_modules/concsim/package.json'), 'utf8'));
    expect(pkg.exports['.']).toMatchObject({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.dependencies).toHaveProperty('@types/seedrandom');
  });

  it('imports from plain Node ESM', () => {
    writeFileSync(
      join(user, 'plain.mjs'),
      `import { defineScenario, Event, param, run, sleep, Thread } from 'concsim';
const s = defineScenario({ name: 'plain', summary: 's', params: { d: param.number({ default: 1, min: 0, max: 9, doc: 'd' }) },
  *main(p) { const e = new Event(); const t = new Thread({ *target() { return yield* e.wait(); } });
    yield* t.start(); yield* sleep(p.d); e.set(); yield* t.join(); return 'done'; } });
const r = run(s, { seed: 3 });
console.log(r.verdict.kind, r.virtualTime, r.result);
`,
    );
    const r = node(['plain.mjs']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok 1 done');
  });

  it('loads with require() where Node can (20.19+, 22.12+), and says how to import it where it cannot', () => {
    // ES modules only, no CommonJS build (a second copy of the package would be a dual-package
    // hazard): require() gets the same modules through the "module-sync" condition, and a
    // Node without require(esm) gets esm-only.cjs's error instead.
    writeFileSync(
      join(user, 'plain.cjs'),
      `const { defineScenario, param, run, sleep } = require('concsim');
const { BUILTIN_SCENARIOS } = require('concsim/scenarios');
const s = defineScenario({ name: 'cjs', summary: 's', params: { d: param.number({ default: 1, min: 0, max: 9, doc: 'd' }) },
  *main(p) { yield* sleep(p.d); return BUILTIN_SCENARIOS.length > 0; } });
const r = run(s, { seed: 3 });
console.log(r.verdict.kind, r.virtualTime, r.result);
`,
    );
    const r = node(['plain.cjs']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok 1 true');
    const old = node(['--no-experimental-require-module', 'plain.cjs']);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toContain('concsim is published as ES modules only');
    expect(old.stderr).toContain("await import('concsim')");
  });

  it('type-checks in a TypeScript nodenext project with 0 errors', () => {
    writeFileSync(
      join(user, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          types: [],
          allowImportingTsExtensions: true,
        },
        include: ['hello.ts', 'use.ts'],
      }),
    );
    writeFileSync(
      join(user, 'use.ts'),
      `import { check, run, type RunReport } from 'concsim';
import scenario from './hello.ts';
const report: RunReport = run(scenario, { seed: 7, strategy: 'pct' });
const result = check(scenario, { runs: 20, strategy: 'pct' });
export const seen: string = \`\${report.verdict.kind} \${result.ok} \${result.failure?.replay ?? ''}\`;
`,
    );
    const r = node([join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs from a vitest test file', () => {
    symlinkSync(join(repo, 'node_modules/vitest'), join(user, 'node_modules/vitest'), 'dir');
    writeFileSync(
      join(user, 'hello.test.ts'),
      `import { check, run } from 'concsim';
import { expect, test } from 'vitest';
import scenario from './hello.ts';
test('hello', () => {
  expect(run(scenario, { seed: 7 }).verdict.kind).toBe('ok');
  expect(check(scenario, { runs: 50 }).ok).toBe(true);
});
`,
    );
    const r = node([join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', '.', 'hello.test.ts']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('runs a scenario file through the CLI: npx concsim run ./hello.ts', () => {
    const r = sh(
      'npx',
      ['--no-install', 'concsim', 'run', './hello.ts', '--seed', '1', '--param', 'delay=2.5', '--json'],
      user,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ scenario: 'hello-event', virtualTime: 2.5, verdict: { kind: 'ok' } });
  });
});
