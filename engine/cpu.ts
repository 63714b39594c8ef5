/**
 * The CPU model: N cores shared by every simulated process, and a GIL per CPython
 * process. A fiber consuming CPU needs its process's GIL (if it has one) and then a core.
 *
 * GIL hand-off follows CPython's forced switching: a holder keeps the GIL until its work
 * is done, unless another fiber of the process asks for it, in which case the holder
 * drops it at most one switch interval after the request and queues again behind the
 * waiters. So CPU-bound threads of one process take turns in switch-interval slices,
 * while processes run in parallel up to the core count.
 *
 * Costs (engine/costs.ts): a fiber that takes the GIL from another fiber of its process
 * (a forced switch, or a hand-off to a waiter) spends `gilHandoff` more ticks of work. Work
 * is stretched by `1 + parallelSlowdown × (other busy cores)` — two CPU-bound processes on
 * two cores each run slower than one alone (shared caches, memory bandwidth, turbo
 * frequency) — and by `1 + oversubscribedSlowdown` more while fibers wait for a core (the
 * OS would time-slice them) — with the stretch fixed when a slice starts (a core that
 * becomes busy or idle mid-slice changes it from the next slice on).
 *
 * Simplifications: GIL and core queues are FIFO (CPython's GIL is not strictly fair), and
 * cores are not time-sliced between processes by an OS scheduler — a fiber keeps its core
 * for its whole slice. Zero-time steps need neither GIL nor core.
 */
import { CpuWork, type Fiber } from './fiber.ts';
import type { Kernel } from './kernel.ts';
import type { SimProcess } from './process.ts';

export class Cpu {
  private freeCores: number;
  /** Fibers holding their GIL (or in a GIL-free process) waiting for a core. */
  private readonly coreWaiters: Fiber[] = [];
  /** Total core time consumed, in ticks. */
  busyTicks = 0;
  /** GIL hand-offs forced by the switch interval. */
  forcedSwitches = 0;

  constructor(
    private readonly k: Kernel,
    readonly cores: number,
    /** GIL switch interval in ticks. */
    switchInterval: number,
  ) {
    this.freeCores = cores;
    this.#switchInterval = switchInterval;
  }

  #switchInterval: number;

  /** GIL switch interval in ticks: how long a thread may keep the GIL while others wait for it. */
  get switchInterval(): number {
    return this.#switchInterval;
  }

  /**
   * Sets the switch interval (`sys.setswitchinterval`), in ticks (at least 1): it applies
   * from the next CPU burst or GIL hand-off on, as CPython's does from the next request.
   */
  setSwitchInterval(ticks: number): void {
    if (!Number.isFinite(ticks)) throw new RangeError('the switch interval must be a finite number of ticks');
    this.#switchInterval = Math.max(1, Math.round(ticks));
  }

  /** Starts `ticks` of CPU work for `f` (a syscall: the fiber yields right after). */
  start(f: Fiber, ticks: number): void {
    f.state = 'cpu';
    if (f.cpu === null) f.cpu = new CpuWork();
    f.cpu.left = ticks;
    const p = f.process;
    if (!p.gil || p.gilHolder === null) {
      if (p.gil) p.gilHolder = f;
      this.takeCore(f);
      return;
    }
    p.gilWaiters.push(f);
    if (this.k.tracing) this.k.emitFor(f.id, 'cpu.wait', null, { holder: p.gilHolder.id });
    this.requestSwitch(p.gilHolder);
  }

  /** A fiber's slice came due. */
  sliceEnded(f: Fiber): void {
    const k = this.k;
    const c = f.cpu as CpuWork;
    const used = k.now - c.sliceStart;
    this.busyTicks += used;
    c.left -= c.stretch === 1 ? used : stretchedWork(c, used);
    const p = f.process;
    if (c.left > 0 && (!p.gil || p.gilWaiters.length === 0)) {
      this.startSlice(f); // nobody wants the GIL: keep the core and go on
      return;
    }
    c.onCore = false;
    if (c.left > 0) {
      // Forced switch: the GIL goes to the first waiter, f queues behind the others.
      this.forcedSwitches++;
      if (k.tracing) k.emitFor(f.id, 'cpu.switch', null, { left: c.left });
      const next = p.gilWaiters.shift() as Fiber;
      p.gilWaiters.push(f);
      this.handOff(p, next);
      this.releaseCore();
      this.takeCore(next);
      return;
    }
    if (k.tracing) k.emitFor(f.id, 'cpu.done', null, null);
    if (p.gil) {
      const next = p.gilWaiters.shift() ?? null;
      if (next === null) p.gilHolder = null;
      else this.handOff(p, next);
      this.releaseCore();
      if (next !== null) this.takeCore(next);
    } else {
      this.releaseCore();
    }
    k.makeRunnable(f);
  }

  /** The GIL passes to `next`, a waiter, which pays `gilHandoff` for taking it. */
  private handOff(p: SimProcess, next: Fiber): void {
    p.gilHolder = next;
    (next.cpu as CpuWork).left += Math.round(this.k.costs.gilHandoff);
  }

  private takeCore(f: Fiber): void {
    if (this.freeCores > 0) {
      this.freeCores--;
      this.startSlice(f);
    } else {
      this.coreWaiters.push(f);
      if (this.k.tracing) this.k.emitFor(f.id, 'cpu.wait', null, { core: true });
    }
  }

  /** Takes a dying process's fibers off the CPU: their cores go to the next waiters. */
  evictProcess(p: SimProcess): void {
    const k = this.k;
    for (let i = this.coreWaiters.length - 1; i >= 0; i--) {
      if ((this.coreWaiters[i] as Fiber).process === p) this.coreWaiters.splice(i, 1);
    }
    const onCore = k.allFibers().filter((f) => f.process === p && f.cpu !== null && f.cpu.onCore);
    p.gilHolder = null;
    p.gilWaiters.length = 0;
    for (const f of onCore) {
      const c = f.cpu as CpuWork;
      this.busyTicks += k.now - c.sliceStart;
      c.onCore = false;
      this.releaseCore();
    }
  }

  private releaseCore(): void {
    const w = this.coreWaiters.shift();
    if (w === undefined) this.freeCores++;
    else this.startSlice(w);
  }

  private startSlice(f: Fiber): void {
    const k = this.k;
    const c = f.cpu as CpuWork;
    c.onCore = true;
    c.sliceStart = k.now;
    const { parallelSlowdown: slowdown, oversubscribedSlowdown: over } = k.costs;
    // This slice's core is taken already, so the others busy are cores - freeCores - 1.
    c.stretch = slowdown > 0 ? 1 + slowdown * (this.cores - this.freeCores - 1) : 1;
    if (over > 0 && this.coreWaiters.length > 0) c.stretch *= 1 + over;
    let len = c.stretch === 1 ? c.left : Math.round(c.left * c.stretch);
    if (f.process.gil && f.process.gilWaiters.length > 0 && len > this.switchInterval) len = this.switchInterval;
    c.sliceEnd = k.now + len;
    k.scheduleCpu(f, c.sliceEnd);
    if (k.tracing) k.emitFor(f.id, 'cpu.run', null, { until: c.sliceEnd });
  }

  /** Another fiber wants the GIL: the holder gives it up within one switch interval. */
  private requestSwitch(h: Fiber): void {
    const c = h.cpu as CpuWork;
    if (!c.onCore) return; // startSlice will cut its slice when it gets a core
    const limit = this.k.now + this.switchInterval;
    if (c.sliceEnd > limit) {
      c.sliceEnd = limit;
      this.k.scheduleCpu(h, limit);
    }
  }
}

/** The work a stretched slice of `used` ticks did: all that was left if it ran its course. */
function stretchedWork(c: CpuWork, used: number): number {
  if (used >= Math.round(c.left * c.stretch)) return c.left;
  return Math.min(c.left - 1, Math.max(1, Math.round(used / c.stretch)));
}
