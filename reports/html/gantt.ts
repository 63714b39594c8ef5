/**
 * A Gantt chart of one run — who ran when — as inline SVG, from the same timeline the
 * Chrome trace exporter uses: one row per thread (grouped by process, with the kernel's
 * dispatch row on top), a bar per state slice, wake-up arrows from waker to woken, and
 * markers for instants (a broken invariant in red).
 *
 * The x axis is virtual time, unless the whole run happened at one instant (as the zoo of
 * known bugs does): then it is the order of the scheduling steps, one unit each, since a
 * time axis would be a single point.
 */
import { formatTime } from '../../engine/index.ts';
import type { Timeline, TimelineGroup } from '../trace/timeline.ts';
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
const TOP = 34;
const BOTTOM = 44;

interface GanttInfo {
  readonly mode: 'time' | 'steps';
  /** Whether the kernel's dispatch row is drawn (the timeline has kernel slices). */
  readonly kernel: boolean;
  readonly rows: number;
  readonly slices: number;
  readonly truncated: boolean;
}

/** Where `pos` falls in step units: group index plus the fraction of its span. */
function stepCoord(groups: readonly TimelineGroup[], pos: number): number {
  let lo = 0;
  let hi = groups.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if ((groups[m] as TimelineGroup).start <= pos) lo = m;
    else hi = m - 1;
  }
  const g = groups[lo] as TimelineGroup;
  if (pos <= g.start) return lo;
  if (pos >= g.end) return lo + 1;
  return lo + (pos - g.start) / (g.end - g.start);
}

function timeUnit(endUs: number): { unit: string; div: number } {
  if (endUs >= 1_000_000) return { unit: 's', div: 1_000_000 };
  if (endUs >= 1_000) return { unit: 'ms', div: 1_000 };
  return { unit: 'µs', div: 1 };
}

export function ganttInfo(tl: Timeline): GanttInfo {
  const kernel = tl.slices.some((s) => s.thread === 0);
  return {
    mode: tl.endTime === 0 ? 'steps' : 'time',
    kernel,
    rows: tl.threads.length + (kernel ? 1 : 0),
    slices: tl.slices.length,
    truncated: tl.slices.length > MAX_GANTT_SLICES,
  };
}

/** The Gantt chart of `tl` as SVG; `info` is `ganttInfo(tl)`, for a caller that already has it. */
export function renderGantt(id: string, tl: Timeline, title: string, info: GanttInfo = ganttInfo(tl)): string {
  const rows: { thread: number; label: string; sub: string }[] = [];
  if (info.kernel) rows.push({ thread: 0, label: 'kernel', sub: 'dispatch' });
  for (const p of tl.processes) {
    for (const t of tl.threads) {
      if (t.pid === p.pid) rows.push({ thread: t.id, label: t.name, sub: `${p.name} (pid ${t.pid})` });
    }
  }
  const rowOf = new Map(rows.map((r, i) => [r.thread, i]));
  const H = TOP + rows.length * ROW + BOTTOM;
  const x0 = LABEL;
  const x1 = W - RIGHT;

  let xOf: (pos: number) => number;
  let axis: string;
  const yAxisBottom = TOP + rows.length * ROW;
  if (info.mode === 'steps') {
    const total = Math.max(1, tl.groups.length);
    const sc = linearScale(0, total, x0, x1, false, 8);
    xOf = (pos) => sc(stepCoord(tl.groups, pos));
    axis =
      sc.ticks
        .filter((t) => Number.isInteger(t))
        .map(
          (t) =>
            `<line class="tick-mark" x1="${n(sc(t))}" x2="${n(sc(t))}" y1="${n(yAxisBottom)}" y2="${n(yAxisBottom + 5)}"/>` +
            `<text class="tick" x="${n(sc(t))}" y="${n(yAxisBottom + 17)}" text-anchor="middle">${esc(fmt(t))}</text>`,
        )
        .join('') +
      `<text class="axis-label" x="${n((x0 + x1) / 2)}" y="${n(H - 8)}" text-anchor="middle">scheduling steps in the order they ran (the whole run took no virtual time)</text>`;
  } else {
    const endUs = tl.end / 1000;
    const { unit, div } = timeUnit(endUs);
    const sc = linearScale(0, endUs / div, x0, x1, false, 8);
    xOf = (pos) => sc(pos / 1000 / div);
    axis =
      sc.ticks
        .map(
          (t) =>
            `<line class="tick-mark" x1="${n(sc(t))}" x2="${n(sc(t))}" y1="${n(yAxisBottom)}" y2="${n(yAxisBottom + 5)}"/>` +
            `<text class="tick" x="${n(sc(t))}" y="${n(yAxisBottom + 17)}" text-anchor="middle">${esc(fmt(t, 3))}</text>`,
        )
        .join('') +
      `<text class="axis-label" x="${n((x0 + x1) / 2)}" y="${n(H - 8)}" text-anchor="middle">virtual time (${unit})</text>`;
  }
  const rowY = (thread: number) => TOP + (rowOf.get(thread) ?? 0) * ROW;
  const at = (pos: number) => `t = ${formatTime(Math.floor(pos / 1000))}`;
  const nameOf = new Map<number, string>([[0, 'kernel'], ...tl.threads.map((t) => [t.id, t.name] as [number, string])]);

  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    parts.push(
      `<g class="row"><rect class="row-bg" x="0" y="${n(y)}" width="${W}" height="${ROW}" fill="${i % 2 ? '#f6f6f6' : '#ffffff'}"/>` +
        `<text class="row-label" x="6" y="${n(y + 14)}">${esc(r.label)}<title>${esc(`${r.label} — ${r.sub}`)}</title></text></g>`,
    );
  });
  const drawn = tl.slices.slice(0, MAX_GANTT_SLICES);
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
  let lx = LABEL;
  const legend: string[] = [];
  const used = new Set(drawn.map((s) => s.state));
  for (const [state, color] of Object.entries(STATE_COLORS)) {
    if (!used.has(state as never)) continue;
    const label = STATE_NAMES[state] ?? state;
    legend.push(
      `<g class="legend-item"><rect x="${n(lx)}" y="10" width="12" height="12" fill="${color}"/><text x="${n(lx + 17)}" y="20">${esc(label)}</text></g>`,
    );
    lx += 17 + label.length * 6.5 + 18;
  }
  if (tl.flows.length > 0) {
    legend.push(
      `<g class="legend-item"><line class="flow" x1="${n(lx)}" y1="16" x2="${n(lx + 18)}" y2="16" marker-end="url(#arrow-${esc(id)})"/><text x="${n(lx + 24)}" y="20">wake-up</text></g>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" id="svg-${esc(id)}" class="gantt">`,
    `<defs><marker id="arrow-${esc(id)}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8Z" fill="#444"/></marker></defs>`,
    `<g class="legend">${legend.join('')}</g>`,
    parts.join(''),
    `<line class="axis" x1="${n(x0)}" x2="${n(x1)}" y1="${n(yAxisBottom)}" y2="${n(yAxisBottom)}"/>`,
    axis,
    '</svg>',
  ].join('');
}
