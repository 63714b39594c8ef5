/**
 * A replay command printed for a run started from code names what the CLI can load: the
 * file that defined the scenario (relative to the working directory), and a built-in
 * scenario by its name.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sleep } from '../models/time.ts';
import lostWakeup from '../scenarios/bugs/lost-wakeup.ts';
import { param } from './params.ts';
import { replayTarget, runScenario } from './run.ts';
import { defineScenario, scenarioFile } from './scenario.ts';

const here = fileURLToPath(import.meta.url);
const mine = defineScenario({
  name: 'defined-in-a-test',
  summary: 'a scenario defined outside the built-ins',
  params: { n: param.int({ default: 1, min: 1, max: 3, doc: 'n' }) },
  *main() {
    yield* sleep(0.1);
    return 1;
  },
});

describe('replay targets', () => {
  it('a scenario defined in a file: that file, relative to the working directory', () => {
    expect(scenarioFile(mine)).toBe(here);
    expect(replayTarget(mine)).toBe(`./${relative(process.cwd(), here)}`);
    expect(runScenario(mine, { seed: 3, params: { n: 2 } }).replay).toBe(
      `concsim replay ./${relative(process.cwd(), here)} --seed 3 --param n=2 --choices ''`,
    );
  });

  it('a built-in scenario: its name', () => {
    expect(replayTarget(lostWakeup)).toBe('lost-wakeup');
  });
});
