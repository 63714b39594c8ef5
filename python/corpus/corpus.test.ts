// The differential corpus: every program under python/corpus/ runs through the Python front end
// and must print exactly what CPython 3.11 printed (stdout, stderr, exit code; the goldens beside
// each program, made by regenerate.py). Programs listed in PENDING are known not to match yet: they
// may fail, but one that now matches fails the run, so the list only shrinks.
//
//   npx vitest run python/corpus                               check
//   CONCSIM_UPDATE_PENDING=1 npx vitest run python/corpus      rewrite PENDING from this run
//   CONCSIM_CORPUS=threading/,lang/ints npx vitest run python/corpus   only paths starting so
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}
type RunPython = (source: string, options: { filename: string; seed?: number }) => Outcome | Promise<Outcome>;

const here = dirname(fileURLToPath(import.meta.url));
const pendingFile = join(here, 'PENDING');
const updating = process.env['CONCSIM_UPDATE_PENDING'] === '1';
const only = (process.env['CONCSIM_CORPUS'] ?? '').split(',');

function listPrograms(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listPrograms(path));
    else if (entry.name.endsWith('.py') && path !== join(here, 'regenerate.py')) out.push(path);
  }
  return out;
}

const all = listPrograms(here)
  .map((p) => relative(here, p).split(sep).join('/'))
  .sort();
const programs = all.filter((p) => only.some((prefix) => p.startsWith(prefix.trim())));

function readPending(): Set<string> {
  if (!existsSync(pendingFile)) return new Set();
  return new Set(
    readFileSync(pendingFile, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#')),
  );
}
const pending = readPending();

// The front end is loaded lazily so that this file still runs (every program failing) while
// python/index.ts does not exist yet.
let loaded: Promise<RunPython | Error> | undefined;
function frontEnd(): Promise<RunPython | Error> {
  const specifier = '../index.ts';
  loaded ??= import(/* @vite-ignore */ specifier).then(
    (m: { runPython?: RunPython }) => m.runPython ?? new Error('python/index.ts exports no runPython'),
    (e: unknown) => new Error(`cannot load python/index.ts: ${String(e)}`),
  );
  return loaded;
}

function golden(rel: string): Outcome {
  const g = JSON.parse(readFileSync(join(here, rel.replace(/\.py$/, '.golden.json')), 'utf8')) as Outcome;
  return { stdout: g.stdout, stderr: g.stderr, exitCode: g.exitCode };
}

async function run(rel: string): Promise<Outcome | Error> {
  const runPython = await frontEnd();
  if (runPython instanceof Error) {
    loadError = runPython;
    return runPython;
  }
  try {
    const r = await runPython(readFileSync(join(here, rel), 'utf8'), { filename: rel });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const matched = new Set<string>();
let loadError: Error | undefined;

describe('corpus', () => {
  test('every program has a golden, every golden a program, every PENDING line a program', () => {
    const missing = all.filter((p) => !existsSync(join(here, p.replace(/\.py$/, '.golden.json'))));
    expect(missing, 'programs without a golden: run python3 python/corpus/regenerate.py').toEqual([]);
    const stale = [...pending].filter((p) => !all.includes(p));
    if (!updating) expect(stale, 'PENDING names programs that do not exist').toEqual([]);
  });

  test.each(programs)(
    '%s',
    async (rel) => {
      const want = golden(rel);
      const got = await run(rel);
      const same =
        !(got instanceof Error) &&
        got.stdout === want.stdout &&
        got.stderr === want.stderr &&
        got.exitCode === want.exitCode;
      if (same) matched.add(rel);
      if (updating) return;
      if (pending.has(rel)) {
        if (same) {
          throw new Error(`${rel} now matches CPython: remove it from python/corpus/PENDING`);
        }
        return;
      }
      if (got instanceof Error) throw got;
      expect(got).toEqual(want);
    },
    20_000,
  );

  afterAll(() => {
    const byFolder = new Map<string, [number, number]>();
    for (const p of programs) {
      const folder = p.split('/')[0]!;
      const [m, n] = byFolder.get(folder) ?? [0, 0];
      byFolder.set(folder, [m + (matched.has(p) ? 1 : 0), n + 1]);
    }
    const parts = [...byFolder].map(([f, [m, n]]) => `${f} ${m}/${n}`);
    console.log(`corpus: ${matched.size}/${programs.length} match CPython (${parts.join(', ')})`);
    const nowPassing = programs.filter((p) => pending.has(p) && matched.has(p));
    if (nowPassing.length > 0 && !updating) {
      console.log(`corpus: now matching, remove from PENDING:\n  ${nowPassing.join('\n  ')}`);
    }
    if (updating && loadError && existsSync(join(here, '..', 'index.ts'))) {
      // A front end that exists but does not load is broken for the moment, not behind on every program.
      console.log(`corpus: PENDING left as it was: ${loadError.message}`);
    } else if (updating) {
      // Programs outside this run's selection keep their PENDING state.
      const next = all.filter((p) => (programs.includes(p) ? !matched.has(p) : pending.has(p)));
      const header =
        '# Corpus programs the Python front end does not match yet (one path a line, relative to python/corpus).\n' +
        '# The corpus test fails if one of these now matches, so this list only shrinks.\n' +
        '# Regenerate: CONCSIM_UPDATE_PENDING=1 npx vitest run python/corpus\n';
      writeFileSync(pendingFile, header + next.map((p) => `${p}\n`).join(''));
      console.log(`corpus: wrote PENDING with ${next.length} programs`);
    }
  });
});
