/**
 * The Gantt chart: worker processes' rows sit under their process's label, and the steps of
 * a run are visible whether it takes no virtual time (drawn along its steps) or acts at a
 * few instants far apart (each instant widened into a band, the axis saying so).
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine/index.ts';
import { buildTimeline } from '../trace/timeline.ts';
import { ganttInfo, renderGantt } from './gantt.ts';

const r = (
  time: number,
  step: number,
  fiber: number,
  kind: string,
  obj: string | null = null,
  data: TraceRecord['data'] = null,
): TraceRecord => ({
  time,
  step,
  fiber,
  kind: kind as TraceRecord['kind'],
  obj,
  data,
});

/** The main process starts a worker process; both sleep until `later`, then finish. */
function twoProcesses(later: number): TraceRecord[] {
  return [
    r(0, 0, 1, 'spawn', null, { name: 'MainThread', pid: 1, daemon: false }),
    r(0, 1, 1, 'run'),
    r(0, 1, 1, 'process.start', 'ForkProcess-1', { pid: 2 }),
    r(0, 1, 2, 'spawn', null, { name: 'MainThread', pid: 2, daemon: false }),
    ...(later > 0
      ? [r(0, 1, 1, 'sleep', null, { until: later }), r(0, 2, 2, 'run'), r(0, 2, 2, 'sleep', null, { until: later })]
      : [r(0, 1, 1, 'yield'), r(0, 2, 2, 'run'), r(0, 2, 2, 'yield')]),
    r(later, 3, 1, 'run'),
    r(later, 3, 1, 'finish'),
    r(later, 4, 2, 'run'),
    r(later, 4, 2, 'finish'),
  ];
}

/** Widths of the slices drawn for running steps. */
function stepWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect class="slice mark state-running"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
}

describe('Gantt chart', () => {
  it('labels each process above its threads, so two MainThreads are told apart', () => {
    const tl = buildTimeline({ records: twoProcesses(1_000_000) });
    const svg = renderGantt('t', tl, 'two processes');
    const labels = [...svg.matchAll(/<text class="process-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['MainProcess (pid 1)', 'ForkProcess-1 (pid 2)']);
    expect(svg.match(/>MainThread<title>MainThread — (\w+-?\d?) \(pid \d\)</g)).toHaveLength(2);
  });

  it('spreads the steps of each instant over a band when the run acts at instants far apart', () => {
    const tl = buildTimeline({ records: twoProcesses(1_000_000) });
    expect(ganttInfo(tl).mode).toBe('bands');
    const svg = renderGantt('t', tl, 'a second apart');
    expect(svg).toContain('each shaded band spreads out the steps taken at one instant');
    expect(svg.match(/class="step-band"/g)).toHaveLength(2);
    const widths = stepWidths(svg);
    expect(widths.length).toBeGreaterThanOrEqual(4);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(2);
    // The sleeps between the instants take the rest of the width.
    const sleeps = [...svg.matchAll(/state-sleeping"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...sleeps)).toBeGreaterThan(400);
  });

  it('draws a run that takes no virtual time along its steps', () => {
    const tl = buildTimeline({ records: twoProcesses(0) });
    expect(ganttInfo(tl).mode).toBe('steps');
    const svg = renderGantt('t', tl, 'no time');
    expect(svg).toContain('scheduling steps in the order they ran');
    for (const w of stepWidths(svg)) expect(w).toBeGreaterThan(50);
  });
});
