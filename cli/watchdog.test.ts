/**
 * The watchdog's corpus: scenarios that never yield — a spinning main, a thread that spins
 * after a few steps, a spin that only some parameters reach (found by `check`), an
 * invariant that never returns, a file that spins while it is imported, and `replay` of a
 * spinning schedule. Each must end, with exit code 1 and a `hang` verdict naming the
 * thread and the step where one is known; none may hang the command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'concsim-hang-'));

function scenario(name: string, body: string): string {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `import { defineScenario, param, sleep, Thread } from 'concsim';\n${body}\n`);
  return file;
}

const spinMain = scenario(
  'spin-main',
  `export default defineScenario({ name: 'spin-main', summary: 'main never yields', params: {},
  *main() { for (;;) {} } });`,
);
const spinThread = scenario(
  'spin-thread',
  `export default defineScenario({ name: 'spin-thread', summary: 'a thread spins after a sleep', params: {},
  *main() {
    const t = new Thread({ name: 'spinner', *target() { yield* sleep(0.5); for (;;) {} } });
    yield* t.start();
    yield* t.join();
  } });`,
);
const spinSome = scenario(
  'spin-some',
  `export default defineScenario({ name: 'spin-some', summary: 'spins for large n only',
  params: { n: param.int({ default: 1, min: 1, max: 10, doc: 'n' }) },
  *main(p) {
    const t = new Thread({ name: 'worker', *target() { yield* sleep(0.1); while (p.n > 5) {} } });
    yield* t.start();
    yield* t.join();
  } });`,
);
const spinInvariant = scenario(
  'spin-invariant',
  `export default defineScenario({ name: 'spin-invariant', summary: 'an invariant that never returns', params: {},
  invariants: [{ name: 'forever', statement: 'never decides', check: () => { for (;;) {} } }],
  *main() { yield* sleep(1); } });`,
);
const spinImport = scenario('spin-import', 'for (;;) {}\nexport default 1;');
const exits = scenario(
  'exits',
  `export default defineScenario({ name: 'exits', summary: 'calls process.exit', params: {},
  *main() { yield* sleep(1); process.exit(0); } });`,
);

function concsim(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--timeout', '1'], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the watchdog', { timeout: 90_000 }, () => {
  it.each([
    ['a main thread that never yields', ['run', spinMain], /hang: thread MainThread did not yield for 1 s/],
    ['a thread spinning after a sleep', ['run', spinThread], /hang: thread spinner did not yield .*at 0\.500000s/],
    ['an invariant that never returns', ['run', spinInvariant], /hang: .*did not yield/],
    ['a file that spins while imported', ['run', spinImport], /hang: the scenario did not yield/],
    ['replay of a spinning schedule', ['replay', spinThread, '--seed', '0', '--choices', '0'], /hang: thread spinner/],
  ])('ends %s with a hang verdict', (_what, args, verdict) => {
    const r = concsim(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(verdict);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a scenario that ends its worker (process.exit) is a one-line run failure', () => {
    const r = concsim(['run', exits]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('concsim: the scenario ended its worker (exit code 0) before the run ended');
  });

  it('under --json, prints one JSON document with the hang verdict and the command that repeats it', () => {
    const r = concsim(['run', spinThread, '--seed', '4', '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({
      scenario: 'spin-thread',
      seed: 4,
      verdict: { kind: 'hang', thread: 'spinner', timeout: 1 },
    });
    expect(d.replay).toMatch(/^concsim run .*spin-thread\.ts --seed 4 --strategy random$/);
  });

  it('check: finds the run that hangs, names its thread, and says how to repeat it', () => {
    const r = concsim(['check', spinSome, '--runs', '200', '--seed', '3', '--strategy', 'pct', '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.ok).toBe(false);
    expect(d.failure.verdict).toMatchObject({ kind: 'hang', thread: 'worker' });
    expect(d.failure.params.n).toBeGreaterThan(5);
    expect(r.stderr).toMatch(/^repeat: concsim run .*spin-some\.ts --seed \d+ --strategy pct --param n=\d+/m);
  });
});
