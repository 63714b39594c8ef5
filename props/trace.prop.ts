/**
 * The Chrome trace export, on random runs of every built-in scenario (random parameters,
 * seeds and strategies): the JSON round-trips, every process and thread is named, slices on
 * a track never overlap, timestamps never go backwards on a track, every flow arrow has
 * both ends inside slices, and a slice never starts before its virtual time.
 */

import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { checkChromeTrace } from '../reports/trace/check.ts';
import { serializeChromeTrace, toChromeTrace } from '../reports/trace/chrome.ts';
import { TraceRecorder } from '../reports/trace/collect.ts';
import { buildTimeline } from '../reports/trace/timeline.ts';
import { CHECK_MAX_STEPS } from '../runner/check.ts';
import { runScenario } from '../runner/run.ts';
import { BUILTIN_SCENARIOS } from '../scenarios/index.ts';
import { scenarioCaseArb, seedArb, seededStrategyArb } from './support.ts';

describe('Chrome trace export', () => {
  test.prop([scenarioCaseArb(BUILTIN_SCENARIOS), seedArb, seededStrategyArb], { numRuns: 60 })(
    'is well formed for random runs of the built-in scenarios',
    ({ scenario, params }, seed, strategy) => {
      const rec = new TraceRecorder();
      const r = runScenario(scenario, {
        seed,
        strategy,
        params,
        maxSteps: CHECK_MAX_STEPS,
        ...(strategy === 'pct' ? { pctSteps: 200 } : {}),
        listeners: [rec.listener],
      });
      const input = { records: rec.records, threads: r.threads, processes: rec.processes() };
      const trace = toChromeTrace(input, { scenario: r.scenario, seed, strategy, version: 'test' });
      const text = serializeChromeTrace(trace);
      const parsed = JSON.parse(text);
      expect(parsed).toEqual(JSON.parse(JSON.stringify(trace)));
      expect(checkChromeTrace(parsed, text)).toEqual([]);

      // Every thread of the run has a named track, and the timeline covers the run.
      const names = new Set(
        trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => ('tid' in e ? e.tid : 0)),
      );
      for (let id = 1; id <= r.threads.length; id++) expect(names.has(id)).toBe(true);
      const tl = buildTimeline(input);
      const endTicks = Math.round(r.virtualTime * 1e6);
      expect(tl.endTime).toBe(endTicks);
      for (const s of tl.slices) {
        expect(s.start).toBeLessThanOrEqual(s.end);
        expect(s.end).toBeLessThanOrEqual(tl.end);
      }
      // Each step of the run is one running slice, at its own virtual time.
      const runs = rec.records.filter((x) => x.kind === 'run');
      const running = tl.slices.filter((s) => s.state === 'running');
      expect(running.length).toBe(runs.length);
    },
  );
});
