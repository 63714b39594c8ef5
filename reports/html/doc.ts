/**
 * What a report says, independent of how it is rendered: a suite turns its results into a
 * `ReportDoc`, and `render.ts` turns the doc into one self-contained HTML page and its
 * Markdown twin. Everything here is plain JSON-able data.
 */
import type { CostModel } from '../../engine/index.ts';
import type { Timeline } from '../trace/timeline.ts';

export interface ReportParam {
  readonly name: string;
  readonly value: string;
  readonly doc: string;
}

export interface ReportDoc {
  /** The suite's name (`bug-hunt`): the file is `<suite>.html`. */
  readonly suite: string;
  readonly title: string;
  /** One sentence on what the report measures (the index page and `<meta name="description">`). */
  readonly description: string;
  /** The command that rebuilds this report. */
  readonly command: string;
  readonly version: string;
  /** The headline findings, one sentence each. */
  readonly headline: readonly string[];
  readonly params: readonly ReportParam[];
  readonly costs: CostModel;
  /** Which cost model: "the default (engine/costs.ts DEFAULT_COSTS)" or a profile's name. */
  readonly costsSource: string;
  /** How the numbers were obtained, one paragraph each. */
  readonly method: readonly string[];
  readonly sections: readonly ReportSection[];
  /** The raw results, embedded as JSON. */
  readonly data: unknown;
}

export interface ReportSection {
  readonly title: string;
  readonly text?: readonly string[];
  readonly blocks: readonly ReportBlock[];
}

export type ReportBlock = BarChart | LineChart | TableBlock | TimelineBlock;

/** One bar; `value: null` means there is nothing to draw (shown as "none"). */
export interface BarValue {
  readonly value: number | null;
  /** Error bar ends (the spread over seeds); `hiOpen` when the upper end is beyond the axis. */
  readonly lo?: number;
  readonly hi?: number;
  readonly hiOpen?: boolean;
  /** The value is only a lower bound (e.g. "not found within the budget"): drawn hatched. */
  readonly censored?: boolean;
  /** The bar's text in tooltips and tables (defaults to the formatted value). */
  readonly label?: string;
}

export interface BarChart {
  readonly kind: 'bar';
  readonly id: string;
  readonly title: string;
  /** One sentence: what the chart shows. */
  readonly reading: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly unit: string;
  readonly yScale: 'linear' | 'log';
  /** Upper end of the y axis (e.g. the schedule budget), drawn as a dashed line when labelled. */
  readonly yMax?: number;
  readonly ceiling?: { readonly value: number; readonly label: string };
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly BarValue[] }[];
  /** What the error bars show ("interquartile range over 20 seeds"). */
  readonly errorBars: string;
}

export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
}

export interface LineChart {
  readonly kind: 'line';
  readonly id: string;
  readonly title: string;
  readonly reading: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xUnit: string;
  readonly yUnit: string;
  readonly xScale: 'linear' | 'log';
  readonly xDomain?: readonly [number, number];
  /** Where to put the x ticks (default: the scale's own — powers of ten on a log scale). */
  readonly xTicks?: readonly number[];
  readonly yDomain?: readonly [number, number];
  /**
   * Without it, the y axis is logarithmic when every value is positive and the largest is
   * more than 20× the smallest (one series far above the rest would flatten them on a
   * linear axis), else linear. See `lineYScale` in charts.ts.
   */
  readonly yScale?: 'linear' | 'log';
  /** Step lines (a cumulative count) rather than straight segments. */
  readonly step?: boolean;
  readonly series: readonly { readonly name: string; readonly points: readonly LinePoint[] }[];
  /** What the error bars show, when points carry lo/hi. */
  readonly errorBars?: string;
  /** x values at which the Markdown twin tabulates the series (default: every x). */
  readonly tableAt?: readonly number[];
}

export interface TableBlock {
  readonly kind: 'table';
  readonly caption: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding numbers (right-aligned, never wrapped). */
  readonly numeric?: readonly number[];
  /** Columns holding shell commands (monospace; a long one is folded, see html/command.ts). */
  readonly code?: readonly number[];
}

export interface TimelineBlock {
  readonly kind: 'timeline';
  readonly id: string;
  readonly title: string;
  readonly reading: string;
  readonly timeline: Timeline;
  /** The command that replays the run shown. */
  readonly replay?: string;
}
