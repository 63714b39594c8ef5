/**
 * Bar and line charts as inline SVG strings: axes with ticks, labels and units, a legend,
 * error bars for the spread over seeds, and a `<title>` tooltip on every mark. Every mark
 * has `class="mark"` and `data-series` / `data-value` attributes, which the browser test
 * counts. Pure functions: the same chart gives the same bytes.
 */
import type { BarChart, BarValue, LineChart } from './doc.ts';
import { esc, fmt, linearScale, logScale, n, PALETTE, type Scale } from './svg.ts';

const W = 720;
const H = 360;
const M = { left: 84, right: 20, top: 44, bottom: 78 };

/** Dash patterns per series, so that lines lying on top of each other stay distinguishable. */
const DASHES = ['', '7 4', '2 3', '9 3 2 3'];

/** Splits a label at hyphens and spaces into lines of at most `max` characters (a long word stays whole). */
export function wrapLabel(label: string, max: number): string[] {
  const words = label.split(/(?<=[-\s])/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur !== '' && (cur + w).trimEnd().length > max) {
      lines.push(cur.trimEnd());
      cur = '';
    }
    cur += w;
  }
  if (cur !== '') lines.push(cur.trimEnd());
  return lines;
}

function legend(names: readonly string[], y0: number, lines = false): string {
  let x = M.left;
  let y = y0;
  const items: string[] = [];
  names.forEach((name, i) => {
    // An item that would run past the right edge starts a second row.
    if (x > M.left && x + (lines ? 27 : 17) + name.length * 7 > W - M.right) {
      x = M.left;
      y += 15;
    }
    const color = PALETTE[i % PALETTE.length] as string;
    const dash = DASHES[i % DASHES.length] as string;
    const swatch = lines
      ? `<line x1="${n(x)}" x2="${n(x + 22)}" y1="${n(y - 4)}" y2="${n(y - 4)}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`
      : `<rect x="${n(x)}" y="${n(y - 10)}" width="12" height="12" fill="${color}"/>`;
    const w = lines ? 27 : 17;
    items.push(`<g class="legend-item">${swatch}<text x="${n(x + w)}" y="${n(y)}">${esc(name)}</text></g>`);
    x += w + name.length * 7 + 22;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

function yAxis(y: Scale, label: string, sub: string, x0: number, x1: number): string {
  const parts: string[] = [];
  for (const t of y.ticks) {
    const py = y(t);
    parts.push(
      `<line class="grid" x1="${n(x0)}" x2="${n(x1)}" y1="${n(py)}" y2="${n(py)}"/>` +
        `<text class="tick" x="${n(x0 - 6)}" y="${n(py + 4)}" text-anchor="end">${esc(fmt(t))}</text>`,
    );
  }
  const cy = (M.top + (H - M.bottom)) / 2;
  parts.push(
    `<line class="axis" x1="${n(x0)}" x2="${n(x0)}" y1="${n(M.top)}" y2="${n(H - M.bottom)}"/>`,
    `<text class="axis-label" transform="translate(16 ${n(cy)}) rotate(-90)" text-anchor="middle">${esc(label)}</text>`,
    sub
      ? `<text class="axis-sub" transform="translate(30 ${n(cy)}) rotate(-90)" text-anchor="middle">${esc(sub)}</text>`
      : '',
  );
  return `<g class="y-axis">${parts.join('')}</g>`;
}

function xLabel(label: string): string {
  return `<text class="axis-label" x="${n((M.left + W - M.right) / 2)}" y="${n(H - 10)}" text-anchor="middle">${esc(label)}</text>`;
}

function svgOpen(id: string, title: string, extraDefs = ''): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
    `aria-label="${esc(title)}" id="svg-${esc(id)}">` +
    (extraDefs ? `<defs>${extraDefs}</defs>` : '')
  );
}

/** The text of a bar value: its label, or the formatted number. */
export function barText(v: BarValue, unit = ''): string {
  if (v.label !== undefined) return v.label;
  if (v.value === null) return 'none';
  return `${fmt(v.value)}${unit ? ` ${unit}` : ''}`;
}

/** The range of a bar's error bar, "3–7" or "3–>1,000" when open above; '' without one. */
export function barRange(v: BarValue): string {
  return v.lo !== undefined && v.hi !== undefined ? `${fmt(v.lo)}–${v.hiOpen ? '>' : ''}${fmt(v.hi)}` : '';
}

export function renderBarChart(c: BarChart): string {
  const x0 = M.left;
  const x1 = W - M.right;
  const yBottom = H - M.bottom;
  let top = c.yMax ?? 0;
  for (const s of c.series) for (const v of s.values) top = Math.max(top, v.value ?? 0, v.hi ?? 0);
  if (c.ceiling) top = Math.max(top, c.ceiling.value);
  const y =
    c.yScale === 'log'
      ? logScale(0.5, Math.max(top * 1.5, 10), yBottom, M.top)
      : linearScale(0, top || 1, yBottom, M.top);
  const base = c.yScale === 'log' ? yBottom : y(0);
  const band = (x1 - x0) / Math.max(1, c.categories.length);
  const groupPad = band * 0.18;
  const bw = (band - 2 * groupPad) / Math.max(1, c.series.length);
  const defs = c.series
    .map((_, i) => {
      const color = PALETTE[i % PALETTE.length] as string;
      return (
        `<pattern id="hatch-${esc(c.id)}-${i}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
        `<rect class="hatch-bg" width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${color}" stroke-width="3"/></pattern>`
      );
    })
    .join('');
  const marks: string[] = [];
  c.categories.forEach((cat, ci) => {
    c.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === undefined) return;
      const color = PALETTE[si % PALETTE.length] as string;
      const bx = x0 + ci * band + groupPad + si * bw;
      const range = barRange(v);
      const tip = `${cat} · ${s.name}: ${barText(v, c.unit)}${range ? ` (${c.errorBars}: ${range})` : ''}`;
      const data = `data-series="${esc(s.name)}" data-category="${esc(cat)}" data-value="${v.value === null ? '' : n(v.value)}"`;
      const attrs = `class="mark" ${data}`;
      if (v.value === null) {
        marks.push(
          `<text class="mark none" ${data} x="${n(bx + bw / 2)}" y="${n(base - 4)}" text-anchor="middle"><title>${esc(tip)}</title>–</text>`,
        );
        return;
      }
      const py = Math.min(base - 1.5, y(v.value));
      const fill = v.censored ? `url(#hatch-${esc(c.id)}-${si})` : color;
      marks.push(
        `<rect ${attrs} x="${n(bx + 1)}" y="${n(py)}" width="${n(Math.max(1, bw - 2))}" height="${n(base - py)}" fill="${fill}" stroke="${color}"><title>${esc(tip)}</title></rect>`,
      );
      if (v.lo !== undefined && v.hi !== undefined) {
        const cx = bx + bw / 2;
        const ylo = y(Math.max(v.lo, c.yScale === 'log' ? 0.5 : v.lo));
        const yhi = y(v.hi);
        const cap = Math.min(6, bw / 3);
        marks.push(
          `<g class="error-bar"><line x1="${n(cx)}" x2="${n(cx)}" y1="${n(ylo)}" y2="${n(yhi)}"/>` +
            `<line x1="${n(cx - cap)}" x2="${n(cx + cap)}" y1="${n(ylo)}" y2="${n(ylo)}"/>` +
            (v.hiOpen
              ? `<path d="M${n(cx - cap)} ${n(yhi + cap)}L${n(cx)} ${n(yhi)}L${n(cx + cap)} ${n(yhi + cap)}"/>`
              : `<line x1="${n(cx - cap)}" x2="${n(cx + cap)}" y1="${n(yhi)}" y2="${n(yhi)}"/>`) +
            `<title>${esc(`${c.errorBars}: ${range}`)}</title></g>`,
        );
      }
    });
  });
  const cats = c.categories
    .map((cat, ci) => {
      const cx = n(x0 + ci * band + band / 2);
      const lines = wrapLabel(cat, Math.max(6, Math.floor(band / 7)));
      return `<text class="category" x="${cx}" y="${n(yBottom + 18)}" text-anchor="middle">${lines
        .map((l, i) => `<tspan x="${cx}" dy="${i === 0 ? 0 : 14}">${esc(l)}</tspan>`)
        .join('')}</text>`;
    })
    .join('');
  const ceiling = c.ceiling
    ? `<g class="ceiling"><line x1="${n(x0)}" x2="${n(x1)}" y1="${n(y(c.ceiling.value))}" y2="${n(y(c.ceiling.value))}"/>` +
      `<text x="${n(x1)}" y="${n(y(c.ceiling.value) - 5)}" text-anchor="end">${esc(c.ceiling.label)}</text></g>`
    : '';
  const sub = [c.yLabel.includes(c.unit) ? '' : c.unit, c.yScale === 'log' ? 'log scale' : '']
    .filter((x) => x !== '')
    .join(', ');
  return [
    svgOpen(c.id, c.title, defs),
    legend(
      c.series.map((s) => s.name),
      22,
    ),
    yAxis(y, c.yLabel, sub ? `(${sub})` : '', x0, x1),
    `<line class="axis" x1="${n(x0)}" x2="${n(x1)}" y1="${n(base)}" y2="${n(base)}"/>`,
    ceiling,
    `<g class="marks">${marks.join('')}</g>`,
    cats,
    xLabel(c.xLabel),
    '</svg>',
  ].join('');
}

/** A line chart's values span more than this factor: its y axis is logarithmic (unless the chart says). */
export const LOG_RANGE = 20;

/** The y scale a line chart is drawn with: its own, else log when all values are positive and span more than `LOG_RANGE`×. */
export function lineYScale(c: LineChart): 'linear' | 'log' {
  if (c.yScale !== undefined) return c.yScale;
  const ys = c.series.flatMap((s) => s.points.map((p) => p.y));
  if (ys.length === 0 || ys.some((v) => !(v > 0))) return 'linear';
  return Math.max(...ys) > LOG_RANGE * Math.min(...ys) ? 'log' : 'linear';
}

export function renderLineChart(c: LineChart): string {
  const x0 = M.left;
  const x1 = W - M.right;
  const yBottom = H - M.bottom;
  const xs = c.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = c.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.hi ?? p.y]));
  const xd = c.xDomain ?? [Math.min(...xs, c.xScale === 'log' ? 1 : 0), Math.max(...xs, 1)];
  const x = c.xScale === 'log' ? logScale(Math.max(xd[0], 1e-9), xd[1], x0, x1) : linearScale(xd[0], xd[1], x0, x1);
  const yLog = lineYScale(c) === 'log';
  let y: Scale;
  if (yLog) {
    // The domain hugs the data (a little room each side): a log axis has no zero to start from.
    const lows = c.series.flatMap((s) => s.points.map((p) => (p.lo !== undefined && p.lo > 0 ? p.lo : p.y)));
    const [d0, d1] = c.yDomain && c.yDomain[0] > 0 ? c.yDomain : [Math.min(...lows) / 1.25, Math.max(...ys) * 1.25];
    y = logScale(d0, d1, yBottom, M.top);
  } else {
    const yd = c.yDomain ?? [0, Math.max(...ys, 1)];
    y = linearScale(yd[0], yd[1], yBottom, M.top);
  }
  const marks: string[] = [];
  c.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length] as string;
    if (s.points.length === 0) return;
    let d = '';
    s.points.forEach((p, i) => {
      const px = n(x(p.x));
      const py = n(y(p.y));
      if (i === 0) d += `M${px} ${py}`;
      else if (c.step) d += `H${px}V${py}`;
      else d += `L${px} ${py}`;
    });
    const lastY = (s.points[s.points.length - 1] as { y: number }).y;
    if (c.step) d += `H${n(x1)}`;
    marks.push(
      `<path class="mark line" data-series="${esc(s.name)}" data-value="${n(lastY)}" d="${d}" fill="none" stroke="${color}" stroke-width="2"${DASHES[si % DASHES.length] ? ` stroke-dasharray="${DASHES[si % DASHES.length]}"` : ''}><title>${esc(`${s.name}: ${s.points.length} points`)}</title></path>`,
    );
    for (const p of s.points) {
      const px = x(p.x);
      if (p.lo !== undefined && p.hi !== undefined) {
        marks.push(
          `<line class="error-bar" x1="${n(px)}" x2="${n(px)}" y1="${n(y(p.lo))}" y2="${n(y(p.hi))}" stroke="${color}"/>`,
        );
      }
      const tip = `${s.name}: ${fmt(p.x)}${c.xUnit ? ` ${c.xUnit}` : ''} → ${fmt(p.y)}${c.yUnit ? ` ${c.yUnit}` : ''}${p.lo !== undefined && p.hi !== undefined ? ` (${c.errorBars ?? 'range'}: ${fmt(p.lo)}–${fmt(p.hi)})` : ''}`;
      marks.push(
        `<circle class="point" cx="${n(px)}" cy="${n(y(p.y))}" r="3" fill="${color}"><title>${esc(tip)}</title></circle>`,
      );
    }
  });
  const xt = (c.xTicks ?? x.ticks)
    .map(
      (t) =>
        `<line class="tick-mark" x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(yBottom)}" y2="${n(yBottom + 5)}"/>` +
        `<text class="tick" x="${n(x(t))}" y="${n(yBottom + 18)}" text-anchor="middle">${esc(fmt(t))}</text>`,
    )
    .join('');
  const xSub = [c.xLabel.includes(c.xUnit) ? '' : c.xUnit, c.xScale === 'log' ? 'log scale' : '']
    .filter((x) => x !== '')
    .join(', ');
  const xl = `${c.xLabel}${xSub ? ` (${xSub})` : ''}`;
  const ySub = [c.yUnit && !c.yLabel.includes(c.yUnit) ? c.yUnit : '', yLog ? 'log scale' : '']
    .filter((x) => x !== '')
    .join(', ');

  return [
    svgOpen(c.id, c.title),
    legend(
      c.series.map((s) => s.name),
      22,
      true,
    ),
    yAxis(y, c.yLabel, ySub ? `(${ySub})` : '', x0, x1),
    `<line class="axis" x1="${n(x0)}" x2="${n(x1)}" y1="${n(yBottom)}" y2="${n(yBottom)}"/>`,
    `<g class="x-axis">${xt}</g>`,
    `<g class="marks">${marks.join('')}</g>`,
    xLabel(xl),
    '</svg>',
  ].join('');
}
