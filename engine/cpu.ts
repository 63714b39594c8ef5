/**
 * The ideal CPU: N cores shared by every simulated process, and a GIL per CPython process,
 * with no OS costs — waking a thread is free and the GIL is handed over at once. The kernel
 * uses it with the ideal costs (`contextSwitch` and `wakeIdle` 0, the default of a bare
 * kernel); once wake-ups cost something it uses engine/os-cpu.ts, the OS and CPython's GIL
 * as they run.
 *
 * A fiber consuming CPU needs its process's GIL (if it has one) and then a core. GIL hand-off
 * follows CPython's forced switching: a holder keeps the GIL until its work is done, unless
 * another fiber of the process asks for it, in which case the holder drops it at most one
 * switch interval after the request and queues again behind the waiters. So CPU-bound threads
 * of one process take turns in switch-interval slices, while processes run in parallel up to
 * the core count.
 *
 * Costs (engine/costs.ts): a fiber that takes the GIL from another fiber of its process (a
 * forced switch, or a hand-off to a waiter) spends `gilHandoff` more ticks of work. Work is
 * stretched by `1 + parallelSlowdown × (other busy cores)` — two CPU-bound processes on two
 * cores each run slower than one alone (shared caches, memory bandwidth, turbo frequency) —
 * and by `1 + oversubscribedSlowdown` more while fibers wait for a core (the OS would
 * time-slice them) — with the stretch fixed when a slice starts, and slices cut at the switch
 * interval while it applies, so a core that becomes busy or idle mid-slice changes it from
 * the next slice on. An ended thread's teardown (`exitWork`) takes a core, without the GIL.
 *
 * Simplifications: GIL waiters are served in FIFO order, core queues are FIFO, and cores are
 * not time-sliced between processes by an OS scheduler — a fiber keeps its core for its whole
 * slice. Zero-time steps need neither GIL nor core.
 */
import { CpuWork, type Fiber } from './fiber.ts';
import type { Kernel } from './kernel.ts';
import type { SimProcess } from './process.ts';

/** What the kernel and the models ask of a CPU model: this one (ideal costs) or engine/os-cpu.ts. */
export abstract class CpuModel {
  /** Total core time consumed, in ticks. */
  busyTicks = 0;
  /** GIL hand-offs forced by the switch interval. */
  forcedSwitches = 0;
  /** Whether waking a thread costs anything: then blocking calls go through `wakeThread`. */
  abstract readonly wakesCost: boolean;
  #switchInterval: number;

  constructor(
    readonly cores: number,
    /** GIL switch interval in ticks. */
    switchInterval: number,
  ) {
    this.#switchInterval = switchInterval;
  }

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

  abstract start(f: Fiber, ticks: number): void;
  abstract syscall(f: Fiber, ticks: number): void;
  abstract wakeThread(f: Fiber, left: number, waker?: Fiber | null): void;
  abstract exitWork(f: Fiber, ticks: number): void;
  abstract settle(): void;
  abstract sliceEnded(f: Fiber): void;
  abstract evictProcess(p: SimProcess): void;

  /** Core ticks booked to the thread fiber `f` runs on (`time.thread_time()`). */
  threadTicks(f: Fiber): number {
    return f.cpu === null ? 0 : f.cpu.used;
  }
}

export class Cpu extends CpuModel {
  private freeCores: number;
  /** Fibers holding their GIL (or in a GIL-free process) waiting for a core. */
  private readonly coreWaiters: Fiber[] = [];
  readonly wakesCost = false;

  constructor(
    private readonly k: Kernel,
    cores: number,
    switchInterval: number,
  ) {
    super(cores, switchInterval);
    this.freeCores = cores;
  }

  /** Starts `ticks` of CPU work for `f` under its GIL. */
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
    this.waitForGil(f);
  }

  /** A system call: with wake-ups free, CPU work like any other (the GIL is handed over at once). */
  syscall(f: Fiber, ticks: number): void {
    this.start(f, ticks);
  }

  /** Waking a thread is free here: it runs `left` ticks of work. */
  wakeThread(f: Fiber, left: number): void {
    this.start(f, left);
  }

  /** OS thread `f` has ended: its teardown is `ticks` of work on a core without the GIL. */
  exitWork(f: Fiber, ticks: number): void {
    if (f.cpu === null) f.cpu = new CpuWork();
    const c = f.cpu;
    c.left = 0;
    c.wake = Math.max(1, Math.round(ticks));
    this.takeCore(f);
  }

  /** A fiber's slice came due. */
  sliceEnded(f: Fiber): void {
    const k = this.k;
    const c = f.cpu as CpuWork;
    const used = k.now - c.sliceStart;
    this.busyTicks += used;
    c.used += used;
    const p = f.process;
    p.busyTicks += used;
    if (c.wake > 0) {
      // An ended thread's teardown is over.
      c.wake = 0;
      c.onCore = false;
      this.releaseCore();
      return;
    }
    c.left -= c.stretch === 1 ? used : stretchedWork(c, used);
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
    const next = p.gil ? (p.gilWaiters.shift() ?? null) : null;
    if (p.gil && next === null) p.gilHolder = null;
    if (next !== null) this.handOff(p, next);
    this.releaseCore();
    if (next !== null) this.takeCore(next);
    k.makeRunnable(f, f.resumeValue); // a computation resumes with nothing; a woken wait with its value
  }

  /** Nothing is kept past an instant here. */
  settle(): void {}

  private waitForGil(f: Fiber): void {
    const p = f.process;
    const holder = p.gilHolder;
    p.gilWaiters.push(f);
    if (this.k.tracing) this.k.emitFor(f.id, 'cpu.wait', null, { holder: holder?.id ?? 0 });
    if (holder !== null) this.requestSwitch(holder);
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
      const used = k.now - c.sliceStart;
      this.busyTicks += used;
      c.used += used;
      p.busyTicks += used;
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
    if (c.wake > 0) {
      c.stretch = 1;
      c.sliceEnd = k.now + c.wake;
      k.scheduleCpu(f, c.sliceEnd);
      if (k.tracing) k.emitFor(f.id, 'cpu.run', null, { until: c.sliceEnd, kernel: true });
      return;
    }
    const { parallelSlowdown: slowdown, oversubscribedSlowdown: over } = k.costs;
    const busy = this.cores - this.freeCores - 1; // this slice's core is taken already
    c.stretch = slowdown > 0 ? 1 + slowdown * busy : 1;
    if (over > 0 && this.coreWaiters.length > 0) c.stretch *= 1 + over;
    let len = c.stretch === 1 ? c.left : Math.round(c.left * c.stretch);
    // Cut at the switch interval where another thread waits for the GIL, and where the
    // stretch applies, so that it follows the other cores at that pace.
    const cut = slowdown > 0 || (f.process.gil && f.process.gilWaiters.length > 0);
    if (cut && len > this.switchInterval) len = this.switchInterval;
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
