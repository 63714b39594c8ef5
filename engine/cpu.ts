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
 * OS would time-slice them) — with the stretch fixed when a slice starts, and slices cut at
 * the switch interval while it applies, so a core that becomes busy or idle mid-slice
 * changes it from the next slice on.
 *
 * Wake-ups, once they cost something (`wakesCost`; the ideal costs have none, and then the
 * GIL is handed over at once and wakes are free):
 * - Waking a blocked OS thread is work of the OS on a core, without the GIL: `contextSwitch`
 *   ticks, or `wakeIdle` when the core it lands on has been idle `wakeIdleAfter` ticks or
 *   more (an idle core sleeps deeper: a virtual CPU stops polling and halts). Free cores
 *   remember since when they are idle; a woken thread lands on the one idle the shortest,
 *   or, with none free, preempts the thread that woke it (Linux favours a thread that
 *   slept). Then, in a CPython process, it takes the GIL back (`Py_END_ALLOW_THREADS`).
 * - The waker pays too: `wakeSignal` ticks (`wakeSignalIdle` onto a deep-idle core) for the
 *   futex wake and the interrupt to the other core, added to its next computation.
 * - The GIL is not handed over but released, as CPython 3.11's `drop_gil` does: it signals
 *   one waiter on the GIL's condition variable (the releaser paying `wakeSignal`), and the
 *   waiter must be woken. Until it is, the GIL is free, and another thread that asks for it
 *   — one back from a system call — takes it at once; the woken waiter then finds it taken
 *   and waits again at the back (CPython's GIL is not fair; the wasted wake-up still cost
 *   a core). The releaser itself waits for the waiter it signalled: Linux runs a thread
 *   that slept before its waker, and with a drop request pending CPython's FORCE_SWITCHING
 *   makes it wait. (Letting it take the GIL back gave 1.7–2× the real p50 latencies with
 *   100 threads a process, and a tenth of the real GIL hand-offs.) The signal is paid
 *   after the release, not under the GIL's mutex as in CPython: paid under it, every
 *   release with a waiter held the GIL 6 µs longer, and the p50 latencies grew to 10× the
 *   real ones.
 * - A system call (`syscall`): its first tick, under the GIL, makes it; the rest runs on the
 *   same core without the GIL.
 * - A thread keeps its core for the rest of the instant after a burst (a system call that
 *   does not block does not give the CPU up), until time passes (`settle`).
 * - An ended thread's teardown (`exitWork`: `pthread_exit`, its stack unmapped) is OS work
 *   on a core after its joiners are woken, queued for a core like any other.
 *
 * Simplifications: GIL waiters are signalled in FIFO order, core queues are FIFO, and
 * cores are not time-sliced between processes by an OS scheduler — a fiber keeps its core
 * for its whole slice. Zero-time steps need neither GIL nor core.
 */
import { CpuWork, type Fiber } from './fiber.ts';
import type { Kernel } from './kernel.ts';
import type { SimProcess } from './process.ts';

export class Cpu {
  private freeCores: number;
  /** Since when each free core is idle, the most recently idled last. */
  private readonly idleSince: number[];
  /** Fibers whose burst ended this instant and that keep their core until it ends (see `settle`). */
  private readonly lingering: Fiber[] = [];
  /** Fibers holding their GIL (or in a GIL-free process) waiting for a core. */
  private readonly coreWaiters: Fiber[] = [];
  /** Total core time consumed, in ticks. */
  busyTicks = 0;
  /** GIL hand-offs forced by the switch interval. */
  forcedSwitches = 0;
  /** Whether waking a thread costs anything (not with the ideal costs): fixed with the kernel's costs. */
  readonly wakesCost: boolean;

  constructor(
    private readonly k: Kernel,
    readonly cores: number,
    /** GIL switch interval in ticks. */
    switchInterval: number,
  ) {
    this.freeCores = cores;
    this.idleSince = new Array<number>(cores).fill(0);
    this.wakesCost = k.costs.contextSwitch > 0 || k.costs.wakeIdle > 0;
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

  /** Starts `ticks` of CPU work for `f` under its GIL (a syscall: the fiber yields right after). */
  start(f: Fiber, ticks: number): void {
    f.state = 'cpu';
    if (f.cpu === null) f.cpu = new CpuWork();
    const c = f.cpu;
    c.left = ticks;
    const kept = this.lingering.length > 0 && this.lingers(f); // none with the ideal costs
    if (kept) this.unlinger(f);
    const p = f.process;
    if (!p.gil || (p.gilHolder === null && p.gilYielder !== f)) {
      if (p.gil) p.gilHolder = f;
      if (kept) this.startSlice(f);
      else this.takeCore(f);
      return;
    }
    if (kept) this.releaseCore();
    this.waitForGil(f);
  }

  /**
   * Starts a system call of `ticks` (at least 1) for `f`: its first tick is Python under the
   * GIL making the call, the rest the call on the same core without the GIL (see `syscallTicks`).
   */
  syscall(f: Fiber, ticks: number): void {
    this.start(f, 1);
    (f.cpu as CpuWork).after = ticks - 1;
  }

  /**
   * Wakes OS thread `f` (blocked, or signalled the GIL): the OS's wake-up on a core, then
   * `left` ticks of Python work under the GIL; it resumes with `f.resumeValue`. `waker`,
   * the thread that woke it (if any), pays `wakeSignal`.
   */
  wakeThread(f: Fiber, left: number, waker: Fiber | null = this.k.current): void {
    f.state = 'cpu';
    if (f.cpu === null) f.cpu = new CpuWork();
    const c = f.cpu;
    c.left = left;
    if (waker !== null && waker !== f) {
      if (waker.cpu === null) waker.cpu = new CpuWork();
      waker.cpu.carry += this.signalTicks(); // paid with its next computation
    }
    // A core kept this instant: its own (blocked and woken within the instant its last burst
    // ended), or, with no core free, its waker's (the woken thread preempts it).
    const preempted = this.freeCores === 0 && waker !== null && waker !== f && this.lingers(waker) ? waker : null;
    const kept = this.lingers(f) ? f : preempted;
    if (kept !== null) {
      this.unlinger(kept);
      c.wake = this.wakeTicks(null);
      this.startSlice(f);
      return;
    }
    c.wake = -1; // its length depends on the core it gets
    this.takeCore(f);
  }

  /**
   * OS thread `f` has ended (its joiners are woken): its teardown — `pthread_exit`, its
   * stack unmapped — is `ticks` of work on a core without the GIL: the core it kept, if any.
   */
  exitWork(f: Fiber, ticks: number): void {
    if (f.cpu === null) f.cpu = new CpuWork();
    const c = f.cpu;
    c.left = 0;
    c.after = 0;
    c.wake = Math.max(1, Math.round(ticks));
    if (this.lingering.length > 0 && this.lingers(f)) {
      this.unlinger(f);
      this.startSlice(f);
    } else this.takeCore(f);
  }

  /** A fiber's slice came due. */
  sliceEnded(f: Fiber): void {
    const k = this.k;
    const c = f.cpu as CpuWork;
    const used = k.now - c.sliceStart;
    this.busyTicks += used;
    const p = f.process;
    if (c.wake > 0) {
      c.wake = 0;
      if (c.left <= 0) {
        if (f.state === 'done') {
          c.onCore = false; // an ended thread's teardown (see `exitWork`)
          this.releaseCore();
        } else this.done(f); // a system call's end
        return;
      }
      // Woken: now the GIL, on this core if it is free.
      p.gilYielder = null;
      if (!p.gil || p.gilHolder === null) {
        if (p.gil) p.gilHolder = f;
        this.startSlice(f);
        return;
      }
      c.onCore = false;
      this.releaseCore();
      this.waitForGil(f);
      return;
    }
    c.left -= c.stretch === 1 ? used : stretchedWork(c, used);
    if (c.left > 0 && (!p.gil || p.gilWaiters.length === 0)) {
      this.startSlice(f); // nobody wants the GIL: keep the core and go on
      return;
    }
    if (c.left > 0) {
      // Forced switch: the GIL goes to the first waiter, f queues behind the others.
      c.onCore = false;
      this.forcedSwitches++;
      if (k.tracing) k.emitFor(f.id, 'cpu.switch', null, { left: c.left });
      const next = p.gilWaiters.shift() as Fiber;
      p.gilWaiters.push(f);
      if (this.wakesCost) {
        p.gilHolder = null;
        this.releaseCore();
        this.wakeThread(next, (next.cpu as CpuWork).left, null);
      } else {
        this.handOff(p, next);
        this.releaseCore();
        this.takeCore(next);
      }
      return;
    }
    if (!this.wakesCost) {
      c.onCore = false;
      if (k.tracing) k.emitFor(f.id, 'cpu.done', null, null);
      const next = p.gil ? (p.gilWaiters.shift() ?? null) : null;
      if (p.gil && next === null) p.gilHolder = null;
      if (next !== null) this.handOff(p, next);
      this.releaseCore();
      if (next !== null) this.takeCore(next);
      k.makeRunnable(f, f.resumeValue); // a computation resumes with nothing; a woken wait with its value
      return;
    }
    const next = p.gil ? (p.gilWaiters[0] ?? null) : null;
    if (p.gil) p.gilHolder = null;
    if (c.after > 0) {
      // The GIL released for a system call, which runs on this core.
      c.wake = c.after;
      c.after = 0;
      c.left = 0;
      this.startSlice(f);
    } else this.done(f);
    if (next !== null) {
      p.gilWaiters.shift();
      p.gilYielder = f;
      this.wakeThread(next, (next.cpu as CpuWork).left, f);
    }
  }

  /** `f`'s computation is over: it keeps its core for the rest of the instant, and runs on. */
  private done(f: Fiber): void {
    const c = f.cpu as CpuWork;
    c.onCore = false;
    if (this.k.tracing) this.k.emitFor(f.id, 'cpu.done', null, null);
    this.lingering.push(f);
    this.k.makeRunnable(f, f.resumeValue);
  }

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

  /** Whether the free core a woken thread would land on has been idle long enough to sleep deeply. */
  private deepIdle(idleAt: number | null): boolean {
    const c = this.k.costs;
    return idleAt !== null && c.wakeIdle > 0 && this.k.now - idleAt >= c.wakeIdleAfter;
  }

  /** Ticks the OS takes to wake a thread onto a core idle since `idleAt` (null: a busy one). */
  private wakeTicks(idleAt: number | null): number {
    const c = this.k.costs;
    return Math.max(1, Math.round(this.deepIdle(idleAt) ? c.wakeIdle : c.contextSwitch));
  }

  /** Ticks a waker spends waking a thread now (onto the free core idle the shortest, if any). */
  private signalTicks(): number {
    const c = this.k.costs;
    const n = this.idleSince.length;
    return Math.round(
      this.deepIdle(n === 0 ? null : (this.idleSince[n - 1] as number)) ? c.wakeSignalIdle : c.wakeSignal,
    );
  }

  private takeCore(f: Fiber): void {
    if (this.freeCores > 0) {
      this.freeCores--;
      const idleAt = this.idleSince.pop() as number;
      const c = f.cpu as CpuWork;
      if (c.wake < 0) c.wake = this.wakeTicks(idleAt);
      this.startSlice(f);
    } else {
      this.coreWaiters.push(f);
      if (this.k.tracing) this.k.emitFor(f.id, 'cpu.wait', null, { core: true });
    }
  }

  /** The instant is over (no fiber can run before time passes): lingering fibers give up their cores. */
  settle(): void {
    const l = this.lingering;
    while (l.length > 0) {
      l.pop();
      this.releaseCore();
    }
  }

  /** Whether `f` keeps its core after a burst this instant (a list of at most the cores). */
  private lingers(f: Fiber): boolean {
    return this.lingering.includes(f);
  }

  private unlinger(f: Fiber): void {
    const l = this.lingering;
    l.splice(l.indexOf(f), 1);
  }

  /** Takes a dying process's fibers off the CPU: their cores go to the next waiters. */
  evictProcess(p: SimProcess): void {
    const k = this.k;
    for (let i = this.coreWaiters.length - 1; i >= 0; i--) {
      if ((this.coreWaiters[i] as Fiber).process === p) this.coreWaiters.splice(i, 1);
    }
    const onCore = k.allFibers().filter((f) => f.process === p && f.cpu !== null && f.cpu.onCore);
    p.gilHolder = null;
    p.gilYielder = null;
    p.gilWaiters.length = 0;
    for (const f of this.lingering.filter((x) => x.process === p)) {
      this.unlinger(f);
      this.releaseCore();
    }
    for (const f of onCore) {
      const c = f.cpu as CpuWork;
      this.busyTicks += k.now - c.sliceStart;
      c.onCore = false;
      this.releaseCore();
    }
  }

  private releaseCore(): void {
    const w = this.coreWaiters.shift();
    if (w === undefined) {
      this.freeCores++;
      this.idleSince.push(this.k.now);
      return;
    }
    const c = w.cpu as CpuWork;
    if (c.wake < 0) c.wake = this.wakeTicks(null);
    this.startSlice(w);
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
    // This slice's core is taken already, so the others busy are those neither free, nor
    // kept by a thread whose burst just ended (it computes nothing until it computes again).
    const busy = this.cores - this.freeCores - this.lingering.length - 1;
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
