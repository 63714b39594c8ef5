/**
 * A Gantt chart of one run — who ran when — as inline SVG, from the same timeline the
 * Chrome trace exporter uses: one row per thread (the kernel's dispatch row on top, then
 * the threads grouped under a label per process when there is more than one, since every
 * worker process has its own `MainThread`), a bar per state slice, wake-up arrows from
 * waker to woken, and markers for instants (a broken invariant in red).
 *
 * The x axis is virtual time, with one twist: most steps take no virtual time, so on a
 * plain time axis a step is a sliver 1 µs wide and a run that acts at a few instants shows
 * long bars and none of the steps between them. When there are few enough steps, each
 * instant at which steps ran is widened into a shaded band where its steps sit side by
 * side in the order they ran, and the time between instants shares the rest of the width
 * (the axis says so). A run that happens entirely at one instant (as the zoo of known bugs
 * does) is all band: its axis is the order of the scheduling steps.
 */
import { formatTime } from '../../engine/index.ts';
import type { Timeline } from '../trace/timeline.ts';
import { esc, fmt, linearScale, n } from './svg.ts';

const STATE_COLORS: Readonly<Record<string, string>> = {
  running: '#009E73',
  blocked: '#D55E00',
  sleeping: '#56B4E9',
  computing: '#0072B2',
  'gil-wait': '#E69F00',
  'core-wait': '#F0E442',
  kernel: '#9a9a9a',
};

const STATE_NAMES: Readonly<Record<string, string>> = {
  running: 'running a step',
  blocked: 'blocked',
  sleeping: 'sleeping',
  computing: 'computing',
  'gil-wait': 'waiting for the GIL',
  'core-wait': 'waiting for a core',
  kernel: 'kernel dispatch',
};

/** Slices drawn at most; a longer run is cut with a note. */
export const MAX_GANTT_SLICES = 4000;
const MAX_FLOWS = 400;

const W = 900;
const LABEL = 170;
const RIGHT = 20;
const ROW = 20;
/** Height of a process's label row. */
const PROC_ROW = 18;
const BOTTOM = 44;
/** Estimated width of a character of the 12 px legend and label text (generous, so nothing is clipped). */
const CHAR = 7;
/** Widest a step is drawn in a band, and the share of the width all bands may take. */
const STEP_MAX = 10;
const BAND_SHARE = 0.4;
/** Steps narrower than this would not be seen: then the axis is plain virtual time. */
const STEP_MIN = 2;

interface GanttInfo {
  /** `steps`: the run took no virtual time; `bands`: time, with each instant's steps spread over a band; `time`: plain time. */
  readonly mode: 'time' | 'bands' | 'steps';
  /** Whether the kernel's dispatch row is drawn (the timeline has kernel slices). */
  readonly kernel: boolean;
  readonly rows: number;
  readonly slices: number;
  readonly truncated: boolean;
}

function timeUnit(endUs: number): { unit: string; div: number } {
  if (endUs >= 1_000_000) return { unit: 's', div: 1_000_000 };
  if (endUs >= 1_000) return { unit: 'ms', div: 1_000 };
  return { unit: 'µs', div: 1 };
}

/** Width of one step in a band when the plot is `width` wide. */
function stepWidth(tl: Timeline, width: number): number {
  return Math.min(STEP_MAX, (BAND_SHARE * width) / Math.max(1, tl.groups.length));
}

export function ganttInfo(tl: Timeline): GanttInfo {
  const kernel = tl.slices.some((s) => s.thread === 0);
  const bands = stepWidth(tl, W - RIGHT - LABEL) >= STEP_MIN;
  return {
    mode: tl.endTime === 0 ? 'steps' : bands ? 'bands' : 'time',
    kernel,
    rows: tl.threads.length + (kernel ? 1 : 0),
    slices: tl.slices.length,
    truncated: tl.slices.length > MAX_GANTT_SLICES,
  };
}

/** Legend items laid out left to right from `x0`, wrapping before `x1`; returns the markup and the height used. */
function legendRows(items: readonly { w: number; draw: (x: number, y: number) => string }[], x0: number, x1: number) {
  let x = x0;
  let y = 20;
  const out: string[] = [];
  for (const it of items) {
    if (x > x0 && x + it.w > x1) {
      x = x0;
      y += 18;
    }
    out.push(`<g class="legend-item">${it.draw(x, y)}</g>`);
    x += it.w + 18;
  }
  return { svg: `<g class="legend">${out.join('')}</g>`, height: y + 12 };
}

/** A label cut to `max` characters by an ellipsis in the middle, which keeps the end that tells `…-0_0` from `…-0_1`. */
function clip(label: string, max: number): string {
  if (label.length <= max) return label;
  const tail = Math.floor((max - 1) / 2);
  return `${label.slice(0, max - 1 - tail)}…${label.slice(label.length - tail)}`;
}

interface Row {
  readonly thread: number;
  readonly label: string;
  readonly sub: string;
  readonly y: number;
}

/**
 * Where each position goes on the x axis: a piecewise-linear map through breakpoints.
 * In `bands` and `steps` mode every step gets `step` px (an instant's steps side by side)
 * and the time between instants is scaled to fill the rest.
 */
function xMap(tl: Timeline, mode: GanttInfo['mode'], x0: number, x1: number): (pos: number) => number {
  if (mode === 'time') {
    const end = Math.max(1, tl.end);
    return (pos) => x0 + (pos / end) * (x1 - x0);
  }
  const step = mode === 'steps' ? (x1 - x0) / Math.max(1, tl.groups.length) : stepWidth(tl, x1 - x0);
  const between = tl.end - new Set(tl.groups.map((g) => g.time)).size * 1000;
  const k = between > 0 ? (x1 - x0 - step * tl.groups.length) / between : 0;
  const pos: number[] = [0];
  const xs: number[] = [x0];
  for (const g of tl.groups) {
    const xa = (xs[xs.length - 1] as number) + (g.start - (pos[pos.length - 1] as number)) * k;
    pos.push(g.start, g.end);
    xs.push(xa, xa + step);
  }
  return (p) => {
    let lo = 0;
    let hi = pos.length - 1;
    if (p >= (pos[hi] as number)) return Math.min(x1, (xs[hi] as number) + (p - (pos[hi] as number)) * k);
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if ((pos[m] as number) <= p) lo = m;
      else hi = m - 1;
    }
    const pa = pos[lo] as number;
    const pb = pos[lo + 1] as number;
    const xa = xs[lo] as number;
    return pb > pa ? xa + ((p - pa) / (pb - pa)) * ((xs[lo + 1] as number) - xa) : xa;
  };
}

/** The Gantt chart of `tl` as SVG; `info` is `ganttInfo(tl)`, for a caller that already has it. */
export function renderGantt(id: string, tl: Timeline, title: string, info: GanttInfo = ganttInfo(tl)): string {
  const x0 = LABEL;
  const x1 = W - RIGHT;
  const drawn = tl.slices.slice(0, MAX_GANTT_SLICES);

  // The legend first: how many lines it wraps to decides where the rows start.
  const used = new Set<string>(drawn.map((s) => s.state));
  const items = Object.entries(STATE_COLORS)
    .filter(([state]) => used.has(state))
    .map(([state, color]) => {
      const label = STATE_NAMES[state] ?? state;
      return {
        w: 17 + label.length * CHAR,
        draw: (x: number, y: number) =>
          `<rect x="${n(x)}" y="${n(y - 10)}" width="12" height="12" fill="${color}"/><text x="${n(x + 17)}" y="${n(y)}">${esc(label)}</text>`,
      };
    });
  if (tl.flows.length > 0) {
    items.push({
      w: 24 + 7 * CHAR,
      draw: (x, y) =>
        `<line class="flow" x1="${n(x)}" y1="${n(y - 4)}" x2="${n(x + 18)}" y2="${n(y - 4)}" marker-end="url(#arrow-${esc(id)})"/><text x="${n(x + 24)}" y="${n(y)}">wake-up</text>`,
    });
  }
  const legend = legendRows(items, 6, x1);
  const top = legend.height + 6;

  // Rows: the kernel, then each process's threads (under the process's label when there are several).
  const grouped = new Set(tl.threads.map((t) => t.pid)).size > 1;
  const rows: Row[] = [];
  const headers: string[] = [];
  let y = top;
  if (info.kernel) {
    rows.push({ thread: 0, label: 'kernel', sub: 'dispatch', y });
    y += ROW;
  }
  for (const p of tl.processes) {
    const threads = tl.threads.filter((t) => t.pid === p.pid);
    if (threads.length === 0) continue;
    const proc = `${p.name} (pid ${p.pid})`;
    if (grouped) {
      headers.push(
        `<text class="process-label" x="6" y="${n(y + 13)}">${esc(clip(proc, 24))}<title>${esc(`process ${proc}`)}</title></text>` +
          `<line class="grid" x1="0" x2="${W}" y1="${n(y + 0.5)}" y2="${n(y + 0.5)}"/>`,
      );
      y += PROC_ROW;
    }
    for (const t of threads) {
      rows.push({ thread: t.id, label: t.name, sub: proc, y });
      y += ROW;
    }
  }
  const rowOf = new Map(rows.map((r) => [r.thread, r]));
  const yAxisBottom = y;
  const H = yAxisBottom + BOTTOM;
  const xOf = xMap(tl, info.mode, x0, x1);

  const tickAt = (x: number, text: string) =>
    `<line class="tick-mark" x1="${n(x)}" x2="${n(x)}" y1="${n(yAxisBottom)}" y2="${n(yAxisBottom + 5)}"/>` +
    `<text class="tick" x="${n(x)}" y="${n(yAxisBottom + 17)}" text-anchor="middle">${esc(text)}</text>`;
  const axisLabel = (text: string) =>
    `<text class="axis-label" x="${n((x0 + x1) / 2)}" y="${n(H - 8)}" text-anchor="middle">${esc(text)}</text>`;
  let axis: string;
  const bands: string[] = [];
  if (info.mode === 'steps') {
    const total = Math.max(1, tl.groups.length);
    const sc = linearScale(0, total, x0, x1, false, 8);
    axis =
      sc.ticks
        .filter((t) => Number.isInteger(t))
        .map((t) => tickAt(sc(t), fmt(t)))
        .join('') + axisLabel('scheduling steps in the order they ran (the whole run took no virtual time)');
  } else {
    const endUs = tl.end / 1000;
    const { unit, div } = timeUnit(endUs);
    const sc = linearScale(0, endUs / div, x0, x1, false, 8);
    // Ticks at nice times, wherever the map puts them, skipping any that would crowd the last one drawn.
    let last = -Infinity;
    const ticks: string[] = [];
    for (const t of sc.ticks) {
      const x = xOf(t * div * 1000);
      if (x - last < 40) continue;
      ticks.push(tickAt(x, fmt(t, 3)));
      last = x;
    }
    if (info.mode === 'bands') {
      const steps = new Map<number, number>();
      for (const g of tl.groups) steps.set(g.time, (steps.get(g.time) ?? 0) + 1);
      for (const [time, count] of steps) {
        const xa = xOf(time * 1000);
        const xb = xOf(time * 1000 + 1000);
        bands.push(
          `<rect class="step-band" x="${n(xa)}" y="${n(top)}" width="${n(xb - xa)}" height="${n(yAxisBottom - top)}">` +
            `<title>${esc(`${count} step${count === 1 ? '' : 's'} at t = ${formatTime(time)}, side by side in the order they ran`)}</title></rect>`,
        );
      }
    }
    axis =
      ticks.join('') +
      axisLabel(
        info.mode === 'bands'
          ? `virtual time (${unit}); each shaded band spreads out the steps taken at one instant`
          : `virtual time (${unit})`,
      );
  }
  const rowY = (thread: number) => rowOf.get(thread)?.y ?? top;
  const at = (pos: number) => `t = ${formatTime(Math.floor(pos / 1000))}`;
  const nameOf = new Map<number, string>([[0, 'kernel'], ...tl.threads.map((t) => [t.id, t.name] as [number, string])]);

  const parts: string[] = [];
  rows.forEach((r, i) => {
    parts.push(
      `<g class="row"><rect class="row-bg${i % 2 ? ' alt' : ''}" x="0" y="${n(r.y)}" width="${W}" height="${ROW}"/>` +
        `<text class="row-label" x="${grouped && r.thread !== 0 ? 16 : 6}" y="${n(r.y + 14)}">${esc(clip(r.label, grouped ? 22 : 24))}<title>${esc(`${r.label} — ${r.sub}`)}</title></text></g>`,
    );
  });
  parts.push(...headers, ...bands);
  for (const s of drawn) {
    if (!rowOf.has(s.thread)) continue;
    const xa = xOf(s.start);
    const xb = Math.max(xOf(s.end), xa + 1);
    const who = nameOf.get(s.thread) ?? `fiber-${s.thread}`;
    const span =
      s.end - s.start >= 1000 ? `, ${formatTime(Math.floor(s.end / 1000) - Math.floor(s.start / 1000))} long` : '';
    const ev = typeof s.args['events'] === 'string' ? `: ${s.args['events']}` : '';
    const tip = `${who} · ${s.name}${ev} · from ${at(s.start)} to ${at(s.end)}${span}`;
    parts.push(
      `<rect class="slice mark state-${s.state}" data-series="${esc(who)}" data-value="${s.state}" x="${n(xa)}" y="${n(rowY(s.thread) + 3)}" width="${n(xb - xa)}" height="${ROW - 6}" fill="${STATE_COLORS[s.state] ?? '#777'}"><title>${esc(tip)}</title></rect>`,
    );
  }
  for (const f of tl.flows.slice(0, MAX_FLOWS)) {
    if (!rowOf.has(f.from) || !rowOf.has(f.to)) continue;
    const tip = `${f.kind}: ${nameOf.get(f.from) ?? f.from} → ${nameOf.get(f.to) ?? f.to}${f.obj === null ? '' : ` (${f.obj})`}`;
    parts.push(
      `<line class="flow" x1="${n(xOf(f.fromPos))}" y1="${n(rowY(f.from) + ROW / 2)}" x2="${n(xOf(f.toPos))}" y2="${n(rowY(f.to) + ROW / 2)}" marker-end="url(#arrow-${esc(id)})"><title>${esc(tip)}</title></line>`,
    );
  }
  for (const i of tl.instants) {
    if (!rowOf.has(i.thread) && i.scope !== 'g') continue;
    const cx = xOf(i.pos);
    const cy = rowY(rowOf.has(i.thread) ? i.thread : (rows[0]?.thread ?? 0)) + ROW / 2;
    const bad = i.kind === 'violation' || i.kind === 'error';
    const r = bad ? 6 : 4;
    const msg = typeof i.args['message'] === 'string' ? `: ${i.args['message']}` : '';
    parts.push(
      `<path class="instant${bad ? ' bad' : ''}" d="M${n(cx)} ${n(cy - r)}L${n(cx + r)} ${n(cy)}L${n(cx)} ${n(cy + r)}L${n(cx - r)} ${n(cy)}Z"><title>${esc(`${nameOf.get(i.thread) ?? ''} · ${i.name}${msg} · ${at(i.pos)}`)}</title></path>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" id="svg-${esc(id)}" class="gantt">`,
    `<defs><marker id="arrow-${esc(id)}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow-head" d="M0 0L8 4L0 8Z"/></marker></defs>`,
    legend.svg,
    parts.join(''),
    `<line class="axis" x1="${n(x0)}" x2="${n(x1)}" y1="${n(yAxisBottom)}" y2="${n(yAxisBottom)}"/>`,
    axis,
    '</svg>',
  ].join('');
}
