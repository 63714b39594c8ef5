import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CALIBRATED_COSTS } from '../engine/index.ts';
import cpuVsIo from '../scenarios/pools/cpu-vs-io.ts';
import timerHello from '../scenarios/threading/timer-hello.ts';
import { checkScenario } from './check.ts';
import {
  activeProfile,
  IDEAL_PROFILE,
  loadProfile,
  ProfileError,
  parseProfile,
  reportProfile,
  setActiveProfile,
} from './profile.ts';
import { runScenario } from './run.ts';

const dir = mkdtempSync(join(tmpdir(), 'concsim-profile-'));
function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

afterEach(() => {
  setActiveProfile(null);
  delete process.env['CONCSIM_COSTS'];
  delete process.env['CONCSIM_CORES'];
});

describe('cost profiles', () => {
  it('reads a flat object of constants or calibrate’s document, defaults filling the rest', () => {
    expect(parseProfile({ threadStart: 80 }, 'x').costs).toEqual({ ...CALIBRATED_COSTS, threadStart: 80 });
    const doc = parseProfile(
      { costs: { threadStart: 80 }, machine: { description: 'box' }, python: '3.11.7' },
      'p.json',
    );
    expect(doc.costs.threadStart).toBe(80);
    expect(doc.source).toBe('profile p.json (box, Python 3.11.7)');
  });

  it('rejects a malformed profile in one line', () => {
    expect(() => loadProfile(file('bad.json', '{"threadStart": -1}'))).toThrow(ProfileError);
    expect(() => loadProfile(file('junk.json', 'not json'))).toThrow(/is not JSON/);
    expect(() => loadProfile(join(dir, 'missing.json'))).toThrow(/cannot read cost profile .*ENOENT/);
    expect(() => parseProfile({ nope: 1 }, 'x')).toThrow(/unknown cost 'nope'/);
  });

  it('run() and check() take costs; CONCSIM_COSTS sets the default', () => {
    const costs = { ...CALIBRATED_COSTS, threadStart: CALIBRATED_COSTS.threadStart + 500 };
    const plain = runScenario(timerHello, { costs: CALIBRATED_COSTS });
    const costly = runScenario(timerHello, { costs });
    expect(costly.virtualTime - plain.virtualTime).toBeCloseTo(0.0005, 6);
    expect(checkScenario(timerHello, { runs: 20, costs }).ok).toBe(true);
    process.env['CONCSIM_COSTS'] = file(
      'p.json',
      JSON.stringify({ costs: { threadStart: CALIBRATED_COSTS.threadStart + 500 } }),
    );
    expect(activeProfile().source).toMatch(/^profile .*p\.json$/);
    const fromEnv = runScenario(timerHello, {});
    expect(fromEnv.virtualTime).toBe(costly.virtualTime);
    expect(fromEnv.replay).toMatch(/ --costs \S*p\.json /);
    expect(loadProfile('calibrated').costs).toBe(CALIBRATED_COSTS);
    delete process.env['CONCSIM_COSTS'];
    expect(activeProfile()).toBe(IDEAL_PROFILE);
    expect(reportProfile().name).toBe('calibrated');
  });

  it('cores: a scenario with a cores parameter takes it there; the option overrides limits', () => {
    const r = runScenario(cpuVsIo, { cores: 1 });
    expect(r.params['cores']).toBe(1);
    expect((r.result as { speedup: { processes: number } }).speedup.processes).toBeLessThanOrEqual(1);
    process.env['CONCSIM_CORES'] = '2';
    expect(runScenario(cpuVsIo, {}).params['cores']).toBe(2);
    expect(runScenario(cpuVsIo, { params: { cores: 3 } }).params['cores']).toBe(3);
  });
});
