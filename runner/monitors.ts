/**
 * Reusable trace monitors for scenario invariants. Each watches the trace stream and
 * reports the exact step at which its statement breaks.
 */
import type { TraceRecord } from '../engine/index.ts';
import type { Monitor } from './scenario.ts';

/**
 * No lost wake-ups for Event: every thread blocked in `Event.wait` when `set()` runs
 * returns true from that wait, even if `clear()` follows at once [EVT-4, EVT-5]. A waiter
 * whose timeout was taken before the `set` may return false, and so may a `wait(0)` that
 * polls a clear flag at the instant of the `set` [EVT-6]: it never blocks, so a waiter
 * counts from the moment the kernel blocks it after its `event.wait`.
 */
export function noLostWakeups(threadName: (fiber: number) => string = String): Monitor {
  const entered = new Map<number, string>(); // fibers inside wait on a clear event → the event
  const waiting = new Map<string, Set<number>>(); // event → fibers blocked in wait
  const owed = new Map<number, { event: string; time: number }>(); // fibers a set() woke
  return {
    onRecord(r: TraceRecord) {
      switch (r.kind) {
        case 'event.wait':
          entered.set(r.fiber, r.obj as string);
          return;
        case 'block': {
          const event = entered.get(r.fiber);
          if (event === undefined) return;
          const set = waiting.get(event) ?? new Set<number>();
          set.add(r.fiber);
          waiting.set(event, set);
          return;
        }
        case 'timeout':
          for (const s of waiting.values()) s.delete(r.fiber);
          return;
        case 'event.set':
          for (const f of waiting.get(r.obj as string) ?? []) owed.set(f, { event: r.obj as string, time: r.time });
          waiting.get(r.obj as string)?.clear();
          return;
        case 'event.return': {
          entered.delete(r.fiber);
          waiting.get(r.obj as string)?.delete(r.fiber);
          const o = owed.get(r.fiber);
          owed.delete(r.fiber);
          if (o !== undefined && r.data?.['value'] !== true) {
            return `${threadName(r.fiber)} was waiting on ${o.event} when set() ran at t=${o.time}µs, but its wait returned ${String(r.data?.['value'])}`;
          }
          return;
        }
        default:
          return;
      }
    },
  };
}

/** At most one thread at a time between `enter` and `exit` records of the given kind prefix. */
export function mutualExclusion(section: string, threadName: (fiber: number) => string = String): Monitor {
  let inside: number | null = null;
  return {
    onRecord(r: TraceRecord) {
      if (r.kind === `${section}.enter`) {
        if (inside !== null) return `${threadName(r.fiber)} entered ${section} while ${threadName(inside)} was inside`;
        inside = r.fiber;
      } else if (r.kind === `${section}.exit`) {
        inside = null;
      }
      return;
    },
  };
}

/**
 * Bounded workers: at every step, no more than `max` tasks are between their
 * `<prefix>.start` and `<prefix>.end` records.
 */
export function boundedConcurrency(prefix: string, max: number): Monitor {
  let running = 0;
  let peak = 0;
  return {
    onRecord(r: TraceRecord) {
      if (r.kind === `${prefix}.start`) {
        running++;
        peak = Math.max(peak, running);
        if (running > max) return `${running} tasks running at once, more than the bound of ${max}`;
      } else if (r.kind === `${prefix}.end`) {
        running--;
      }
      return undefined;
    },
    end: () => (running !== 0 ? `${running} tasks started but never ended` : undefined),
  };
}
