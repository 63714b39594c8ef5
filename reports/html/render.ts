/**
 * Renders a `ReportDoc` as one self-contained HTML page (inline CSS, inline SVG charts, the
 * raw numbers as `<script type="application/json" id="data">`, no script to run and no
 * network reference — a Content-Security-Policy forbids any), as its Markdown twin for CI
 * summaries, and renders the index page that links every report. Pure functions of their
 * inputs: golden tests pin the bytes.
 */
import { barRange, barText, renderBarChart, renderLineChart } from './charts.ts';
import type { BarChart, LineChart, ReportBlock, ReportDoc, TableBlock, TimelineBlock } from './doc.ts';
import { ganttInfo, MAX_GANTT_SLICES, renderGantt } from './gantt.ts';
import { esc, fmt, slug } from './svg.ts';

const CSS = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main, header, footer, nav { max-width: 960px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.7em; margin: 0.2em 0; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 1.4em 0 0.3em; }
a { color: var(--accent); }
.crumbs { margin: 0; font-size: 0.9em; }
.lede { font-size: 1.1em; color: var(--muted); margin-top: 0; }
.command { background: #f4f6f8; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.command span { font-size: 0.85em; color: var(--muted); }
pre { margin: 4px 0 0; white-space: pre-wrap; word-break: break-all; }
code { font: 0.92em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.meta { color: var(--muted); font-size: 0.9em; }
.toc ol { columns: 2; font-size: 0.92em; }
ul.headline li { margin: 0.3em 0; }
figure { margin: 1.2em 0 1.8em; }
figcaption strong { display: block; font-size: 1.02em; }
figcaption .reading { display: block; color: var(--muted); }
figure svg { max-width: 100%; height: auto; font-size: 12px; }
.scroll { overflow-x: auto; }
.note { font-size: 0.85em; color: var(--muted); margin: 0.2em 0 0; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.9em; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; white-space: nowrap; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin: 3em auto 2em; color: var(--muted); font-size: 0.85em; }
svg text { fill: #333; }
svg .tick, svg .category { fill: #555; }
svg .axis-label { fill: #222; font-weight: 600; }
svg .axis-sub { fill: #555; }
svg .axis { stroke: #444; stroke-width: 1; }
svg .grid { stroke: #e6e6ea; stroke-width: 1; }
svg .tick-mark { stroke: #444; }
svg .error-bar line, svg .error-bar path, svg line.error-bar { stroke: #222; stroke-width: 1.3; fill: none; }
svg .ceiling line { stroke: #888; stroke-dasharray: 5 4; }
svg .ceiling text { fill: #666; }
svg .none { fill: #666; font-weight: 700; }
svg .flow { stroke: #444; stroke-opacity: 0.55; stroke-width: 1; }
svg .instant { fill: #222; }
svg .instant.bad { fill: #c00; stroke: #fff; }
svg .row-label { fill: #222; }
svg .slice { stroke: #fff; stroke-width: 0.75; }
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

function table(t: TableBlock): string {
  const num = new Set(t.numeric ?? []);
  const head = t.header.map((h, i) => `<th${num.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, i) => `<td${num.has(i) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table data-testid="table-${slug(t.caption)}"><caption>${esc(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
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
    b.replay ? `<p class="note">Replay this run: <code>${esc(b.replay)}</code></p>` : '',
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

function mdTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const num = new Set(numeric);
  return [
    `| ${header.map(mdCell).join(' | ')} |`,
    `| ${header.map((_, i) => (num.has(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
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
        `Values: ${b.yLabel}${b.yUnit ? ` (${b.yUnit})` : ''}.`,
      ].join('\n');
    }
    case 'table':
      return [`**${b.caption}**`, '', mdTable(b.header, b.rows, b.numeric)].join('\n');
    case 'timeline': {
      const info = ganttInfo(b.timeline);
      return [
        `### ${b.title}`,
        '',
        `${b.reading} (${info.rows} rows, ${fmt(info.slices)} slices; the timeline chart is in the HTML report.)`,
        ...(b.replay ? ['', `Replay: \`${b.replay}\``] : []),
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
