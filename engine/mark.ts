/**
 * A scenario's own events in the trace: `mark('task.start', 'square(3)')` records what the
 * program did at this step, for `--log`, the timeline and invariant monitors to see. A
 * no-op when nothing listens, so marks cost nothing in an unwatched run.
 */
import { kernel } from './context.ts';
import type { MarkKind, TraceData } from './trace.ts';

/** Records an event of kind `kind` (`<topic>.<what>`) about `label` (an object's name), with optional data. */
export function mark(kind: MarkKind, label: string | null = null, data: TraceData | null = null): void {
  const k = kernel('mark()');
  if (k.tracing) k.emitFor(k.current === null ? 0 : k.current.id, kind, label, data);
}
