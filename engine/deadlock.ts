/**
 * The deadlock verdict: when nothing is runnable or due and a non-daemon fiber has not
 * finished, the run is stuck. The report lists every fiber that waits — on a wait queue,
 * or for its baton — with who holds what it waits for, and the first wait-for cycle.
 */
import type { Fiber } from './fiber.ts';
import type { BlockedThread, Verdict } from './verdict.ts';

export function deadlockVerdict(fibers: readonly Fiber[], time: number): Verdict {
  const blocked: BlockedThread[] = [];
  const edges = new Map<Fiber, readonly Fiber[]>();
  const waits = (f: Fiber, on: string, holders: readonly Fiber[]): void => {
    edges.set(f, holders);
    blocked.push({ thread: f.name, waitsOn: on, heldBy: holders.map((h) => h.name) });
  };
  for (const f of fibers) {
    if (f.state !== 'done' && f.wq !== null) waits(f, f.wq.label, f.wq.currentHolders());
  }
  for (const f of fibers) {
    const b = f.baton;
    if (b !== null && f.state !== 'done' && b.isWaiting(f)) waits(f, b.label, b.holder === null ? [] : [b.holder]);
  }
  return { kind: 'deadlock', time, cycle: findCycle(edges).map((f) => f.name), blocked };
}

/** The first cycle in a wait-for graph (each blocked fiber → the holders it waits for). */
function findCycle(edges: ReadonlyMap<Fiber, readonly Fiber[]>): Fiber[] {
  const done = new Set<Fiber>();
  for (const start of edges.keys()) {
    const path: Fiber[] = [];
    const onPath = new Set<Fiber>();
    const visit = (f: Fiber): Fiber[] | null => {
      if (onPath.has(f)) return path.slice(path.indexOf(f));
      if (done.has(f)) return null;
      onPath.add(f);
      path.push(f);
      for (const h of edges.get(f) ?? []) {
        const c = visit(h);
        if (c !== null) return c;
      }
      path.pop();
      onPath.delete(f);
      done.add(f);
      return null;
    };
    const c = visit(start);
    if (c !== null) return c;
  }
  return [];
}
