/**
 * A trace listener that keeps a run's records, and the name of each simulated process its
 * threads belong to (read from the kernel when a thread is spawned), for the exporters.
 */
import { activeKernel, type TraceListener, type TraceRecord } from '../../engine/index.ts';
import type { TimelineProcess } from './timeline.ts';

export class TraceRecorder {
  readonly records: TraceRecord[] = [];
  readonly #processes = new Map<number, string>();

  readonly listener: TraceListener = (r) => {
    this.records.push(r);
    if (r.kind === 'spawn') {
      const p = activeKernel()?.fiber(r.fiber)?.process;
      if (p !== undefined && !this.#processes.has(p.pid)) this.#processes.set(p.pid, p.name);
    }
  };

  /** The processes seen, by pid. */
  processes(): TimelineProcess[] {
    return [...this.#processes].sort((a, b) => a[0] - b[0]).map(([pid, name]) => ({ pid, name }));
  }
}
