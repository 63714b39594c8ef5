/**
 * A campaign past one machine, as the README's CI-matrix and Kubernetes recipes run it:
 * N separate `concsim check --shard i/N --json` processes, each writing its report to a
 * file, then `concsim merge` of the files — which must report exactly what one process
 * checking the whole campaign reports (the same failure, found at the same run, shrunk
 * the same way; or the same number of passing runs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.js', import.meta.url));
const env = { ...process.env, CI: '1' };

/** Runs `concsim args` as its own process; resolves to its exit code and stdout. */
function concsim(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { env });
    let stdout = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout }));
  });
}

/** What a check reports, without what only a campaign's shards add (workers, explored, ...). */
const CHECK_FIELDS = ['scenario', 'strategy', 'seed', 'runs', 'ok', 'failure', 'foundAt', 'shrinks'];
const checkPart = (d: Record<string, unknown>) =>
  Object.fromEntries(CHECK_FIELDS.filter((k) => k in d).map((k) => [k, d[k]]));

describe('a campaign in shard processes', { timeout: 180_000 }, () => {
  it.each([
    ['a failing campaign', 'lost-wakeup', '300', 3],
    ['a passing campaign', 'event-wakeup', '60', 4],
  ])('%s: N processes merged = one process', async (_what, scenario, runs, n) => {
    const dir = mkdtempSync(join(tmpdir(), 'concsim-shards-'));
    const base = ['check', scenario, '--runs', runs, '--seed', '11', '--strategy', 'random', '--json'];
    const [single, ...shards] = await Promise.all([
      concsim(base),
      ...Array.from({ length: n }, (_, i) => concsim([...base, '--shard', `${i + 1}/${n}`])),
    ]);
    const files = shards.map((s, i) => {
      const f = join(dir, `shard-${i + 1}.json`);
      writeFileSync(f, s.stdout);
      return f;
    });
    const merged = spawnSync(process.execPath, [bin, 'merge', ...files.reverse(), '--json'], { env, encoding: 'utf8' });
    const one = JSON.parse(single?.stdout as string);
    expect(merged.status).toBe(single?.code);
    expect(checkPart(JSON.parse(merged.stdout))).toEqual(checkPart(one));
    expect(JSON.parse(merged.stdout).explored).toBeGreaterThanOrEqual(one.runs);
  });
});
