/**
 * The fidelity suite at its small size, with no Python: the predictions run now with the
 * committed default profile (reports/calibrate/default-profile.json), the real side is the
 * committed measurements (reports/calibrate/fidelity.real.json). Its report is pinned as HTML
 * and Markdown; regenerate with `npx vitest run -u reports/suites` and read the diff.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CALIBRATED_COSTS } from '../../engine/index.ts';
import { loadProfile } from '../../runner/profile.ts';
import { renderHtml, renderMarkdown } from '../html/render.ts';
import { type FidelityResults, fidelityReport, fidelitySuite, readFixture, runFidelity } from './fidelity.ts';
import { suiteCommand } from './suite.ts';

const params = { size: 'small', real: 'fixture', repeats: 3, cores: 2 } as const;
const results: FidelityResults = runFidelity({ params, seeds: 3, command: suiteCommand(fidelitySuite, params, 3) });

describe('fidelity report', () => {
  it('the built-in costs are the committed profile that concsim calibrate measured', () => {
    const profile = loadProfile(new URL('../calibrate/default-profile.json', import.meta.url).pathname);
    expect(CALIBRATED_COSTS).toEqual(profile.costs);
  });

  it('reads the recorded real runs CONCSIM_FIDELITY_FIXTURE names instead of the committed ones', () => {
    const committed = readFixture();
    const file = join(mkdtempSync(join(tmpdir(), 'concsim-real-')), 'real.json');
    const other = {
      ...committed,
      machine: 'another machine',
      points: { 'timer-hello: x': [{ main: { elapsed: 1 } }] },
    };
    writeFileSync(file, JSON.stringify(other));
    vi.stubEnv('CONCSIM_FIDELITY_FIXTURE', file);
    try {
      expect(readFixture()).toEqual(other);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(readFixture().machine).toBe(committed.machine);
  });

  it('has a real measurement for every point of the small size', () => {
    for (const p of results.points)
      for (const m of p.metrics) expect(m.real, `${p.workload} ${p.label}`).not.toBeNull();
    expect(results.real?.python).toMatch(/^3\.11\./);
  });

  it('on one core, many threads making GIL-releasing calls cost what CPython spends (no convoy there)', () => {
    const p = results.points.find((x) => x.workload === 'gil-contention' && x.label.includes('on 1 core'));
    const cpu = p?.metrics.find((m) => m.name === 'CPU time');
    expect(cpu?.real).toBeTruthy();
    const ratio = (cpu?.predicted as number) / (cpu?.real?.median as number);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('pins the HTML page and the Markdown twin', async () => {
    const doc = fidelityReport(results);
    await expect(renderHtml(doc)).toMatchFileSnapshot('./__golden__/fidelity.html');
    await expect(renderMarkdown(doc)).toMatchFileSnapshot('./__golden__/fidelity.md.golden');
    expect(renderHtml(doc)).not.toMatch(/NaN|undefined|Infinity/);
  });
});
