/**
 * Structural checks of a Chrome trace, standing in for a viewer in tests: every process and
 * thread is named, slices on a track never overlap, timestamps never go backwards on a
 * track, every flow has both ends (each inside a slice of its track), and no number is
 * negative, non-finite, in exponent notation or finer than a nanosecond. Returns the
 * problems found (empty when the trace is well formed).
 */

interface Ev {
  ph: string;
  name?: string;
  ts?: number;
  dur?: number;
  pid?: number;
  tid?: number;
  id?: number;
  bp?: string;
  s?: string;
  args?: Record<string, unknown>;
}

const ns = (us: number) => Math.round(us * 1000);

/**
 * Whether a µs value as JSON prints it has more than three decimals. Judged on the text,
 * not by `us * 1000`: at 10^7 µs (ten virtual seconds) that product carries a few 10^-6
 * of rounding error, which an absolute tolerance took for a sub-nanosecond part.
 */
function finerThanNs(us: number): boolean {
  const dot = String(us).indexOf('.');
  return dot >= 0 && String(us).length - dot - 1 > 3;
}

export function checkChromeTrace(trace: unknown, text?: string): string[] {
  const problems: string[] = [];
  const t = trace as { traceEvents?: Ev[]; otherData?: Record<string, unknown> };
  if (!Array.isArray(t.traceEvents)) return ['traceEvents is not an array'];
  if (t.otherData === undefined || typeof t.otherData !== 'object') problems.push('otherData is missing');
  for (const k of ['scenario', 'seed', 'strategy', 'concsim']) {
    if (t.otherData !== undefined && !(k in t.otherData)) problems.push(`otherData.${k} is missing`);
  }
  if (text !== undefined && /"(ts|dur)":-?[\d.]+[eE]/.test(text)) problems.push('a timestamp is in exponent notation');

  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  const threadSort = new Set<string>();
  for (const e of t.traceEvents) {
    if (e.ph !== 'M') continue;
    if (e.name === 'process_name') processNames.add(e.pid as number);
    if (e.name === 'thread_name') threadNames.add(`${e.pid}:${e.tid}`);
    if (e.name === 'thread_sort_index') threadSort.add(`${e.pid}:${e.tid}`);
  }
  const lastTs = new Map<string, number>();
  const slices = new Map<string, { start: number; end: number; name: string }[]>();
  const flows = new Map<number, { s?: Ev; f?: Ev }>();
  for (const e of t.traceEvents) {
    if (e.ph === 'M') continue;
    const ts = e.ts;
    if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0) {
      problems.push(`${e.ph} ${e.name}: bad ts ${String(ts)}`);
      continue;
    }
    if (finerThanNs(ts)) problems.push(`${e.ph} ${e.name}: ts ${ts} finer than 1 ns`);
    if (!processNames.has(e.pid as number)) problems.push(`${e.ph} ${e.name}: pid ${e.pid} has no process_name`);
    const track = e.ph === 'C' ? `${e.pid}:counter:${e.name}` : `${e.pid}:${e.tid}`;
    if (e.ph !== 'C') {
      if (!threadNames.has(track)) problems.push(`${e.ph} ${e.name}: tid ${e.pid}:${e.tid} has no thread_name`);
      if (!threadSort.has(track)) problems.push(`${e.ph} ${e.name}: tid ${e.pid}:${e.tid} has no thread_sort_index`);
    }
    const prev = lastTs.get(track);
    if (prev !== undefined && ns(ts) < prev) problems.push(`${e.ph} ${e.name}: ts ${ts} goes backwards on ${track}`);
    lastTs.set(track, ns(ts));
    switch (e.ph) {
      case 'X': {
        const dur = e.dur;
        if (typeof dur !== 'number' || !Number.isFinite(dur) || dur < 0) {
          problems.push(`X ${e.name}: bad dur ${String(dur)}`);
          break;
        }
        const list = slices.get(track) ?? [];
        list.push({ start: ns(ts), end: ns(ts) + ns(dur), name: e.name ?? '' });
        slices.set(track, list);
        break;
      }
      case 'i':
        if (e.s !== 't' && e.s !== 'p' && e.s !== 'g') problems.push(`i ${e.name}: bad scope ${String(e.s)}`);
        break;
      case 'C':
        for (const [k, v] of Object.entries(e.args ?? {})) {
          if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`C ${e.name}: series ${k} is not a number`);
        }
        break;
      case 's':
      case 'f': {
        const f = flows.get(e.id as number) ?? {};
        if (f[e.ph] !== undefined) problems.push(`flow ${e.id}: two '${e.ph}' events`);
        f[e.ph] = e;
        flows.set(e.id as number, f);
        if (e.ph === 'f' && e.bp !== 'e') problems.push(`flow ${e.id}: 'f' without bp 'e'`);
        break;
      }
      default:
        problems.push(`unexpected phase ${e.ph}`);
    }
  }
  for (const [track, list] of slices) {
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as { start: number; end: number; name: string };
      const b = list[i] as { start: number; end: number; name: string };
      if (b.start < a.end)
        problems.push(`slices overlap on ${track}: '${a.name}' and '${b.name}' at ${b.start / 1000}`);
    }
  }
  const enclosed = (e: Ev) =>
    (slices.get(`${e.pid}:${e.tid}`) ?? []).some((s) => s.start <= ns(e.ts as number) && ns(e.ts as number) <= s.end);
  for (const [id, f] of flows) {
    if (f.s === undefined || f.f === undefined) {
      problems.push(`flow ${id} has only its '${f.s ? 's' : 'f'}' end`);
      continue;
    }
    if ((f.f.ts as number) < (f.s.ts as number)) problems.push(`flow ${id} ends before it starts`);
    if (!enclosed(f.s)) problems.push(`flow ${id}: its start is in no slice of ${f.s.pid}:${f.s.tid}`);
    if (!enclosed(f.f)) problems.push(`flow ${id}: its end is in no slice of ${f.f.pid}:${f.f.tid}`);
  }
  return problems;
}
