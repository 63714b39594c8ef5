/**
 * JUnit XML from `concsim check --junit FILE`: well-formed XML (checked by a small strict
 * parser below: one root, matched tags, quoted attributes, known entities, no stray `<` or
 * `&`), one test case per invariant plus one for the run verdict, the replay command in a
 * failure's message, expected bugs passing when found under `--all`, and the file written
 * atomically.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../runner/check.ts';
import { findScenario } from '../scenarios/index.ts';
import { checkPassed, type JunitCheck, junitXml, xmlEscape } from './junit.ts';

interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bare & in ${where}`);
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] as string),
  );
}

/** A strict parser for the XML subset JUnit reports use; throws on anything not well-formed. */
function parseXml(src: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(src);
  if (decl === null) throw new Error('missing the XML declaration');
  i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const name = /[A-Za-z_][\w.-]*/y;
  while (i < src.length) {
    if (src[i] === '<') {
      if (src.startsWith('</', i)) {
        name.lastIndex = i + 2;
        const m = name.exec(src);
        const top = stack.pop();
        if (m === null || top === undefined || top.name !== m[0]) throw new Error(`mismatched </${m?.[0]}> at ${i}`);
        i = name.lastIndex;
        if (src[i] !== '>') throw new Error(`bad end tag at ${i}`);
        i++;
        continue;
      }
      name.lastIndex = i + 1;
      const m = name.exec(src);
      if (m === null) throw new Error(`bad tag at ${i}`);
      i = name.lastIndex;
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: '' };
      for (;;) {
        const ws = /\s*/y;
        ws.lastIndex = i;
        ws.exec(src);
        i = ws.lastIndex;
        if (src.startsWith('/>', i) || src[i] === '>') break;
        const a = /([A-Za-z_][\w.-]*)="([^"<]*)"/y;
        a.lastIndex = i;
        const am = a.exec(src);
        if (am === null) throw new Error(`bad attribute at ${i}: ${src.slice(i, i + 40)}`);
        if ((am[1] as string) in el.attrs) throw new Error(`duplicate attribute ${am[1]}`);
        el.attrs[am[1] as string] = decode(am[2] as string, `attribute ${am[1]}`);
        i = a.lastIndex;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root === null) root = el;
      else throw new Error('a second root element');
      if (src.startsWith('/>', i)) i += 2;
      else {
        i++;
        stack.push(el);
      }
      continue;
    }
    const next = src.indexOf('<', i);
    const chunk = src.slice(i, next < 0 ? src.length : next);
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (chunk.trim() !== '') throw new Error(`text outside the root: ${chunk.slice(0, 40)}`);
    } else top.text += decode(chunk, `<${top.name}>`);
    i = next < 0 ? src.length : next;
  }
  if (stack.length > 0 || root === null) throw new Error('unclosed elements');
  return root;
}

const all = (el: XmlElement, tag: string): XmlElement[] => [
  ...el.children.filter((c) => c.name === tag),
  ...el.children.flatMap((c) => all(c, tag)),
];

describe('the XML checker used here', () => {
  it('rejects what is not well-formed', () => {
    const d = '<?xml version="1.0" encoding="UTF-8"?>\n';
    expect(parseXml(`${d}<a x="1 &amp; 2"><b/>t &lt;</a>\n`).attrs['x']).toBe('1 & 2');
    for (const bad of ['<a><b></a></b>', '<a x=1/>', '<a>&</a>', '<a x="<"/>', '<a/><b/>', '<a>', '<a x="1" x="2"/>']) {
      expect(() => parseXml(`${d}${bad}`), bad).toThrow();
    }
  });
});

describe('junitXml', () => {
  const deadlock = findScenario('lock-order-deadlock')!;
  const wakeup = findScenario('event-wakeup')!;
  const failing = checkScenario(deadlock, { runs: 100, strategy: 'random', seed: 1 });
  const passing = checkScenario(wakeup, { runs: 5, strategy: 'pct', seed: 1 });
  const plain = (scenario: typeof deadlock, check: typeof failing): JunitCheck => ({
    scenario,
    check,
    mode: 'plain',
    command: `concsim check ${scenario.name} --runs 100 --strategy random --seed 1`,
    seconds: 0.25,
  });

  it('gives one case per invariant plus one for the verdict, and a failure that carries the replay command', () => {
    expect(failing.ok).toBe(false);
    const xml = junitXml([plain(wakeup, passing), plain(deadlock, failing)]);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['event-wakeup', 'lock-order-deadlock']);
    const wakeupCases = all(suites[0]!, 'testcase');
    expect(wakeupCases.map((c) => c.attrs['name'])).toEqual([
      ...(wakeup.invariants ?? []).map((i) => `invariant ${i.name}: ${i.statement}`),
      'every run ends cleanly: no exception escapes a thread, no deadlock, no step or time budget exceeded',
    ]);
    expect(all(suites[0]!, 'failure')).toEqual([]);
    const failures = all(suites[1]!, 'failure');
    expect(failures).toHaveLength(1);
    const f = failures[0]!;
    expect(f.attrs['type']).toBe('deadlock');
    const replay = failing.failure!.replay;
    expect(f.attrs['message']).toMatch(/^deadlock at /);
    expect(f.attrs['message']?.endsWith(` — replay: ${replay}`)).toBe(true);
    expect(f.text).toContain(`replay: ${replay}`);
    expect(f.text).toContain('repeat the check: concsim check lock-order-deadlock --runs 100');
    expect(f.text).toContain('transfer-AB'); // thread names, not fiber numbers
    expect(root.attrs).toMatchObject({ tests: String(wakeupCases.length + all(suites[1]!, 'testcase').length) });
    expect(root.attrs['failures']).toBe('1');
    expect(suites[1]!.attrs['failures']).toBe('1');
    const props = Object.fromEntries(all(suites[1]!, 'property').map((p) => [p.attrs['name'], p.attrs['value']]));
    expect(props).toMatchObject({ strategy: 'random', seed: '1', expectFailure: 'true' });
  });

  it('counts an expected bug as passing when found, and failing (with the command to repeat) when not', () => {
    const found: JunitCheck = { ...plain(deadlock, failing), mode: 'expect-bug' };
    const missed: JunitCheck = { ...plain(deadlock, { ...failing, ok: true, runs: 100 }), mode: 'expect-bug' };
    delete (missed.check as { failure?: unknown }).failure;
    expect(checkPassed(found)).toBe(true);
    expect(checkPassed(missed)).toBe(false);
    const root = parseXml(junitXml([found, missed]));
    const [a, b] = all(root, 'testsuite');
    expect(all(a!, 'testcase')).toHaveLength(1);
    expect(all(a!, 'failure')).toEqual([]);
    expect(all(a!, 'system-out')[0]?.text).toContain(`replay: ${failing.failure!.replay}`);
    const miss = all(b!, 'failure')[0]!;
    expect(miss.attrs['type']).toBe('not-found');
    expect(miss.attrs['message']).toContain('repeat the check: concsim check lock-order-deadlock');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlEscape('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(xmlEscape('x\ny', true)).toBe('x&#10;y');
    const weird = { ...plain(wakeup, passing), scenario: { ...wakeup, name: 'we<i>rd & "odd"\u0007' } };
    const root = parseXml(junitXml([weird]));
    expect(all(root, 'testsuite')[0]?.attrs['name']).toBe('we<i>rd & "odd"');
  });
});

const bin = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const repo = fileURLToPath(new URL('../', import.meta.url));

function cs(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('concsim check --junit', { timeout: 120_000 }, () => {
  it('writes a failing check as JUnit XML, atomically, with a replay command that reproduces the failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-junit-'));
    const file = join(dir, 'check.xml');
    const r = cs(['check', 'lock-order-deadlock', '--runs', '100', '--seed', '1', '--junit', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`junit: ${file}`);
    expect(readdirSync(dir)).toEqual(['check.xml']); // no temporary file left behind
    const root = parseXml(readFileSync(file, 'utf8'));
    const f = all(root, 'failure')[0]!;
    const replay = /replay: (concsim replay .*)$/.exec(f.attrs['message'] ?? '')?.[1] as string;
    expect(replay).toMatch(/^concsim replay lock-order-deadlock --seed \d+/);
    const args = [...replay.replace(/^concsim /, '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    const again = cs([...args, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).verdict.kind).toBe('deadlock');
  });

  it('checks every built-in scenario with --all: known bugs pass when found, one suite per scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-junit-'));
    const file = join(dir, 'all.xml');
    const r = cs(['check', '--all', '--runs', '30', '--strategy', 'random', '--seed', '1', '--junit', file]);
    expect(r.stderr).toContain(`junit: ${file}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/all \d+ scenarios behaved as expected/);
    const listed = JSON.parse(cs(['list', '--json']).stdout) as { name: string; expectFailure: boolean }[];
    const root = parseXml(readFileSync(file, 'utf8'));
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(listed.map((s) => s.name));
    expect(root.attrs['failures']).toBe('0');
    for (const [i, s] of listed.entries()) {
      const cases = all(suites[i]!, 'testcase');
      if (s.expectFailure) {
        expect(cases.map((c) => c.attrs['name'])).toEqual([
          "finds its known bug within the check's runs (strategy random)",
        ]);
        expect(all(suites[i]!, 'system-out')[0]?.text).toMatch(/replay: concsim replay /);
      } else {
        expect(cases.length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('rejects --all with a scenario or with --param, a missing scenario, and an unwritable file, in one line', () => {
    for (const [args, message] of [
      [['check', 'event-wakeup', '--all'], /give a scenario or --all, not both/],
      [['check', '--all', '--param', 'waiters=2'], /--param cannot be used with --all/],
      [['check'], /missing the scenario to check/],
      [['check', 'event-wakeup', '--junit', join(tmpdir(), 'no-such-dir', 'x.xml')], /cannot write the JUnit report/],
    ] as const) {
      const r = cs(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
