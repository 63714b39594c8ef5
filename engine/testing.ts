/** Helpers for the engine's tests: a kernel with a strategy, and a readable trace. */
import { Kernel, type KernelOptions } from './kernel.ts';
import { makeStrategy, type StrategyOptions } from './strategy.ts';
import type { Verdict } from './verdict.ts';

export type Opts = Partial<Omit<KernelOptions, 'strategy'>> & Partial<StrategyOptions>;

/** A kernel with the `fifo` strategy and seed 0 unless `o` says otherwise. */
export function newKernel(o: Opts = {}): Kernel {
  const strategy = makeStrategy({ ...o, strategy: o.strategy ?? 'fifo', seed: o.seed ?? 0 });
  return new Kernel({ ...o, strategy });
}

/** Subscribes a listener that keeps `${time} ${fiberName} ${kind}` for each record. */
export function traceOf(k: Kernel, withObj = false): string[] {
  const out: string[] = [];
  k.subscribe((r) => {
    out.push(`${r.time} ${k.fiberName(r.fiber)} ${r.kind}${withObj && r.obj !== null ? ` ${r.obj}` : ''}`);
  });
  return out;
}

export function expectException(v: Verdict): Extract<Verdict, { kind: 'exception' }> {
  if (v.kind !== 'exception') throw new Error(`expected an exception verdict, got ${JSON.stringify(v)}`);
  return v;
}
