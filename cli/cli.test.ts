/**
 * The command line as a new user meets it: list, run --json, same seed → same trace,
 * replay of recorded choices, a user's file outside the repository importing 'concsim',
 * check finding a bug with a replay command that reproduces it, and one-line usage errors.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const repo = fileURLToPath(new URL('../', import.meta.url));

function cs(args: readonly string[], cwd = repo, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('concsim CLI', { timeout: 60_000 }, () => {
  it('lists the built-in scenarios', () => {
    const r = cs(['list', '--json']);
    expect(r.code).toBe(0);
    const names = (JSON.parse(r.stdout) as { name: string }[]).map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['event-wakeup', 'lost-wakeup', 'lock-order-deadlock', 'check-then-act']),
    );
  });

  it('run --json reports every documented field, and the same seed gives the same trace', () => {
    const a = cs(['run', 'event-wakeup', '--seed', '7', '--strategy', 'random', '--json']);
    expect(a.code).toBe(0);
    const d = JSON.parse(a.stdout);
    for (const k of ['scenario', 'params', 'seed', 'strategy', 'verdict', 'virtualTime', 'steps', 'traceHash']) {
      expect(d).toHaveProperty(k);
    }
    expect(d).toHaveProperty('choices');
    expect(d.invariants.map((i: { name: string; ok: boolean }) => [i.name, i.ok])).toEqual([
      ['no-lost-wakeups', true],
      ['all-return', true],
    ]);
    expect(d.result.woken).toHaveLength(3);
    expect(d.virtualTime).toBe(1);
    const b = JSON.parse(cs(['run', 'event-wakeup', '--seed', '7', '--strategy', 'random', '--json']).stdout);
    expect(b.traceHash).toBe(d.traceHash);
    const r = JSON.parse(cs(['replay', 'event-wakeup', '--seed', '7', '--choices', d.choices, '--json']).stdout);
    expect(r.traceHash).toBe(d.traceHash);
  });

  it('check finds a known bug, exits 1, and its replay command reproduces the failure', () => {
    const c = cs(['check', 'lock-order-deadlock', '--runs', '1000', '--seed', '1', '--json']);
    expect(c.code).toBe(1);
    const d = JSON.parse(c.stdout);
    expect(d.ok).toBe(false);
    expect(d.failure.verdict.kind).toBe('deadlock');
    expect(d.failure.verdict.cycle).toHaveLength(2);
    const cmd = (d.failure.replay as string).replace(/^concsim /, '');
    const args = [...cmd.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const r = cs([...args, '--json']);
    expect(r.code).toBe(1);
    const rr = JSON.parse(r.stdout);
    expect(rr.verdict).toEqual(d.failure.verdict);
    expect(rr.traceHash).toBe(d.failure.traceHash);
    expect(c.stderr).toContain('replay: concsim replay lock-order-deadlock');
  });

  it("runs the README's scenario from a file outside the repository", () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const example = /```ts\n(import \{[^`]*defineScenario[^`]*)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'concsim-user-'));
    writeFileSync(join(dir, 'hello.ts'), example as string);
    const r = cs(['run', './hello.ts', '--seed', '1', '--param', 'delay=2.5', '--json'], dir);
    expect(r.stderr).toBe('');
    const d = JSON.parse(r.stdout);
    expect(d.verdict.kind).toBe('ok');
    expect(d.virtualTime).toBe(2.5);
    expect(d.scenario).toBe('hello-event');
  });

  // 400 short runs may all be explored before a worker starts; campaign.test.ts checks that
  // the workers' bundle takes in a file outside the repository.
  it('checks that file with --workers 2 and reports what one thread reports', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const example = /```ts\n(import \{[^`]*defineScenario[^`]*)```/.exec(readme)?.[1];
    const dir = mkdtempSync(join(tmpdir(), 'concsim-user-'));
    writeFileSync(join(dir, 'hello.ts'), example as string);
    // Workers split a sampling strategy's runs; the default portfolio explores in sequence.
    const args = ['check', './hello.ts', '--runs', '400', '--seed', '5', '--strategy', 'pct', '--json'];
    const one = cs(args, dir);
    const two = cs([...args, '--workers', '2'], dir);
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b).toMatchObject({ ok: true, runs: 400, workers: 2 });
    expect(b.runs).toBe(a.runs);
  });

  it('check --strategy dfs proves a bound or gives the fewest-preemption counterexample', () => {
    const fixed = cs(['check', 'check-then-act', '--strategy', 'dfs', '--param', 'seats=4', '--preemptions', '1']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/complete: every schedule with ≤ 1 preemption explored \(\d+ schedules\)/);
    const bug = cs(['check', 'check-then-act', '--strategy', 'dfs', '--json']);
    expect(bug.code).toBe(1);
    const c = JSON.parse(bug.stdout);
    expect([c.member, c.minimal, c.failure.preemptions]).toEqual(['dfs', true, 1]);
    const replay = cs(['replay', 'check-then-act', '--seed', '0', '--choices', c.failure.choices, '--explain']);
    expect(replay.stdout).toMatch(/decision \d+: choice 1 of \d+ -> \S+ \(preempts buyer-\d\)/);
    expect(replay.stdout).toContain('1 preemption,');
  });

  it.each([
    [['run', 'no-such-scenario'], /unknown scenario 'no-such-scenario'.*event-wakeup/],
    [['run', 'event-wakeup', '--seed', 'abc'], /invalid --seed 'abc': expected an integer/],
    [['run', 'event-wakeup', '--bogus-flag'], /unknown option '--bogus-flag'/],
    [['run', 'event-wakeup', '--param', 'waiters=-5'], /waiters=-5 is out of range: expected an integer from 1/],
    [['run', 'event-wakeup', '--param', 'nosuchparam=1'], /unknown parameter 'nosuchparam'.*accepted are waiters/],
    [['run', 'event-wakeup', '--param', 'waiters'], /malformed --param 'waiters': expected key=value/],
    [['run', './does/not/exist.ts'], /cannot read scenario file '.\/does\/not\/exist.ts'/],
    [['check', 'event-wakeup', '--runs', '-3'], /invalid --runs '-3'/],
    [['run', 'event-wakeup', '--strategy', 'chaos'], /invalid --strategy 'chaos': expected one of fifo, random, pct/],
    [['replay', 'event-wakeup', '--seed', '1', '--choices', '1,x'], /malformed choice 'x'/],
    [
      ['replay', 'check-then-act', '--seed', '1', '--choices', '0,9'],
      /--choices: choice 9 at decision 2 is out of range: that decision has 2 runnable threads \(choices 0-1\)/,
    ],
    [['check', 'event-wakeup', '--shard', '1/2'], /--shard needs runs independent of each other/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run', 'event-wakeup', '--costs', 'no-such-profile.json'], /cannot read cost profile 'no-such-profile.json'/],
    [['check', 'event-wakeup', '--cores', '0'], /invalid --cores '0'/],
    [['calibrate', '--python', '/no/such/python3'], /no Python interpreter '\/no\/such\/python3'/],
  ])('usage error %j: one line, exit 2, no stack trace', (args, message) => {
    const r = cs(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    [
      'run',
      { CONCSIM_PYTHON: '/no/such/python3' },
      /no Python interpreter '\/no\/such\/python3' for the real twins \(set CONCSIM_PYTHON, or use --param real=fixture\)/,
    ],
    [
      'fixture',
      { CONCSIM_FIDELITY_FIXTURE: '/no/such/real.json' },
      /cannot read the real measurements '\/no\/such\/real.json': ENOENT/,
    ],
    [
      'fixture',
      { CONCSIM_FIDELITY_FIXTURE: fileURLToPath(new URL('../package.json', import.meta.url)) },
      /package.json' holds no real measurements: expected a CONCSIM_FIDELITY_RECORD file/,
    ],
  ])('the fidelity report with real=%s and %j: one line, exit 2, nothing written', (real, env, message) => {
    const out = mkdtempSync(join(tmpdir(), 'concsim-fidelity-'));
    const r = cs(
      ['report', 'fidelity', '--param', `real=${real}`, '--param', 'size=small', '--seeds', '1', '--out', out],
      repo,
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it('reports a scenario file that exports no scenario as a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-user-'));
    writeFileSync(join(dir, 'empty.ts'), 'export const x = 1;\n');
    const r = cs(['run', './empty.ts'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/exports no scenario/);
  });

  it('execFileSync smoke: --log prints the trace before the summary', () => {
    const out = execFileSync(process.execPath, [bin, 'run', 'event-wakeup', '--seed', '2', '--log'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(out).toMatch(/^\s+1\.000000s\s+setter\s+event\.set ready waiters=3$/m);
    expect(out).toMatch(/verdict\s+ok/);
  });
});
