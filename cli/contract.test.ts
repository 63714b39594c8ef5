/**
 * The CLI's contract under attack: 2,400 generated malformed invocations across every
 * subcommand — each a well-formed command line with one fault put in (an unknown command
 * or flag, a flag missing its value or followed by another flag, a value out of range, a
 * malformed --param, --choices or --shard, an unknown scenario or suite, a missing file,
 * shard reports that are not one campaign) — must each exit 2 with one line on stderr, no
 * stack trace, nothing on stdout and no file written. They run in-process through
 * `main(argv)` (the worker and watchdog are exercised by the spawned cases below).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'concsim-contract-'));
const outDir = join(dir, 'out');
mkdirSync(outDir);

/** Shard reports: a real campaign's two halves, and the ways a set of them can be wrong. */
const shard = (index: number, o: Record<string, unknown> = {}) => ({
  scenario: 'event-wakeup',
  strategy: 'pct',
  seed: 5,
  runs: 10,
  ok: true,
  workers: 1,
  explored: 10,
  total: 20,
  shard: { index, count: 2 },
  ...o,
});
const fixture = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const s1 = fixture('s1.json', JSON.stringify(shard(1)));
const s2 = fixture('s2.json', JSON.stringify(shard(2)));
const badMerges: string[][] = [
  [s1],
  [s1, s1],
  [s1, fixture('seed.json', JSON.stringify(shard(2, { seed: 6 })))],
  [s1, fixture('scenario.json', JSON.stringify(shard(2, { scenario: 'lost-wakeup' })))],
  [s1, fixture('strategy.json', JSON.stringify(shard(2, { strategy: 'random' })))],
  [s1, fixture('runs.json', JSON.stringify(shard(2, { total: 30 })))],
  [s1, fixture('count.json', JSON.stringify(shard(2, { shard: { index: 2, count: 3 } })))],
  [s1, s2, fixture('extra.json', JSON.stringify(shard(3, { shard: { index: 3, count: 2 } })))],
  [fixture('neg.json', JSON.stringify(shard(1, { explored: -4 }))), s2],
  [fixture('trunc.json', JSON.stringify(shard(1)).slice(0, 40)), s2],
  [fixture('empty.json', ''), s2],
  [fixture('array.json', '[]'), s2],
  [fixture('null.json', 'null'), s2],
  [fixture('nofail.json', JSON.stringify(shard(1, { ok: false }))), s2],
  [join(dir, 'missing.json'), s2],
  [dir, s2],
];
const fixtures = new Set(readdirSync(dir));

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const flagLike = fc.constantFrom('--json', '--log', '--nope', '-x', '--seed', '--all', '--param');
const badInt = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', 'abc', '', ' ', '1e3', '0x10', 'NaN', 'Infinity', '99999999999999999999'),
  fc.integer({ max: 0 }).map(String),
);
const badSeed = fc.oneof(
  fc.constantFrom('-1', '1.5', 'abc', '', '4294967296', '1e3', 'seed'),
  fc.bigInt({ min: 2n ** 32n, max: 2n ** 64n }).map(String),
);

/** A valid command line of each subcommand, into which a fault is put. */
const bases: Record<string, readonly string[]> = {
  list: ['list'],
  run: ['run', 'event-wakeup', '--seed', '3'],
  replay: ['replay', 'event-wakeup', '--seed', '3', '--choices', '0,1'],
  check: ['check', 'event-wakeup', '--runs', '5'],
  merge: ['merge', s1, s2],
  report: ['report', 'bug-hunt', '--out', outDir],
  tour: ['tour', '--out', outDir],
};
const valueFlags: Record<string, string[]> = {
  run: ['--seed', '--strategy', '--depth', '--param', '--max-steps', '--trace', '--timeout'],
  replay: ['--seed', '--choices', '--param', '--max-steps', '--trace', '--timeout'],
  check: ['--runs', '--strategy', '--depth', '--seed', '--param', '--max-steps', '--junit', '--shard', '--timeout'],
  report: ['--out', '--param', '--seeds'],
  tour: ['--out'],
  list: [],
  merge: [],
};
const intFlags: Record<string, string[]> = {
  run: ['--depth', '--max-steps'],
  replay: ['--max-steps'],
  check: ['--runs', '--depth', '--max-steps'],
  report: ['--seeds'],
};

type Fault = fc.Arbitrary<(base: string[]) => string[]>;
const sub = (b: string[]) => b[0] as string;
/** `b` when it is one of `subs`, else a run: for a fault that only those subcommands can have. */
const oneOf = (b: string[], subs: readonly string[]) => (subs.includes(sub(b)) ? b : ['run', 'event-wakeup']);
const insertAt = (b: string[], at: number, ...xs: string[]) => {
  const i = 1 + (at % b.length);
  return [...b.slice(0, i), ...xs, ...b.slice(i)];
};
/** Faults that apply to any subcommand. */
const anyFault: Fault[] = [
  word.filter((w) => !Object.hasOwn(bases, w) && w !== 'help').map((w) => (b) => [w, ...b.slice(1)]),
  fc
    .tuple(word, fc.nat())
    .filter(([w]) => w !== 'verbose' && w !== 'help' && w !== 'version')
    .map(
      ([w, at]) =>
        (b) =>
          insertAt(b, at, `--${w}-x`),
    ),
];
/** Faults for subcommands with value flags: a missing value, a flag as the value, a bad value. */
const valueFault: Fault[] = [
  fc.nat().map((k) => (b) => {
    const flags = valueFlags[sub(b)] as string[];
    return flags.length === 0 ? ['list', '--nope'] : [...b, flags[k % flags.length] as string];
  }),
  fc.tuple(fc.nat(), flagLike, fc.nat()).map(([k, next, at]) => (b) => {
    const flags = valueFlags[sub(b)] as string[];
    return flags.length === 0 ? ['list', 'extra', 'words'] : insertAt(b, at, flags[k % flags.length] as string, next);
  }),
  fc.tuple(fc.nat(), badInt).map(([k, v]) => (b) => {
    const flags = intFlags[sub(b)];
    return flags === undefined
      ? ['check', 'event-wakeup', '--runs', v === '' ? '0' : v]
      : [...b, flags[k % flags.length] as string, v];
  }),
  badSeed.map((v) => (b) => [...oneOf(b, ['run', 'replay', 'check']), '--seed', v]),
  word.map((w) => (b) => [...oneOf(b, ['run', 'check']), '--strategy', `${w}z`]),
  fc.constant(() => ['check', 'event-wakeup', '--strategy', 'replay']),
  fc
    .constantFrom('-1', 'abc', '', '1e9', '86401', '-0.5')
    .map((v) => (b) => [...oneOf(b, ['run', 'replay', 'check']), '--timeout', v]),
];
/** Faults in what the values say. */
const meaningFault: Fault[] = [
  fc
    .oneof(
      word.filter((w) => !w.includes('=')),
      word.map((w) => `nosuch${w}=1`),
      fc.constantFrom('waiters=0', 'waiters=-5', 'waiters=abc', 'waiters=', 'waiters=1.5', '=3', 'delay=1'),
    )
    .map((p) => (b) => [...oneOf(b, ['run', 'replay', 'check']), '--param', p]),
  fc
    .oneof(
      fc.constantFrom('x', '1,,2', '-1', '1,x', '1*', '*3', '0*999999999999', '0*60000000,0*60000000', '1.5', '1;2'),
      fc
        .array(fc.constantFrom('1', 'a', '*', ',', '-', ' '), { minLength: 1, maxLength: 8 })
        .map((a) => `${a.join('')}q`),
    )
    .map((c) => () => ['replay', 'event-wakeup', '--seed', '1', '--choices', c]),
  fc
    .constantFrom('0/3', '4/3', '1/0', 'x', '1/', '/2', '1/2/3', '-1/2', '1/100001')
    .map((s) => () => ['check', 'event-wakeup', '--shard', s]),
  fc.constantFrom('0', 'x', '-2', '257').map((w) => () => ['check', 'event-wakeup', '--workers', w]),
  word
    .filter((w) => !['event-wakeup'].includes(w))
    .map(
      (w) => (b) =>
        ['run', 'replay', 'check'].includes(sub(b)) ? [sub(b), `no-such-${w}`, ...b.slice(2)] : ['run', `no-such-${w}`],
    ),
  word.map((w) => () => ['run', join(dir, `${w}-missing.ts`)]),
  word.map((w) => () => ['report', `nosuite-${w}`, '--out', outDir]),
  fc.constantFrom(...badMerges).map((files) => () => ['merge', ...files]),
  fc
    .constantFrom(
      ['check'],
      ['check', 'event-wakeup', '--all'],
      ['check', '--all', '--param', 'waiters=2'],
      ['replay', 'event-wakeup', '--choices', '0'],
      ['replay', 'event-wakeup', '--seed', '1'],
      ['run'],
      ['merge'],
      ['report'],
      ['run', 'event-wakeup', '--trace', '--json'],
      ['run', 'event-wakeup', '--trace', join(dir, 'no', 'such', 'dir.json')],
      ['check', 'event-wakeup', '--junit', join(dir, 'no', 'x.xml')],
      ['tour', '--out', '--nope'],
      ['list', 'extra'],
    )
    .map((argv) => () => [...argv]),
];

const invocation = fc
  .tuple(
    fc.constantFrom(...Object.values(bases)).map((b) => [...b]),
    fc.oneof(...anyFault, ...valueFault, ...meaningFault),
  )
  .map(([base, fault]) => fault(base));

async function invoke(argv: readonly string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, { out: (s) => stdout.push(s), err: (s) => stderr.push(s) }, { watchdog: false });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('the CLI contract', { timeout: 240_000 }, () => {
  it('2,400 generated malformed invocations: exit 2, one line on stderr, no stack, nothing on stdout, no file', async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(invocation, async (argv) => {
        count++;
        const r = await invoke(argv);
        const lines = r.stderr.split('\n');
        expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
        expect(r.stdout).toBe('');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^concsim: \S/);
        expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
        expect(readdirSync(dir).filter((f) => !fixtures.has(f))).toEqual([]);
        expect(readdirSync(outDir)).toEqual([]);
      }),
      { numRuns: 2400 },
    );
    expect(count).toBe(2400);
  });

  it('names the flag that went without a value, and the one it would have swallowed', async () => {
    const r = await invoke(['run', 'event-wakeup', '--trace', '--json']);
    expect(r.stderr).toMatch(/option '--trace <file>' needs a value, got the option '--json'/);
  });

  it('merge names what makes shards not one campaign', async () => {
    expect((await invoke(['merge', s1, s1])).stderr).toMatch(/shard 1\/2 given twice/);
    expect((await invoke(['merge', s1])).stderr).toMatch(/missing shard 2\/2/);
    expect((await invoke(['merge', s1, join(dir, 'seed.json')])).stderr).toMatch(/another campaign: seed 6/);
  });

  // Through the real command: the worker, the watchdog and the process's streams.
  it.each([
    [['run', 'event-wakeup', '--trace', '--json']],
    [['replay', 'event-wakeup', '--seed', '1', '--choices', '0*999999999999']],
    [['merge', join(dir, 'trunc.json'), s2]],
    [['run', join(dir, 'missing.ts'), '--timeout', '1']],
  ])('spawned: %j', (argv) => {
    const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a reader that stops reading early (| head) is not an error', async () => {
    for (const args of [['list'], ['run', 'threaded-clients', '--log']]) {
      const p = spawn(process.execPath, [bin, ...args], { env: { ...process.env, CI: '1' } });
      let stderr = '';
      p.stderr.on('data', (d) => {
        stderr += d;
      });
      p.stdout.once('data', () => p.stdout.destroy());
      const code = await new Promise((resolve) => p.on('close', resolve));
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });
});
