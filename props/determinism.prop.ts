/**
 * Determinism: a run is fully determined by (scenario, params, strategy, seed) — the same
 * inputs give the same trace hash and the same recorded choices, in one process and in
 * another; replaying the recorded choices gives the same run again. engine/ and models/
 * never read ambient nondeterminism (DESIGN.md, "No ambient nondeterminism").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeChoices } from '../engine/index.ts';
import { sleep } from '../models/time.ts';
import { type RunReport, runScenario } from '../runner/run.ts';
import { defineScenario } from '../runner/scenario.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { paramArgs, scenarioCaseArb, seedArb, seededStrategyArb } from './support.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What must agree between two runs of the same inputs. */
function fingerprint(r: RunReport) {
  return {
    traceHash: r.traceHash,
    choices: r.choices,
    verdict: r.verdict.kind,
    steps: r.steps,
    virtualTime: r.virtualTime,
    invariants: r.invariants,
    result: JSON.stringify(r.result),
  };
}

const caseArb = fc.record({
  c: scenarioCaseArb(BUILTIN_SCENARIOS),
  strategy: seededStrategyArb,
  seed: seedArb,
});

describe('determinism', () => {
  test.prop([caseArb], { numRuns: 100 })(
    'same (scenario, params, strategy, seed) twice in one process: same trace hash and choices',
    ({ c, strategy, seed }) => {
      const a = runScenario(c.scenario, { params: c.params, strategy, seed });
      const b = runScenario(c.scenario, { params: c.params, strategy, seed });
      expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
      expect(fingerprint(b)).toEqual(fingerprint(a));
    },
  );

  test.prop([caseArb], { numRuns: 100 })(
    'replaying the recorded choices reproduces the trace hash and verdict',
    ({ c, strategy, seed }) => {
      const a = runScenario(c.scenario, { params: c.params, strategy, seed });
      const r = runScenario(c.scenario, {
        params: c.params,
        strategy: 'replay',
        seed,
        choices: decodeChoices(a.choices),
      });
      expect(r.traceHash).toBe(a.traceHash);
      expect(r.verdict).toEqual(a.verdict);
      expect(r.choices).toBe(a.choices);
      expect(JSON.stringify(r.result)).toBe(JSON.stringify(a.result));
    },
  );

  // Each case spawns the CLI (about a second): a few drawn cases only.
  test.prop([caseArb], { numRuns: 4 })(
    'the CLI in another process gives the same trace hash and choices as runScenario here',
    ({ c, strategy, seed }) => {
      const here = runScenario(c.scenario, { params: c.params, strategy, seed });
      const args = [
        'cli/bin.js',
        'run',
        c.scenario.name,
        '--seed',
        String(seed),
        '--strategy',
        strategy,
        '--json',
        ...paramArgs(c.params),
      ];
      let stdout: string;
      try {
        stdout = execFileSync(process.execPath, args, {
          cwd: root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e) {
        // Exit code 1 is a failed run (the known-bug scenarios): its JSON is still on stdout.
        const err = e as { status?: number; stdout?: string; stderr?: string };
        if (err.status !== 1) throw new Error(`concsim ${args.slice(1).join(' ')} failed: ${err.stderr}`);
        stdout = err.stdout ?? '';
      }
      const there = JSON.parse(stdout) as Record<string, unknown>;
      expect(there['traceHash']).toBe(here.traceHash);
      expect(there['choices']).toBe(here.choices);
      expect((there['verdict'] as { kind: string }).kind).toBe(here.verdict.kind);
      expect(there['steps']).toBe(here.steps);
      expect(there['params']).toEqual(here.params);
    },
  );
});

// ---- no ambient nondeterminism -------------------------------------------------------------

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b/, 'Date.now'],
  [/\bnew\s+Date\b/, 'new Date'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bsetTimeout\b/, 'setTimeout'],
  [/\bsetInterval\b/, 'setInterval'],
  [/\bsetImmediate\b/, 'setImmediate'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\bcrypto\.random/, 'crypto.random*'],
  [/(?<![.\w])random(?:Bytes|Int|UUID|Fill)\b|\bgetRandomValues\b/, 'node:crypto randomness'],
];

/** Non-test .ts files under `dir`; engine/bench measures real time by design and is left out. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (relative(root, p) === join('engine', 'bench')) continue;
      out.push(...sourceFiles(p));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

/** Blanks comments (keeping line breaks), so prose that names a forbidden call is not flagged. */
function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, (_m, pre: string) => pre);
}

/** `file:line: call` for every forbidden call in `files`. */
function ambientCalls(files: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const [re, what] of FORBIDDEN) {
        if (re.test(line)) hits.push(`${relative(root, file)}:${i + 1}: ${what}`);
      }
    });
  }
  return hits;
}

describe('no ambient nondeterminism in engine/ and models/', () => {
  it('no source file calls real clocks, real timers or ambient randomness', () => {
    const files = [...sourceFiles(join(root, 'engine')), ...sourceFiles(join(root, 'models'))];
    expect(files.length).toBeGreaterThan(10);
    expect(ambientCalls(files)).toEqual([]);
  });

  it('the scan itself flags each forbidden call, with file:line, and ignores comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-scan-'));
    const file = join(dir, 'bad.ts');
    const calls = [
      'Math.random()',
      'Date.now()',
      'new Date()',
      'performance.now()',
      'setTimeout(f, 1)',
      'setInterval(f, 1)',
      'setImmediate(f)',
      'process.hrtime()',
      'crypto.randomUUID()',
      'randomBytes(4)',
    ];
    writeFileSync(file, `// Math.random() in a comment\n/* Date.now() */\n${calls.join(';\n')};\nconst ok = 1;\n`);
    try {
      const hits = ambientCalls([file]).map((h) => h.replace(/^.*bad\.ts:/, ''));
      expect(hits).toEqual(calls.map((_, i) => `${i + 3}: ${FORBIDDEN[i]?.[1]}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * Runs `fn` with the ambient sources replaced by stubs that count and throw, then
   * restores them. Returns what was called (a simulated thread may swallow the throw).
   */
  function guarded<T>(fn: () => T): { value: T; calls: string[] } {
    const calls: string[] = [];
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = {
      random: Math.random,
      Date: g['Date'] as DateConstructor,
      perfNow: performance.now,
      setTimeout: g['setTimeout'],
      setInterval: g['setInterval'],
      setImmediate: g['setImmediate'],
      hrtime: process.hrtime,
    };
    const trap = (what: string) => () => {
      calls.push(what);
      throw new Error(`ambient nondeterminism: ${what} called during a simulation`);
    };
    const RealDate = saved.Date;
    const FakeDate = trap('new Date') as unknown as DateConstructor;
    Object.assign(FakeDate, { now: trap('Date.now'), UTC: RealDate.UTC, parse: RealDate.parse });
    Math.random = trap('Math.random');
    g['Date'] = FakeDate;
    performance.now = trap('performance.now');
    g['setTimeout'] = trap('setTimeout');
    g['setInterval'] = trap('setInterval');
    g['setImmediate'] = trap('setImmediate');
    process.hrtime = Object.assign(trap('process.hrtime'), { bigint: trap('process.hrtime.bigint') });
    try {
      return { value: fn(), calls };
    } finally {
      Math.random = saved.random;
      g['Date'] = saved.Date;
      performance.now = saved.perfNow;
      g['setTimeout'] = saved.setTimeout;
      g['setInterval'] = saved.setInterval;
      g['setImmediate'] = saved.setImmediate;
      process.hrtime = saved.hrtime;
    }
  }

  it('every built-in scenario runs with clocks, timers and Math.random stubbed to throw', () => {
    for (const scenario of BUILTIN_SCENARIOS) {
      for (const strategy of ['fifo', 'random', 'pct'] as const) {
        for (const seed of [0, 1, 7, 123456]) {
          const { value: r, calls } = guarded(() => runScenario(scenario, { strategy, seed }));
          const where = `${scenario.name} --strategy ${strategy} --seed ${seed}`;
          expect(calls, where).toEqual([]);
          if (r.verdict.kind === 'exception') expect(r.verdict.error.message, where).not.toMatch(/ambient/);
        }
      }
    }
    expect(Math.random()).toBeLessThan(1); // restored
    expect(typeof Date.now()).toBe('number');
  });

  it('the runtime guard catches a scenario that reads Math.random or Date.now', () => {
    const sneaky = defineScenario({
      name: 'sneaky',
      summary: 'reads ambient randomness and swallows the error',
      params: {},
      *main() {
        yield* sleep(0);
        try {
          return Math.random() + Date.now();
        } catch {
          return 0;
        }
      },
    });
    const { value: r, calls } = guarded(() => runScenario(sneaky, { strategy: 'fifo', seed: 0 }));
    expect(r.verdict.kind).toBe('ok');
    expect(calls).toEqual(['Math.random']);
  });
});
