/**
 * Human-readable output: run reports, verdicts, trace log lines, check results and the
 * tour's table. Pure functions from data to text.
 */

import { fileURLToPath } from 'node:url';
import { formatTime, type TraceRecord, type Verdict } from '../engine/index.ts';
import type { CheckReport } from './check.ts';
import { toJson } from './repr.ts';
import type { Decision, RunReport } from './run.ts';

/** concsim's own folders (in the sources or in dist/): their stack frames are shown only with --verbose. */
const OWN = ['engine', 'models', 'runner', 'cli', 'reports', 'python'].map((d) =>
  fileURLToPath(new URL(`../${d}/`, import.meta.url)),
);

/** Whether a stack line is a frame of the user's code (a scenario), not concsim's or Node's. */
function userFrame(line: string): boolean {
  const at = line.replace(/file:\/\//g, '');
  return !/\(node:|^\s*at node:|\/node_modules\/|\(<anonymous>\)/.test(at) && !OWN.some((d) => at.includes(d));
}

export function formatParams(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${v === null ? 'none' : String(v)}`);
  return parts.length ? parts.join(' ') : '(none)';
}

/** How a run ended, as one token: `ok`, `deadlock`, `exception`, `budget`, or `invariant:<monitor>`. */
export function verdictType(v: Verdict): string {
  return v.kind === 'invariant' ? `invariant:${v.monitor}` : v.kind;
}

/** An exception's stack as users see it: its first line and the frames of their code (all with `verbose`). */
export function userStack(stack: string, verbose = false): string {
  const [head = '', ...rest] = stack.split('\n');
  return [head, ...rest.filter((l) => !/^\s+at /.test(l) || verbose || userFrame(l))].join('\n');
}

/** A verdict as users see it: an exception's stack without concsim's frames unless `verbose`. */
export function userVerdict(v: Verdict, verbose = false): Verdict {
  return v.kind === 'exception' ? { ...v, error: { ...v.error, stack: userStack(v.error.stack, verbose) } } : v;
}

/**
 * Multi-line explanation of a verdict (first line is a one-line summary). An exception's
 * stack shows the frames of the user's code; `verbose` adds concsim's own.
 */
export function formatVerdict(v: Verdict, names?: ReadonlyMap<number, string>, verbose = false): string {
  switch (v.kind) {
    case 'ok':
      return 'ok';
    case 'exception':
      return [
        `exception in thread ${v.thread} at ${formatTime(v.time)}: ${v.error.name}: ${v.error.message}`,
        ...userStack(v.error.stack, verbose)
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .slice(0, verbose ? 20 : 5)
          .map((l) => `    ${l.trim()}`),
      ].join('\n');
    case 'deadlock': {
      const lines = [
        `deadlock at ${formatTime(v.time)}${v.cycle.length ? `: ${[...v.cycle, v.cycle[0]].join(' → ')}` : ': every remaining thread is blocked'}`,
      ];
      for (const b of v.blocked) {
        lines.push(`    ${b.thread} waits on ${b.waitsOn}${b.heldBy.length ? `, held by ${b.heldBy.join(', ')}` : ''}`);
      }
      return lines.join('\n');
    }
    case 'budget':
      return v.limit === 'steps'
        ? `budget: the step limit of ${v.value} was reached at ${formatTime(v.time)} — a livelock or a runaway loop (raise it with --max-steps)`
        : `budget: the virtual-time limit of ${formatTime(v.value)} was reached after ${v.steps} steps — a livelock or a runaway loop`;
    case 'invariant': {
      const lines = [`invariant '${v.monitor}' broken at step ${v.step} (${formatTime(v.time)}): ${v.message}`];
      if (v.traceTail.length) {
        lines.push('    trace tail:');
        for (const r of v.traceTail) lines.push(`    ${formatRecord(r, names)}`);
      }
      return lines.join('\n');
    }
    default: {
      const never: never = v;
      return String(never);
    }
  }
}

/** One trace record as a log line: time, thread, kind, object, data. */
export function formatRecord(r: TraceRecord, names?: ReadonlyMap<number, string>): string {
  const who = r.fiber === 0 ? 'kernel' : (names?.get(r.fiber) ?? `fiber-${r.fiber}`);
  const data =
    r.data === null
      ? ''
      : ` ${Object.entries(r.data)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`)
          .join(' ')}`;
  return `${formatTime(r.time).padStart(12)}  ${who.padEnd(20)} ${r.kind}${r.obj === null ? '' : ` ${r.obj}`}${data}`;
}

/** A listener that prints the log as the run goes, naming fibers from their spawn records. */
export function logPrinter(write: (line: string) => void): {
  listener: (r: TraceRecord) => void;
  names: Map<number, string>;
} {
  const names = new Map<number, string>();
  return {
    names,
    listener: (r) => {
      if (r.kind === 'spawn' && r.data !== null) names.set(r.fiber, String(r.data['name']));
      write(formatRecord(r, names));
    },
  };
}

/**
 * Names of the threads a verdict's trace tail mentions, by fiber id: only those, as a run
 * may have started a million threads.
 */
function threadNames(r: RunReport): Map<number, string> {
  const v = r.verdict;
  const ids = v.kind === 'invariant' ? v.traceTail.map((x) => x.fiber) : [];
  return new Map(ids.filter((id) => id > 0).map((id) => [id, r.threads[id - 1] ?? `fiber-${id}`]));
}

export function formatRun(r: RunReport, verbose = false): string {
  const names = threadNames(r);
  const mark = (ok: boolean, checked: boolean) => (ok ? (checked ? '✓' : '·') : '✗');
  const lines = [
    `${r.scenario}  (seed ${r.seed}, strategy ${r.strategy}${r.depth === undefined ? '' : ` depth ${r.depth}`})`,
    `  params      ${formatParams(r.params)}`,
    `  verdict     ${formatVerdict(r.verdict, names, verbose).split('\n').join('\n  ')}`,
    `  time        ${formatTime(Math.round(r.virtualTime * 1e6))} virtual, ${r.steps} steps, ${r.contextSwitches} context switches`,
    `  schedule    ${r.preemptions} preemption${r.preemptions === 1 ? '' : 's'}, choices ${r.choices === '' ? '(none: non-preemptive)' : r.choices}`,
    `  trace hash  ${r.traceHash}`,
  ];
  if (r.invariants.length) {
    lines.push('  invariants');
    for (const i of r.invariants) {
      lines.push(
        `    ${mark(i.ok, i.checked)} ${i.name}${i.message ? `: ${i.message}` : i.checked ? '' : ' (not checked: the run ended early)'}`,
      );
    }
  }
  if (r.result !== undefined) lines.push(`  result      ${truncate(toJson(r.result), 400)}`);
  return lines.join('\n');
}

export function formatCheck(c: CheckReport, verbose = false): string {
  const head = `check ${c.scenario}: strategy ${c.strategy}, seed ${c.seed}`;
  const within = (k: number) => `every schedule with ≤ ${k} preemption${k === 1 ? '' : 's'} explored`;
  const dfs =
    c.dfs === undefined
      ? []
      : [
          c.dfs.complete
            ? `  dfs: complete: ${within(c.dfs.bound)} (${c.dfs.schedules} schedules)`
            : `  dfs: incomplete: ${c.dfs.schedules} schedules run${c.dfs.bound >= 0 ? `, ${within(c.dfs.bound)}` : ''}`,
        ];
  if (c.ok) return [head, `  ok: ${c.runs} runs, no failure`, ...dfs].join('\n');
  const f = c.failure as RunReport;
  const by = c.member === undefined ? '' : ` (found by ${c.member})`;
  const fewest =
    c.minimal === true ? ' (the fewest: none fails with fewer)' : c.minimal === false ? ' (fewer not ruled out)' : '';
  return [
    head,
    `  FAILED in run ${c.foundAt} of the exploration${by}; shrunk in ${c.shrinks} steps to:`,
    `  params      ${formatParams(f.params)}`,
    `  verdict     ${formatVerdict(f.verdict, threadNames(f), verbose).split('\n').join('\n  ')}`,
    `  schedule    ${f.preemptions} preemption${f.preemptions === 1 ? '' : 's'}${fewest}`,
    `  replay      ${f.replay}`,
  ].join('\n');
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** A decision as `replay --explain` and `--log` show it. */
export function formatDecision(d: Decision): string {
  const how = d.preempted
    ? `preempts ${d.running}`
    : d.running === null
      ? 'the running thread blocked or ended: no preemption'
      : `${d.running} goes on`;
  return `decision ${d.index + 1}: choice ${d.choice} of ${d.runnable} -> ${d.chosen} (${how})`;
}

/** A plain text table with a header row and left-aligned columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
