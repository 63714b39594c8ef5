/**
 * Renders a `ReportDoc` as one self-contained HTML page (inline CSS, inline SVG charts, the
 * raw numbers as `<script type="application/json" id="data">`, no script to run and no
 * network reference — a Content-Security-Policy forbids any), as its Markdown twin for CI
 * summaries, and renders the index page that links every report. Pure functions of their
 * inputs: golden tests pin the bytes.
 */
import { barRange, barText, lineYScale, renderBarChart, renderLineChart } from './charts.ts';
import { commandHead, commandHtml, commandMarkdown } from './command.ts';
import type { BarChart, LineChart, ReportBlock, ReportDoc, TableBlock, TimelineBlock } from './doc.ts';
import { ganttInfo, MAX_GANTT_SLICES, renderGantt } from './gantt.ts';
import { esc, fmt, slug } from './svg.ts';

const CSS = `
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fff; --muted: #5f6368; --line: #d9d9de; --accent: #0072B2; --code-bg: #f4f6f8; --ink: #222; --ink-2: #555; --axis: #444; --grid: #e6e6ea; --row-alt: #f4f4f6; --band: #e9e6f5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e9; --bg: #16171a; --muted: #a2a6ad; --line: #3b3e44; --accent: #56B4E9; --code-bg: #22252a; --ink: #e2e2e6; --ink-2: #b4b7bd; --axis: #9c9fa6; --grid: #2d3035; --row-alt: #1f2125; --band: #2c2840; }
  svg [fill="#000000"] { fill: #e0e0e0; }
  svg [stroke="#000000"] { stroke: #e0e0e0; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); overflow-wrap: break-word; }
main, header, footer, nav { max-width: 960px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.7em; margin: 0.2em 0; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 1.4em 0 0.3em; }
a { color: var(--accent); }
.crumbs { margin: 0; font-size: 0.9em; }
.lede { font-size: 1.1em; color: var(--muted); margin-top: 0; }
.command { background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.command span { font-size: 0.85em; color: var(--muted); }
pre { margin: 4px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font: 0.92em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code.cmd { overflow-wrap: anywhere; }
details.cmd summary { cursor: pointer; }
pre.cmd-full { user-select: all; max-height: 14em; overflow-y: auto; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.meta { color: var(--muted); font-size: 0.9em; }
.toc ol { columns: 2; font-size: 0.92em; }
ul.headline li { margin: 0.3em 0; }
figure { margin: 1.2em 0 1.8em; }
figcaption strong { display: block; font-size: 1.02em; }
figcaption .reading { display: block; color: var(--muted); }
figure svg { max-width: 100%; height: auto; font-size: 12px; }
.scroll { overflow-x: auto; }
.note { font-size: 0.85em; color: var(--muted); margin: 0.2em 0 0; }
table { border-collapse: collapse; margin: 0.3em 0 1.2em; font-size: 0.9em; }
p.caption { font-weight: 600; margin: 0.6em 0 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.code { min-width: 16em; }
footer { margin: 3em auto 2em; color: var(--muted); font-size: 0.85em; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  main, header, footer, nav { padding: 0 12px; }
  ul, ol { padding-left: 1.4em; }
  .toc ol { columns: 1; }
  /* Charts keep a legible size and scroll sideways inside their box rather than shrink. */
  figure.chart svg { min-width: 560px; }
  figure.timeline svg { min-width: 720px; }
}
svg text { fill: var(--ink); }
svg .tick, svg .category { fill: var(--ink-2); }
svg .axis-label { fill: var(--ink); font-weight: 600; }
svg .axis-sub { fill: var(--ink-2); }
svg .axis { stroke: var(--axis); stroke-width: 1; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .tick-mark { stroke: var(--axis); }
svg .error-bar line, svg .error-bar path, svg line.error-bar { stroke: var(--ink); stroke-width: 1.3; fill: none; }
svg .hatch-bg { fill: var(--bg); }
svg .ceiling line { stroke: var(--ink-2); stroke-dasharray: 5 4; }
svg .ceiling text { fill: var(--ink-2); }
svg .none { fill: var(--ink-2); font-weight: 700; }
svg .flow { stroke: var(--ink); stroke-opacity: 0.55; stroke-width: 1; }
svg .arrow-head { fill: var(--ink); }
svg .instant { fill: var(--ink); }
svg .instant.bad { fill: #c00; stroke: var(--bg); }
svg .row-bg { fill: var(--bg); }
svg .row-bg.alt { fill: var(--row-alt); }
svg .row-label { fill: var(--ink); }
svg .process-label { fill: var(--ink-2); font-weight: 600; }
svg .step-band { fill: var(--band); }
svg .slice { stroke: var(--bg); stroke-width: 0.75; }
`.trim();

/** A page's doctype and `<head>`: the CSP forbidding scripts and network loads, the metadata and the CSS (plus `css`). */
function head(o: { title: string; description: string; version: string; css?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="description" content="${esc(o.description)}">
<meta name="generator" content="concsim ${esc(o.version)}">
<title>${esc(o.title)}</title>
<style>
${CSS}${o.css ? `\n${o.css}` : ''}
</style>
</head>`;
}

/** A table in a box that scrolls sideways, so that a wide one never widens the page. */
function table(t: TableBlock): string {
  const num = new Set(t.numeric ?? []);
  const code = new Set(t.code ?? []);
  const cls = (i: number) => (num.has(i) ? ' class="num"' : code.has(i) ? ' class="code"' : '');
  const head = t.header.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${code.has(i) ? commandHtml(c) : esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  // The caption sits outside the scrolling box (a <caption> is as wide as its table, so on a
  // narrow screen its end would scroll out of sight); aria-labelledby keeps it the table's name.
  const id = slug(t.caption);
  return `<p class="caption" id="caption-${id}">${esc(t.caption)}</p>\n<div class="scroll"><table data-testid="table-${id}" aria-labelledby="caption-${id}">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

function chartFigure(c: BarChart | LineChart): string {
  const svg = c.kind === 'bar' ? renderBarChart(c) : renderLineChart(c);
  const note = c.kind === 'bar' ? `Error bars: ${c.errorBars}.` : c.errorBars ? `Error bars: ${c.errorBars}.` : '';
  return [
    `<figure class="chart" id="chart-${esc(c.id)}" data-testid="chart-${esc(c.id)}">`,
    `<figcaption><strong>${esc(c.title)}</strong><span class="reading">${esc(c.reading)}</span></figcaption>`,
    `<div class="scroll">${svg}</div>`,
    note ? `<p class="note">${esc(note)}</p>` : '',
    '</figure>',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

function timelineFigure(b: TimelineBlock): string {
  const info = ganttInfo(b.timeline);
  const notes: string[] = [];
  if (info.truncated) notes.push(`Only the first ${fmt(MAX_GANTT_SLICES)} of ${fmt(info.slices)} slices are drawn.`);
  notes.push('Hover a bar for the thread, its state, and when; arrows go from a waker to the thread it woke.');
  return [
    `<figure class="timeline" id="timeline-${esc(b.id)}" data-testid="timeline-${esc(b.id)}">`,
    `<figcaption><strong>${esc(b.title)}</strong><span class="reading">${esc(b.reading)}</span></figcaption>`,
    `<div class="scroll">${renderGantt(b.id, b.timeline, b.title, info)}</div>`,
    `<p class="note">${esc(notes.join(' '))}</p>`,
    b.replay ? `<div class="note">Replay this run: ${commandHtml(b.replay)}</div>` : '',
    '</figure>',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'bar':
    case 'line':
      return chartFigure(b);
    case 'table':
      return table(b);
    case 'timeline':
      return timelineFigure(b);
    default: {
      const never: never = b;
      return String(never);
    }
  }
}

/** Units of the cost model's fields, from their names. */
function costUnit(key: string): string {
  if (/Bytes$/.test(key)) return 'bytes';
  if (/Bandwidth$/.test(key)) return 'bytes/s (0 = unlimited)';
  const per = /NsPer(\w+)$/.exec(key);
  if (per) return `ns per ${(per[1] as string).toLowerCase()}`;
  if (/Ns$/.test(key)) return 'ns';
  if (key === 'parallelSlowdown') return 'fraction per other busy core';
  if (key === 'oversubscribedSlowdown') return 'fraction while cores are oversubscribed';
  return 'µs (ticks)';
}

/** JSON for a `<script type="application/json">` block: `<` escaped, so no `</script>` can end it. */
export function embedJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export function renderHtml(doc: ReportDoc): string {
  const sections = doc.sections.map((s) => ({ ...s, anchor: `s-${slug(s.title)}` }));
  const toc = [
    ['summary', 'Summary'],
    ...sections.map((s) => [s.anchor, s.title]),
    ['method', 'Method'],
    ['parameters', 'Parameters'],
    ['cost-model', 'Cost model'],
  ]
    .map(([a, t]) => `<li><a href="#${a}">${esc(t as string)}</a></li>`)
    .join('');
  const body = sections
    .map((s) =>
      [
        `<section id="${s.anchor}">`,
        `<h2>${esc(s.title)}</h2>`,
        ...(s.text ?? []).map((p) => `<p>${esc(p)}</p>`),
        ...s.blocks.map(block),
        '</section>',
      ].join('\n'),
    )
    .join('\n');
  const params = table({
    kind: 'table',
    caption: 'Suite parameters',
    header: ['parameter', 'value', 'meaning'],
    rows: doc.params.map((p) => [p.name, p.value, p.doc]),
  });
  const costs = table({
    kind: 'table',
    caption: 'Costs in force',
    header: ['cost', 'value', 'unit'],
    rows: Object.entries(doc.costs).map(([k, v]) => [k, fmt(v as number, 3), costUnit(k)]),
    numeric: [1],
  });
  return `${head({ title: `${doc.title} · concsim report`, description: doc.description, version: doc.version })}
<body>
<header>
<p class="crumbs"><a href="index.html">All reports</a></p>
<h1>${esc(doc.title)}</h1>
<p class="lede">${esc(doc.description)}</p>
<div class="command"><span>Rebuild this report with</span><pre><code data-testid="command">${esc(doc.command)}</code></pre></div>
<p class="meta">concsim ${esc(doc.version)} · cost model: ${esc(doc.costsSource)} · suite <code>${esc(doc.suite)}</code></p>
</header>
<nav class="toc"><ol>${toc}</ol></nav>
<main>
<section id="summary">
<h2>Summary</h2>
<ul class="headline" data-testid="headline">
${doc.headline.map((h) => `<li>${esc(h)}</li>`).join('\n')}
</ul>
</section>
${body}
<section id="method">
<h2>Method</h2>
${doc.method.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</section>
<section id="parameters">
<h2>Parameters</h2>
${params}
</section>
<section id="cost-model">
<h2>Cost model</h2>
<p>Virtual time is counted in microsecond ticks. The run used ${esc(doc.costsSource)}.</p>
${costs}
</section>
</main>
<footer>Generated by concsim ${esc(doc.version)}. The raw results are embedded in this page as JSON (<code>script#data</code>); the page loads nothing from the network.</footer>
<script type="application/json" id="data">${embedJson(doc.data)}</script>
</body>
</html>
`;
}

// ---- Markdown ---------------------------------------------------------------------------

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * A Markdown table. A cell of a `code` column is inline code; a long one (a replay command
 * with its whole choice list) is shortened in the table and given in full after it, split
 * over lines (html/command.ts), so that no line of the file is thousands of characters long.
 */
function mdTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
  code: readonly number[] = [],
): string {
  const num = new Set(numeric);
  const codes = new Set(code);
  const after: string[] = [];
  const cellText = (c: string, i: number, row: readonly string[]) => {
    if (!codes.has(i)) return mdCell(c);
    const md = commandMarkdown(c);
    if ('inline' in md) return mdCell(md.inline);
    after.push('', `${row[0] ?? ''} — ${header[i] ?? ''}, in full:`, '', md.block);
    return mdCell(`\`${commandHead(c, 60)}\` (in full below)`);
  };
  return [
    `| ${header.map(mdCell).join(' | ')} |`,
    `| ${header.map((_, i) => (num.has(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c, i) => cellText(c, i, r)).join(' | ')} |`),
    ...after,
  ].join('\n');
}

/** The y of a series at `x`: the point at x, or for a step line the last point at or before it. */
function lineAt(points: readonly { x: number; y: number }[], x: number, step: boolean): number | null {
  let last: number | null = step ? 0 : null;
  for (const p of points) {
    if (p.x === x) return p.y;
    if (p.x < x) last = step ? p.y : null;
  }
  return last;
}

function replayMarkdown(cmd: string): string[] {
  const md = commandMarkdown(cmd);
  return 'inline' in md ? [`Replay: ${md.inline}`] : ['Replay:', '', md.block];
}

function mdBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'bar': {
      const rows = b.categories.map((cat, ci) => [
        cat,
        ...b.series.map((s) => {
          const v = s.values[ci];
          if (v === undefined) return '';
          const range = barRange(v);
          return `${barText(v)}${range ? ` (${range})` : ''}`;
        }),
      ]);
      return [
        `### ${b.title}`,
        '',
        b.reading,
        '',
        mdTable([b.xLabel, ...b.series.map((s) => s.name)], rows),
        '',
        `${b.yLabel}${b.unit ? ` (${b.unit})` : ''}; in parentheses: ${b.errorBars}.`,
      ].join('\n');
    }
    case 'line': {
      const xs = b.tableAt ?? [...new Set(b.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, c) => a - c);
      const rows = xs.map((x) => [
        fmt(x),
        ...b.series.map((s) => {
          const y = lineAt(s.points, x, b.step === true);
          return y === null ? '' : fmt(y);
        }),
      ]);
      const xl = `${b.xLabel}${b.xUnit ? ` (${b.xUnit})` : ''}`;
      return [
        `### ${b.title}`,
        '',
        b.reading,
        '',
        mdTable([xl, ...b.series.map((s) => s.name)], rows, [0]),
        '',
        `Values: ${b.yLabel}${b.yUnit ? ` (${b.yUnit})` : ''}${lineYScale(b) === 'log' ? '; charted on a log scale' : ''}.`,
      ].join('\n');
    }
    case 'table':
      return [`**${b.caption}**`, '', mdTable(b.header, b.rows, b.numeric, b.code)].join('\n');
    case 'timeline': {
      const info = ganttInfo(b.timeline);
      return [
        `### ${b.title}`,
        '',
        `${b.reading} (${info.rows} rows, ${fmt(info.slices)} slices; the timeline chart is in the HTML report.)`,
        ...(b.replay ? ['', ...replayMarkdown(b.replay)] : []),
      ].join('\n');
    }
    default: {
      const never: never = b;
      return String(never);
    }
  }
}

export function renderMarkdown(doc: ReportDoc): string {
  const out: string[] = [
    `# ${doc.title}`,
    '',
    doc.description,
    '',
    `Rebuild with \`${doc.command}\` (concsim ${doc.version}; cost model: ${doc.costsSource}).`,
    '',
    '## Summary',
    '',
    ...doc.headline.map((h) => `- ${h}`),
  ];
  for (const s of doc.sections) {
    out.push('', `## ${s.title}`);
    for (const p of s.text ?? []) out.push('', p);
    for (const b of s.blocks) out.push('', mdBlock(b));
  }
  out.push('', '## Method');
  for (const p of doc.method) out.push('', p);
  out.push(
    '',
    '## Parameters',
    '',
    mdTable(
      ['parameter', 'value', 'meaning'],
      doc.params.map((p) => [p.name, p.value, p.doc]),
    ),
    '',
    '## Cost model',
    '',
    `Virtual time is counted in microsecond ticks. The run used ${doc.costsSource}.`,
    '',
    mdTable(
      ['cost', 'value', 'unit'],
      Object.entries(doc.costs).map(([k, v]) => [k, fmt(v as number, 3), costUnit(k)]),
      [1],
    ),
    '',
  );
  return out.join('\n');
}

// ---- the index ------------------------------------------------------------------------------

export interface IndexEntry {
  /** The HTML file, relative to the index. */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  /** Its Markdown twin, if present. */
  readonly markdown?: string;
}

export function renderIndex(entries: readonly IndexEntry[], version: string): string {
  const items = entries
    .map(
      (e) =>
        `<li data-testid="report-${esc(slug(e.file))}"><a href="${esc(e.file)}"><strong>${esc(e.title)}</strong></a>` +
        `${e.markdown ? ` (<a href="${esc(e.markdown)}">Markdown</a>)` : ''}<br><span class="reading">${esc(e.description)}</span></li>`,
    )
    .join('\n');
  return `${head({
    title: 'concsim reports',
    description: 'Every concsim report in this folder.',
    version,
    css: 'ul.reports li { margin: 0.8em 0; }\nul.reports .reading { color: var(--muted); }',
  })}
<body>
<header>
<h1>concsim reports</h1>
<p class="lede">Each report compares strategies on simulated Python concurrency, in virtual time, with the command that rebuilds it at its top.</p>
</header>
<main>
${entries.length ? `<ul class="reports" data-testid="reports">\n${items}\n</ul>` : '<p>No reports yet: run <code>concsim report &lt;suite&gt;</code>.</p>'}
</main>
<footer>Generated by concsim ${esc(version)}.</footer>
</body>
</html>
`;
}
