/**
 * `concsim run --trace FILE` and `concsim report <suite>` as a user meets them: the trace is
 * well-formed Chrome Trace Event JSON written atomically, the report and its index land in
 * --out, and bad paths, suites and parameters are one-line usage errors (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkChromeTrace } from '../reports/trace/check.ts';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const repo = fileURLToPath(new URL('../', import.meta.url));

function cs(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLineUsageError(r: ReturnType<typeof cs>, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('concsim run --trace', { timeout: 60_000 }, () => {
  it('writes a well-formed Chrome trace, leaving stdout as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-trace-'));
    const file = join(dir, 'out.json');
    const r = cs(['run', 'event-wakeup', '--seed', '7', '--trace', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(cs(['run', 'event-wakeup', '--seed', '7']).stdout);
    expect(r.stderr).toMatch(/^trace: \d+ events written to .*out\.json/);
    const text = readFileSync(file, 'utf8');
    const trace = JSON.parse(text);
    expect(checkChromeTrace(trace, text)).toEqual([]);
    expect(trace.otherData).toMatchObject({ scenario: 'event-wakeup', seed: 7, strategy: 'random', verdict: 'ok' });
    const names = trace.traceEvents
      .filter((e: { ph: string; name: string }) => e.ph === 'M' && e.name === 'thread_name')
      .map((e: { args: { name: string } }) => e.args.name);
    expect(names).toEqual(['scheduler', 'MainThread', 'waiter-1', 'waiter-2', 'waiter-3', 'setter']);
    expect(readdirSync(dir)).toEqual(['out.json']); // no temporary file left behind
  });

  it('writes the trace of a failing run too, and works with --json and replay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-trace-'));
    const c = cs(['check', 'lock-order-deadlock', '--runs', '200', '--seed', '1', '--json']);
    const cmd = (JSON.parse(c.stdout).failure.replay as string).replace(/^concsim /, '');
    const args = [...cmd.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const r = cs([...args, '--json', '--trace', join(dir, 'deadlock.json')]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).verdict.kind).toBe('deadlock');
    const trace = JSON.parse(readFileSync(join(dir, 'deadlock.json'), 'utf8'));
    expect(trace.otherData.verdict).toBe('deadlock');
    expect(trace.otherData.strategy).toBe('replay');
    expect(trace.traceEvents.some((e: { cat?: string }) => e.cat === 'blocked')).toBe(true);
  });

  it.each([
    [['--trace', '/no/such/dir/out.json'], /cannot write the trace to '\/no\/such\/dir\/out.json': no such directory/],
    [['--trace', '.'], /cannot write the trace to '.': it is a directory/],
    [['--trace', ''], /cannot write the trace to '': an empty path/],
  ])('a bad --trace path is a one-line usage error: %j', (extra, message) => {
    oneLineUsageError(cs(['run', 'event-wakeup', ...extra]), message);
  });

  it('a --trace path under a file is a usage error, and nothing is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-trace-'));
    writeFileSync(join(dir, 'plain'), 'x');
    oneLineUsageError(cs(['run', 'event-wakeup', '--trace', join(dir, 'plain', 'out.json')]), /cannot write the trace/);
    expect(readdirSync(dir)).toEqual(['plain']);
  });
});

describe('concsim report', { timeout: 120_000 }, () => {
  it('writes <suite>.html, <suite>.md and an index linking them', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'concsim-report-')), 'out');
    const r = cs(['report', 'bug-hunt', '--seeds', '1', '--param', 'runs=10', '--out', dir]);
    expect(r.stderr).toMatch(/^report bug-hunt: built in [\d.]+ s$/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Bug hunt: schedules to the first failure$/m);
    expect(r.stdout).toContain(`wrote ${join(dir, 'bug-hunt.html')}`);
    expect(readdirSync(dir).sort()).toEqual(['bug-hunt.html', 'bug-hunt.md', 'index.html']);
    const html = readFileSync(join(dir, 'bug-hunt.html'), 'utf8');
    expect(html).toContain('<code data-testid="command">concsim report bug-hunt --seeds 1 --param runs=10</code>');
    expect(readFileSync(join(dir, 'bug-hunt.md'), 'utf8')).toMatch(/^# Bug hunt: schedules to the first failure\n/);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(index).toContain('<a href="bug-hunt.html"><strong>Bug hunt: schedules to the first failure</strong></a>');
    expect(index).toContain('<a href="bug-hunt.md">Markdown</a>');
  });

  it.each([
    [['report', 'no-such-suite'], /unknown suite 'no-such-suite': available are bug-hunt/],
    [['report', 'bug-hunt', '--param', 'runs=0'], /runs=0 is out of range/],
    [['report', 'bug-hunt', '--param', 'depth=3'], /unknown parameter 'depth' for suite bug-hunt/],
    [['report', 'bug-hunt', '--seeds', '0'], /invalid --seeds '0'/],
  ])('usage error %j: one line, exit 2', (args, message) => {
    oneLineUsageError(cs(args), message);
  });

  it('an --out that is a file is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-report-'));
    writeFileSync(join(dir, 'file'), 'x');
    oneLineUsageError(
      cs(['report', 'bug-hunt', '--out', join(dir, 'file')]),
      /cannot create the output directory .*file/,
    );
    expect(existsSync(join(dir, 'file', 'bug-hunt.html'))).toBe(false);
  });
});
