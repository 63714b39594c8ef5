/**
 * `.py` files on the command line: run prints the program's own output, check finds a race
 * through a call (`d[k] = d.get(k, 0) + 1`) with a replayable counterexample and never
 * reports a bare `counter += 1`, a campaign's workers load the file too, and a syntax
 * error or an unsupported construct is a usage error (exit 2) in Python's words.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'concsim-py-'));

function cs(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const race = (body: string) => `import threading
N = 3
counter = 0
d = {}
def work():
    global counter
    for _ in range(N):
${body}
ts = [threading.Thread(target=work) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
total = counter + d.get('k', 0)
print(total)
assert total == 2 * N, total
`;
writeFileSync(join(dir, 'race.py'), race("        d['k'] = d.get('k', 0) + 1"));
writeFileSync(join(dir, 'bare.py'), race('        counter += 1'));
writeFileSync(join(dir, 'hello.py'), 'import sys\nprint("hello")\nprint("to stderr", file=sys.stderr)\n');
writeFileSync(join(dir, 'syntax.py'), 'x = 1\ny = (2,\nprint(x)\n');
writeFileSync(join(dir, 'match.py'), 'x = 1\nmatch x:\n    case 1:\n        pass\n');

describe('concsim with a .py file', { timeout: 120_000 }, () => {
  it('run prints the program output on stdout, the run summary on stderr, and --json carries it', () => {
    const r = cs(['run', 'hello.py']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello\n');
    expect(r.stderr).toContain('to stderr\n');
    expect(r.stderr).toContain('verdict     ok');
    const j = JSON.parse(cs(['run', 'hello.py', '--json']).stdout);
    expect(j.result.stdout).toBe('hello\n');
  });

  it('run follows the schedule python3 follows unless a strategy is named: the same output for every seed', () => {
    writeFileSync(
      join(dir, 'order.py'),
      "import threading\nout = []\ndef w(n):\n    for i in range(3):\n        out.append(f'{n}{i}')\nts = [threading.Thread(target=w, args=(n,)) for n in 'ab']\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint(out)\n",
    );
    const want = "['a0', 'a1', 'a2', 'b0', 'b1', 'b2']\n";
    for (const seed of ['0', '3', '12']) {
      const r = cs(['run', 'order.py', '--seed', seed]);
      expect(r.stdout).toBe(want);
      expect(r.stderr).toContain('0 preemptions');
    }
    const outputs = new Set(
      ['0', '1', '2', '3', '4', '5'].map((s) => cs(['run', 'order.py', '--strategy', 'random', '--seed', s]).stdout),
    );
    expect(outputs.size).toBeGreaterThan(1);
  });

  it('check finds the race through a call, and its replay command reproduces the failed assert', () => {
    const c = cs(['check', 'race.py', '--runs', '500', '--seed', '1', '--json']);
    expect(c.code).toBe(1);
    const report = JSON.parse(c.stdout);
    expect(report.failure.verdict.message).toMatch(/^uncaught AssertionError in the main thread/);
    expect(report.failure.verdict.message).toContain('File "race.py", line 14, in <module>');
    const replay = (report.failure.replay as string).split(' ').slice(1);
    const again = cs(replay.map((a) => a.replace(/^'(.*)'$/, '$1')));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('AssertionError');
    expect(again.stderr).toContain(`replay: ${report.failure.replay}`);
  });

  it('check never reports a bare counter += 1 (no eval-breaker point inside it)', () => {
    const c = cs(['check', 'bare.py', '--runs', '500', '--seed', '1']);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
  });

  it("a campaign's workers load the .py file too", () => {
    const c = cs(['check', 'race.py', '--runs', '300', '--seed', '1', '--workers', '2', '--json']);
    expect(c.code).toBe(1);
    expect(JSON.parse(c.stdout).failure.verdict.kind).toBe('invariant');
  });

  it('--param overrides a constant with a type check; --preempt blocking is kept in the replay command', () => {
    expect(cs(['run', 'bare.py', '--param', 'N=5']).stdout).toBe('10\n');
    const bad = cs(['run', 'bare.py', '--param', 'N=many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/N='many' is not valid: expected an integer/);
    const j = JSON.parse(cs(['run', 'race.py', '--preempt', 'blocking', '--json']).stdout);
    expect(j.replay).toContain('--preempt blocking');
  });

  it('--log names the threads and marks each blocking call with its .py line', () => {
    const r = cs(['run', 'bare.py', '--log']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Thread-1 (work)');
    expect(r.stderr).toMatch(/MainThread +py\.call join\(\) at line 11/);
    expect(r.stdout).toBe('6\n');
  });

  it("a syntax error is reported in Python's form, exit 2", () => {
    const r = cs(['run', 'syntax.py']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`  File "syntax.py", line 2\n    y = (2,\n        ^\nSyntaxError: '(' was never closed\n`);
  });

  it('an unsupported construct is named with its line, exit 2', () => {
    const r = cs(['check', 'match.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('concsim: match.py: line 2: `match` statements are not supported\n');
  });
});
