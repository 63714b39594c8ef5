/**
 * What a scenario returns or throws, as the CLI prints it: results JSON cannot hold (a
 * cycle, a BigInt, a function, a string of millions of characters) come out as their
 * Python-style repr, in text and under --json, never as a crash; an exception shows the
 * user's frames, and concsim's own only with --verbose.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'concsim-results-'));
writeFileSync(
  join(dir, 'odd.ts'),
  `import { defineScenario, param, sleep } from 'concsim';
function fail(): never {
  throw new RangeError('out of luck');
}
export default defineScenario({
  name: 'odd-results',
  summary: 'returns what JSON cannot hold',
  params: { kind: param.choice(['cycle', 'bigint', 'huge', 'function', 'throw'], { default: 'cycle', doc: 'what' }) },
  *main(p) {
    yield* sleep(0.1);
    if (p.kind === 'cycle') {
      const a: unknown[] = [1];
      a.push(a);
      return { a, m: new Map([[1, 2n]]) };
    }
    if (p.kind === 'bigint') return 2n ** 70n;
    if (p.kind === 'huge') return 'x'.repeat(5_000_000);
    if (p.kind === 'function') return { f: fail };
    return fail();
  },
});
`,
);

writeFileSync(
  join(dir, 'syntax.ts'),
  "import { defineScenario } from 'concsim';\nexport default defineScenario({ name: 'x', summary: 'y', params: {}, *main() { const a = ; } });\n",
);
writeFileSync(join(dir, 'throws.ts'), 'const n: number = 1;\nthrow new Error("at import " + n);\nexport default n;\n');
writeFileSync(
  join(dir, 'noparams.ts'),
  "import { defineScenario, sleep } from 'concsim';\nexport default defineScenario({ name: 'x', summary: 'y', *main() { yield* sleep(1); } } as never);\n",
);

function concsim(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('results and errors as printed', { timeout: 60_000 }, () => {
  it.each([
    ['cycle', { a: [1, '[...]'], m: { '1': '2' } }],
    ['bigint', '1180591620717411303424'],
    ['function', { f: '<function fail>' }],
  ])('a %s result: JSON-safe under --json and in text', (kind, result) => {
    const j = concsim(['run', './odd.ts', '--param', `kind=${kind}`, '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).result).toEqual(result);
    const t = concsim(['run', './odd.ts', '--param', `kind=${kind}`]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^ {2}result {6}\S/m);
  });

  it('a huge string result is cut, saying how much was left out', () => {
    const j = concsim(['run', './odd.ts', '--param', 'kind=huge', '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).result).toMatch(/^x{10000}… \(4990000 more characters\)$/);
  });

  it.each([
    ['a syntax error', 'syntax.ts', /^concsim: cannot load scenario file \.\/syntax\.ts:2:\d+: Unexpected ";"$/],
    [
      'an error thrown on import',
      'throws.ts',
      /^concsim: cannot load scenario file \.\/throws\.ts:2:7: Error: at import 1$/,
    ],
    [
      'a scenario without params',
      'noparams.ts',
      /scenario 'x' \(its default export\) has no `params`: add `params: \{\}`/,
    ],
  ])('%s: one line naming the file (and line)', (_what, file, message) => {
    const r = concsim(['run', `./${file}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  it("an exception shows the user's frames; --verbose adds concsim's", () => {
    const r = concsim(['run', './odd.ts', '--param', 'kind=throw']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/RangeError: out of luck\n\s+at fail \(.*odd\.ts:3:9\)/);
    expect(r.stdout).not.toMatch(/engine\/|models\/|runner\//);
    const v = concsim(['run', './odd.ts', '--param', 'kind=throw', '--verbose', '--json']);
    expect(JSON.parse(v.stdout).verdict.error.stack).toMatch(/(runner|engine|models)\//);
    expect(
      JSON.parse(concsim(['run', './odd.ts', '--param', 'kind=throw', '--json']).stdout).verdict.error.stack,
    ).not.toMatch(/(runner|engine|models)\//);
  });
});
