/**
 * The costed CPU model: an OS scheduling OS threads on N cores, and CPython's GIL taken and
 * dropped by the threads themselves on futexes (engine/gil.ts, engine/futex.ts). The kernel
 * uses it once wake-ups cost something (`contextSwitch` or `wakeIdle` above 0, as in every
 * calibrated profile); with the ideal costs it uses engine/cpu.ts.
 *
 * The OS is Linux's as far as it shapes what Python threads observe:
 * - each core runs one thread and queues the others runnable on it; a free core takes the
 *   queued thread with the least virtual runtime (CPU time used), its own or another core's
 *   (new-idle balancing); a thread that runs a whole time slice (`timeSlice` × (1 + log2 of
 *   the cores, at most 8), as Linux scales its base slice) while others are queued on its
 *   core goes to the back;
 * - a woken thread goes where Linux's select_task_rq_fair sends it (`wakeTarget`): the core it
 *   last ran on, or its waker's — a socket's wake-up is made by the sending thread within its
 *   system call, with WF_SYNC, and draws the reader onto the sender's core when the sender runs
 *   alone there (wake_affine_idle). Only with a shared cache (`llcCores` above 1) does it then
 *   look for any idle core (the PVM machine of sessions 1–10 exposed none, and Linux looked no
 *   further; the KVM one of the built-in profile shares its L3).
 *   Onto a free core it runs after that core's wake-up (`contextSwitch` or, after
 *   `wakeIdleAfter` of idleness, `wakeIdle` ticks end to end); onto a busy one it is runnable
 *   `wakeLatency` ticks after the wake;
 * - there its virtual runtime is brought to the average of that core's threads (running and
 *   queued: Linux averages each run queue) less the lag it had when it slept, and its virtual
 *   deadline a slice beyond (EEVDF's placement). It takes the core from the thread running
 *   there if it is the eligible thread with the earliest deadline there (pick_eevdf), except
 *   while that thread is itself eligible and within the slice it was switched in for
 *   (RUN_TO_PARITY protects only an eligible thread: on the machine, 56 threads woken onto a
 *   core while one ran there all queued behind it, while in gil-contention 24% of the threads a
 *   GIL holder woke on its own core took it at once); else it queues. A core left
 *   idle while threads queue on a busy one pulls one at that core's next scheduler tick
 *   (`schedTick`: the nohz idle-balance kick), or when it goes idle itself (new-idle
 *   balancing). A thread taken by another core keeps its lag against the new core's average.
 *   Averaging per core lets a CPU-bound thread alone on its core stay eligible there while
 *   short sleepers come and go on the other;
 * - waking costs the waker `wakeSignal` (`wakeSignalIdle` onto a deep-idle core); a thread
 *   that goes to sleep spends half of `switchCost` on its core before the core is free, and
 *   the switch into a thread the other half. These OS costs, and a system call's own, vary by
 *   ±`osJitter` (drawn from the run's seed): futex_wake.c measured 2.4–4 µs and 4.4–7 µs for
 *   the two sides of a wake, and at whole-tick costs without that spread threads fall into
 *   lockstep cycles no machine keeps (two threads calling into the OS then never met at the GIL).
 *
 * A fiber's CPU work is a job its OS thread runs: Python work takes the GIL (if the thread
 * does not hold it), runs, and keeps it; a system call takes it, runs a tick of Python, drops
 * it and makes the call; a wake-up is the OS's, then the GIL and a tick of Python. Between
 * jobs a thread keeps its core and the GIL for the rest of the instant (zero-time code runs
 * there); when the instant ends (`settle`) a thread whose fiber computes no more has blocked:
 * it drops the GIL and sleeps until its fiber is woken. Greenlets of one hub are one OS thread.
 *
 * The threads a fiber wakes from Python code are woken by its thread's next job, in order, one
 * at a time, before anything else — before it drops the GIL to block or end: for each it pays
 * `wakeSignal` and the OS wakes the thread, which may take its core between two wake-ups. A
 * thread that sets an Event 500 threads wait on holds the GIL while it wakes them, and they
 * queue for it (`deliver`).
 *
 * Simplifications: a free core takes the least virtual runtime rather than the earliest
 * eligible deadline; a thread's lag is kept whole while it sleeps (Linux 6.12's DELAY_DEQUEUE
 * lets a sleeper ahead of its core's average catch up first: modelled, with sleepers dequeued at
 * the next pick once eligible, it made gil-contention's convoy 1.4 times CPython's at 30
 * threads, where leaving it out gives 0.98–1.07 at every count; MEASUREMENTS-2026-12-07.md,
 * session 9); a thread's slice ends at its end, where Linux ends it at the scheduler's next tick
 * (two CPU-bound threads on one CPU of the machine alternate every 4.0 ms, not 1.5); the 20–25%
 * of wake-ups onto a busy core that the machine moves to the waker's core (wake_affine or this
 * kernel's `sched_vcpu_pack`, not told apart) stay on their last core (see `wakeTarget`); no
 * priorities; no periodic load balancing beyond the idle cores' pulls; how cold a woken thread
 * finds the caches depends on how long it slept, not on what ran meanwhile; the eval breaker is
 * checked at once; an ended thread drops the GIL before its teardown (`exitWork`). Differences
 * a program can observe, in its timings, not yet mended: after a system call the thread takes
 * the GIL back at its next computation, not as the call returns (`Py_END_ALLOW_THREADS`), so a
 * call followed by a blocking wait skips one take/drop of the GIL that CPython makes; a waker's
 * wake-ups are made after the Python that made them, not within it (`set()` returns at once, in
 * no time), and a sender pays for the reader its segment wakes with its next computation (the
 * delivery comes after its `send` returns, and often after it has blocked); and the two
 * scheduling differences above.
 */
import type { Baton } from './baton.ts';
import { CpuModel } from './cpu.ts';
import { CpuWork, type Fiber } from './fiber.ts';
import { type Futex, type OsCode, RUN_CALL, RUN_OS, RUN_PYTHON, SLEEP, WAKE } from './futex.ts';
import { Gil } from './gil.ts';
import type { Kernel } from './kernel.ts';
import type { SimProcess } from './process.ts';
import { makeRng, type Rng } from './rng.ts';

/** `waking`: woken, not yet runnable (in flight to a core). */
type Status = 'new' | 'running' | 'ready' | 'waking' | 'asleep' | 'gone';

/** An OS thread: a fiber, or the hub of greenlets that share one (keyed by their baton). */
export class OsThread {
  status: Status = 'new';
  /** The fiber whose work the thread does now (a hub's greenlet that computes). */
  fiber: Fiber;
  /** The core it runs on, or last ran on (-1: none yet). */
  core = -1;
  /** While it wakes: the core the OS sent it to (-1: none yet), and whether that core was idle (it is then claimed). */
  wakeCore = -1;
  claims = false;
  vruntime = 0;
  /** How far its virtual runtime was behind the average when it went to sleep. */
  lag = 0;
  /** The job in progress, or null. */
  code: OsCode | null = null;
  /** A burst its fiber began while the thread was still blocking (dropping the GIL, going to sleep): it follows. */
  pending: OsCode | null = null;
  /** Whether the current job is a fiber's burst (its end makes the fiber runnable). */
  burst = false;
  /** Between jobs within an instant: zero-time code runs, the core and the GIL kept. */
  lingering = false;
  /** The request being served and its arguments (engine/futex.ts). */
  request = -1;
  ticks = 0;
  futex: Futex | null = null;
  timeout = -1;
  target: OsThread | null = null;
  /** Ticks left of a RUN request (0: none in progress), its start and how it is stretched. */
  left = 0;
  runStart = 0;
  stretch = 1;
  sliceEnd = 0;
  /**
   * EEVDF's virtual deadline (virtual runtime plus a slice, set where it is placed and renewed
   * each time its virtual runtime reaches it), and the one it had when it was last switched in:
   * until its virtual runtime reaches that, no woken thread preempts it while it is eligible
   * (RUN_TO_PARITY).
   */
  deadline = 0;
  protectedUntil = 0;
  /** The scheduler's switch into this thread, paid before it goes on, and whether it is being paid. */
  switchDue = 0;
  paying = false;
  /** In futex_wait before sleeping: a wake meanwhile keeps it awake. */
  entering = false;
  wokenEarly = false;
  /** Whether its last futex sleep ended by its timeout rather than a wake-up. */
  timedOut = false;
  /** Core ticks booked to it (`time.thread_time()`). */
  cpuTicks = 0;
  /** When it last fell asleep (-1: it has run since), and whether it has ever been woken. */
  asleepAt = -1;
  everWoken = false;
  /** Threads its fiber woke from Python whose wake-ups it has yet to make, in order (`deliver`). */
  readonly deferred: OsThread[] = [];
  /** Bumped to cancel a pending run end or sleep timeout. */
  token = 0;

  constructor(
    fiber: Fiber,
    readonly process: SimProcess,
    private readonly clock: { readonly now: number },
  ) {
    this.fiber = fiber;
  }

  /** Whether it is off every core and run queue for want of a wake-up (asleep, or never run). */
  unwoken(): boolean {
    return this.status === 'asleep' || this.status === 'new';
  }

  /** The virtual time, for the timeouts of the code it runs. */
  now(): number {
    return this.clock.now;
  }

  /** A SLEEP request on `futex` (null: on what the fiber blocks on), at most `timeout` ticks (-1: none). */
  sleep(futex: Futex | null, timeout: number): number {
    this.futex = futex;
    this.timeout = timeout;
    this.timedOut = false;
    return SLEEP;
  }

  /** A WAKE request: `target` (null: the first sleeper) on `futex`. */
  wake(futex: Futex, target: OsThread | null): number {
    this.futex = futex;
    this.target = target;
    return WAKE;
  }

  run(request: number, ticks: number): number {
    this.ticks = ticks;
    return request;
  }
}

export class OsCpu extends CpuModel {
  readonly wakesCost = true;
  /** Context switches, as getrusage counts them: a thread went to sleep; a thread was preempted or its slice ran out. */
  voluntarySwitches = 0;
  involuntarySwitches = 0;
  private readonly running: (OsThread | null)[];
  private readonly queues: OsThread[][];
  /** Since when each core is idle (meaningful while it is). */
  private readonly idleSince: number[];
  private readonly threads = new Map<Fiber | Baton, OsThread>();
  private readonly gils = new Map<SimProcess, Gil>();
  private readonly lingering: OsThread[] = [];
  private readonly rng: Rng;
  private readonly slice: number;
  /**
   * Per core, as Linux keeps them per run queue: the sum and count of the virtual runtimes of
   * the thread running there and those queued (their average places a woken thread and says
   * who is eligible), and the average it had when it last emptied (an idle core's).
   */
  private readonly sumV: number[];
  private readonly countV: number[];
  private readonly floorV: number[];
  /** Per core: an idle core is to pull from its queue at its next tick (`kickIdle`). */
  private readonly balanceDue: boolean[];
  /** Per core: threads on their way to it while it is free (Linux has enqueued them there: it is no longer idle). */
  private readonly claims: number[];

  constructor(
    private readonly k: Kernel,
    cores: number,
    switchInterval: number,
    seed: string | number,
  ) {
    super(cores, switchInterval);
    this.running = new Array<OsThread | null>(cores).fill(null);
    this.queues = Array.from({ length: cores }, () => []);
    this.idleSince = new Array<number>(cores).fill(0);
    this.sumV = new Array<number>(cores).fill(0);
    this.countV = new Array<number>(cores).fill(0);
    this.floorV = new Array<number>(cores).fill(0);
    this.balanceDue = new Array<boolean>(cores).fill(false);
    this.claims = new Array<number>(cores).fill(0);
    this.rng = makeRng(seed, 'os');
    this.slice = Math.max(1, Math.round(k.costs.timeSlice * (1 + Math.floor(Math.log2(Math.min(cores, 8))))));
  }

  // ---- what the kernel and the models ask ----------------------------------------------------

  /** `ticks` of Python work for `f` under its GIL; the fiber resumes when it is done. */
  start(f: Fiber, ticks: number): void {
    const t = this.threadOf(f);
    this.beginBurst(f, t, this.python(t, ticks));
  }

  /** A system call of `ticks` (at least 1): a tick of Python making it, the rest without the GIL. */
  syscall(f: Fiber, ticks: number): void {
    const t = this.threadOf(f);
    this.beginBurst(f, t, this.call(t, ticks));
  }

  /**
   * Wakes OS thread `f` (blocked, sleeping, or timed out): the OS's wake-up, then `left` ticks
   * of Python under the GIL; it resumes with `f.resumeValue`. `waker` pays `wakeSignal`: the
   * running fiber, or else the sender of the segment being delivered (`Kernel.syncWaker`),
   * whose wake-up is a sync one, as Linux's socket wake-ups are.
   */
  wakeThread(f: Fiber, left: number, waker: Fiber | null = this.k.current ?? this.k.syncWaker): void {
    const t = this.threadOf(f);
    const w = waker === null ? null : this.threadOf(waker);
    const by = w === t ? null : w;
    // syncWaker is set only while a callback runs, outside every fiber.
    const sync = by !== null && waker === this.k.syncWaker;
    const blocked = t.code === null && t.unwoken();
    this.beginBurst(f, t, this.python(t, left), false);
    if (blocked && by !== null && !sync && by.lingering) {
      // Made from Python on a core: the OS wake-up comes as its waker makes it, in its next job.
      by.deferred.push(t);
      return;
    }
    const target = this.wakeTarget(t, by, sync);
    if (by !== null) {
      const wf = waker as Fiber;
      if (wf.cpu === null) wf.cpu = new CpuWork();
      wf.cpu.carry += this.signalCost(target);
    }
    if (blocked) this.wakeUp(t, target);
  }

  /** OS thread `f` has ended: it drops the GIL and tears down (`ticks` on a core), then is gone. */
  exitWork(f: Fiber, ticks: number): void {
    const t = this.threads.get(f);
    if (t === undefined) return;
    this.unlinger(t);
    t.burst = false;
    t.code = this.exit(t, this.owed(t), Math.max(1, Math.round(ticks)));
    if (t.status === 'running' && t.left === 0 && !t.entering) this.step(t);
  }

  /** The instant is over: threads whose fibers compute no more have blocked, or ended. */
  settle(): void {
    const l = this.lingering;
    while (l.length > 0) {
      const t = l.pop() as OsThread;
      t.lingering = false;
      t.burst = false;
      t.code =
        t.fiber.state === 'done' && t.fiber.baton === null
          ? this.exit(t, this.owed(t), 0)
          : this.block(t, this.owed(t));
      if (t.status === 'running') this.step(t);
    }
  }

  /** A fiber's slice came due: never, since this model schedules its own events. */
  sliceEnded(_f: Fiber): void {}

  /** Takes a dying process's threads off the CPU: their cores go to others, their futex waits end. */
  evictProcess(p: SimProcess): void {
    for (const [key, t] of this.threads) {
      if (t.process !== p) continue;
      this.threads.delete(key);
      this.unlinger(t);
      t.token++;
      if (t.futex !== null) {
        const s = t.futex.sleepers;
        const i = s.indexOf(t);
        if (i >= 0) s.splice(i, 1);
      }
      for (const w of t.deferred) if (w.unwoken()) this.wakeUp(w, this.wakeTarget(w, null, false));
      t.deferred.length = 0;
      if (t.status === 'running') {
        this.account(t);
        this.countOut(t);
        const c = t.core;
        t.status = 'gone';
        this.running[c] = null;
        this.pickNext(c);
      } else if (t.status === 'ready') {
        const q = this.queues[t.core] as OsThread[];
        const i = q.indexOf(t);
        if (i >= 0) q.splice(i, 1);
        this.countOut(t);
      }
      t.status = 'gone';
    }
    this.gils.delete(p);
  }

  // ---- the jobs --------------------------------------------------------------------------------

  private *python(t: OsThread, ticks: number): OsCode {
    const gil = this.gilOf(t.process);
    if (gil !== null && gil.holder !== t) yield* gil.take(t, this.switchInterval);
    if (t.deferred.length > 0) yield* this.deliver(t);
    let left = ticks;
    if (gil === null) {
      if (left > 0) yield t.run(RUN_PYTHON, left);
      return;
    }
    while (left > 0) {
      if (gil.dropRequest) {
        this.forcedSwitches++;
        if (this.k.tracing && t.fiber.state === 'cpu') this.k.emitFor(t.fiber.id, 'cpu.switch', null, { left });
        yield* gil.drop(t);
        yield* gil.take(t, this.switchInterval);
      }
      yield t.run(RUN_PYTHON, left);
      left = t.left; // what a drop request left undone
    }
  }

  private *call(t: OsThread, ticks: number): OsCode {
    yield* this.python(t, 1);
    const gil = this.gilOf(t.process);
    if (gil !== null) yield* gil.drop(t);
    if (ticks > 1) yield t.run(RUN_CALL, this.draw(ticks - 1));
  }

  /** A thread whose fiber blocked: it leaves (`leave`) and sleeps. */
  private *block(t: OsThread, owed: number): OsCode {
    yield* this.leave(t, owed);
    yield t.sleep(null, -1);
  }

  /** A thread whose fiber ended: it leaves (`leave`) and tears down (`ticks`). */
  private *exit(t: OsThread, owed: number, ticks: number): OsCode {
    yield* this.leave(t, owed);
    if (ticks > 0) yield t.run(RUN_OS, ticks);
  }

  /** Before a thread blocks or ends: its pending wake-ups, what it owes (`owed`), then the GIL dropped. */
  private *leave(t: OsThread, owed: number): OsCode {
    if (t.deferred.length > 0) yield* this.deliver(t);
    if (owed > 0) yield t.run(RUN_OS, owed);
    const gil = this.gilOf(t.process);
    if (gil !== null && gil.holder === t) yield* gil.drop(t);
  }

  /**
   * The wake-ups `t`'s fiber made from Python (an Event's `set()`, a `notify_all`), made one by
   * one where it stands, holding the GIL: each a wake-up onto the core the OS picks then and
   * `wakeSignal` of `t`'s time: spread over the time they take (on the machine a `set()` woke
   * 500 threads over 4.4 ms; MEASUREMENTS-2026-12-07.md, session 9), and a woken thread may take
   * `t`'s core between two of them. A thread woken otherwise meanwhile (its timeout) is skipped.
   */
  private *deliver(t: OsThread): OsCode {
    const d = t.deferred;
    for (let i = 0; i < d.length; i++) {
      const w = d[i] as OsThread;
      if (!w.unwoken()) continue;
      const cost = this.wakeBy(w, t);
      if (cost > 0) yield t.run(RUN_OS, cost);
    }
    d.length = 0;
  }

  /**
   * Thread `waker`, running, wakes `w` (asleep, or still entering its sleep, which it then skips):
   * onto the core the OS picks now. Returns what it costs `waker` (`signalCost`).
   */
  private wakeBy(w: OsThread, waker: OsThread): number {
    const target = this.wakeTarget(w, waker, false);
    const cost = this.signalCost(target);
    if (w.entering) w.wokenEarly = true;
    else this.wakeUp(w, target);
    return cost;
  }

  /**
   * The whole ticks `t`'s fiber owes and has not yet paid with a computation (the wake-ups it
   * made since, fractions of its work), taken off its carry: paid where it stands, holding the
   * GIL, before it blocks or ends — as it made those wake-ups (in `notify_all`, say) before it
   * blocked.
   */
  private owed(t: OsThread): number {
    const c = t.fiber.cpu;
    if (c === null || c.carry < 1) return 0;
    const whole = Math.floor(c.carry);
    c.carry -= whole;
    return whole;
  }

  /** Starts a fiber's burst on its thread: at once if the thread is on its core between jobs. */
  private beginBurst(f: Fiber, t: OsThread, code: OsCode, now = true): void {
    f.state = 'cpu';
    t.fiber = f;
    t.burst = true;
    if (t.code !== null && !t.lingering) {
      // Still dropping the GIL or going to sleep after its fiber blocked: it stays awake, and
      // this job follows that one.
      t.pending = code;
      return;
    }
    t.code = code;
    if (t.lingering) {
      this.unlinger(t);
      if (t.status === 'running') this.step(t);
      return;
    }
    if (now && t.unwoken()) {
      // A thread's first work (a new thread is runnable at once), or work without a wake-up.
      t.status = 'waking';
      this.arrive(t);
    }
  }

  // ---- the OS ----------------------------------------------------------------------------------

  /** A hub's greenlets share their OS thread's, as `time.thread_time()` does under gevent. */
  override threadTicks(f: Fiber): number {
    return this.threads.get(f.baton ?? f)?.cpuTicks ?? 0;
  }

  private threadOf(f: Fiber): OsThread {
    const key = f.baton ?? f;
    let t = this.threads.get(key);
    if (t === undefined) {
      t = new OsThread(f, f.process, this.k);
      this.threads.set(key, t);
    }
    return t;
  }

  private gilOf(p: SimProcess): Gil | null {
    if (!p.gil) return null;
    let g = this.gils.get(p);
    if (g === undefined) {
      g = new Gil((holder) => this.interrupt(holder));
      this.gils.set(p, g);
    }
    return g;
  }

  /** An OS cost drawn within ±`osJitter` of `ticks`, in whole ticks (0 stays 0). */
  private draw(ticks: number): number {
    if (ticks <= 0) return 0;
    const j = this.k.costs.osJitter;
    return Math.max(1, Math.round(j > 0 ? ticks * (1 + j * (2 * this.rng.next() - 1)) : ticks));
  }

  /** Whether core `c` is idle: nothing runs there, nothing is on its way. */
  private idle(c: number): boolean {
    return this.running[c] === null && this.claims[c] === 0;
  }

  /** The idle core idle the shortest, or -1. */
  private idleCore(): number {
    let best = -1;
    for (let c = 0; c < this.cores; c++) {
      if (this.idle(c) && (best < 0 || (this.idleSince[c] as number) > (this.idleSince[best] as number))) best = c;
    }
    return best;
  }

  /** Where a new thread starts (fork balancing): an idle core, else the one with the fewest threads. */
  private idlestCore(): number {
    const idle = this.idleCore();
    if (idle >= 0) return idle;
    let best = 0;
    for (let c = 1; c < this.cores; c++) if ((this.countV[c] as number) < (this.countV[best] as number)) best = c;
    return best;
  }

  /**
   * Where the OS sends thread `t` that `waker` wakes (null: a timer's interrupt, on the core
   * `t` slept on), as Linux's select_task_rq_fair does: the waker's core for a sync wake-up
   * (a socket's) if the waker runs alone there (wake_affine_idle), else the core `t` last ran
   * on. Then select_idle_sibling: that core if idle; with a shared cache (`llcCores` above 1)
   * else the last core or any other idle one; without one, that core, busy or not.
   * wake_affine_weight, which may send it to a busy waker's core instead, is left out: it
   * weighs the cores' PELT loads, in which threads that mostly sleep weigh little, and on the
   * machine 98 of 100 threads woken at once by a busy thread stayed on their own last core
   * (MEASUREMENTS-2026-12-07.md, session 8).
   */
  private wakeTarget(t: OsThread, waker: OsThread | null, sync: boolean): number {
    const prev = t.core;
    if (prev < 0) return this.idlestCore();
    const target =
      sync && waker !== null && waker.status === 'running' && this.countV[waker.core] === 1 ? waker.core : prev;
    if (this.idle(target) || this.k.costs.llcCores <= 1) return target;
    if (this.idle(prev)) return prev;
    const idle = this.idleCore();
    return idle >= 0 ? idle : target;
  }

  private deepIdle(core: number): boolean {
    const c = this.k.costs;
    return core >= 0 && c.wakeIdle > 0 && this.k.now - (this.idleSince[core] as number) >= c.wakeIdleAfter;
  }

  /** What waking a thread onto core `target` costs its waker: `wakeSignal`, or `wakeSignalIdle` if it is in deep idle. */
  private signalCost(target: number): number {
    const c = this.k.costs;
    return this.draw(this.idle(target) && this.deepIdle(target) ? c.wakeSignalIdle : c.wakeSignal);
  }

  /**
   * The OS wakes `t` (its pending timeout cancelled) onto `target` (`wakeTarget`): if that
   * core is idle, after its wake-up; else runnable there after `wakeLatency`. Then `arrive`.
   */
  private wakeUp(t: OsThread, target: number): void {
    t.token++;
    t.status = 'waking';
    t.wakeCore = target;
    const delay = this.wakeDelay(target); // before the claim: an idle core's wake-up
    t.claims = this.idle(target);
    if (t.claims) (this.claims[target] as number)++;
    this.k.schedule(this.k.now + delay, () => this.arrive(t));
  }

  /** Ticks from a wake to the thread runnable on `target`: an idle core's wake-up (end to end less the switch in), or a busy one's. */
  private wakeDelay(target: number): number {
    const c = this.k.costs;
    if (!this.idle(target)) return this.draw(c.wakeLatency);
    const endToEnd = this.deepIdle(target) ? c.wakeIdle : c.contextSwitch;
    return this.draw(Math.max(1, endToEnd - c.switchCost / 2));
  }

  /** Thread `t` is runnable on the core the OS sent it to (a new thread: on the idlest core): it runs, preempts, or queues. */
  private arrive(t: OsThread): void {
    if (t.claims) {
      t.claims = false;
      (this.claims[t.wakeCore] as number)--;
    }
    if (t.status !== 'waking') return; // evicted meanwhile
    const target = t.wakeCore >= 0 ? t.wakeCore : t.core >= 0 ? t.core : this.idlestCore();
    t.wakeCore = -1;
    const cur = this.running[target];
    t.vruntime = this.averageVruntime(target) - Math.max(-this.slice, Math.min(t.lag, this.slice));
    t.deadline = t.vruntime + this.slice;
    if (cur === null || cur === undefined) {
      this.switchTo(t, target);
      return;
    }
    if (this.preempts(t, cur)) {
      this.preempt(cur);
      this.switchTo(t, target);
      return;
    }
    t.core = target;
    this.enqueue(t);
  }

  /**
   * Whether `t`, woken onto the core where `cur` runs, takes it (Linux's check_preempt_wakeup_fair:
   * whether pick_eevdf now picks it): not while `cur` is eligible (no further ahead than the
   * core's average virtual runtime) and within the slice it was switched in for (RUN_TO_PARITY),
   * or eligible with an earlier deadline; then if `t` is the eligible thread with the earliest
   * deadline among it and the queued.
   */
  private preempts(t: OsThread, cur: OsThread): boolean {
    const ran = this.ranSoFar(cur);
    const curV = cur.vruntime + ran;
    const c = cur.core;
    const avg = ((this.sumV[c] as number) + ran + t.vruntime) / ((this.countV[c] as number) + 1);
    if (curV <= avg && (curV < cur.protectedUntil || cur.deadline <= t.deadline)) return false;
    if (t.vruntime > avg) return false;
    for (const o of this.queues[c] as OsThread[]) if (o.vruntime <= avg && o.deadline < t.deadline) return false;
    return true;
  }

  /** Ticks `t`, running, has run since its virtual runtime was last brought up to date. */
  private ranSoFar(t: OsThread): number {
    return t.status === 'running' && !t.lingering ? this.k.now - t.runStart : 0;
  }

  private enqueue(t: OsThread): void {
    t.status = 'ready';
    (this.queues[t.core] as OsThread[]).push(t);
    this.countIn(t);
    this.kickIdle(t.core);
    if (this.k.tracing && t.burst && t.fiber.state === 'cpu')
      this.k.emitFor(t.fiber.id, 'cpu.wait', null, { core: true });
  }

  /** `cur` leaves its core for its run queue, its run cut where it is. */
  private preempt(cur: OsThread): void {
    this.involuntarySwitches++;
    if (cur.left > 0) this.account(cur);
    cur.token++;
    this.countOut(cur);
    this.running[cur.core] = null;
    this.enqueue(cur);
  }

  private switchTo(t: OsThread, core: number): void {
    this.running[core] = t;
    t.core = core;
    t.status = 'running';
    t.sliceEnd = this.k.now + this.slice;
    t.protectedUntil = t.deadline;
    t.switchDue = this.draw(this.k.costs.switchCost / 2 + this.coldness(t));
    this.countIn(t);
    this.resume(t);
  }

  /**
   * What `t`, switched in, spends beyond the switch because it slept: the caches and TLB it
   * finds cold, more the longer it slept (`coldResume`, `coldAfter`), and more again on its
   * first wake-up since it started (`firstResume`).
   */
  private coldness(t: OsThread): number {
    if (t.asleepAt < 0) return 0;
    const c = this.k.costs;
    const slept = this.k.now - t.asleepAt;
    t.asleepAt = -1;
    let extra = c.coldResume > 0 ? c.coldResume * -Math.expm1(-slept / c.coldAfter) : 0;
    if (!t.everWoken) {
      t.everWoken = true;
      extra += c.firstResume;
    }
    return extra;
  }

  /** Core `core` is free: the least virtual runtime of its queue, or of another core's (new-idle balancing). */
  private pickNext(core: number): void {
    let q = this.queues[core] as OsThread[];
    if (q.length === 0) {
      for (const o of this.queues) if (o.length > 0) q = o;
    }
    if (q.length === 0) {
      this.idleSince[core] = this.k.now;
      return;
    }
    this.pull(q, core);
  }

  /** Core `core` takes the thread of least virtual runtime from run queue `q` (its own or another core's). */
  private pull(q: OsThread[], core: number): void {
    let best = 0;
    for (let i = 1; i < q.length; i++) if ((q[i] as OsThread).vruntime < (q[best] as OsThread).vruntime) best = i;
    const t = q.splice(best, 1)[0] as OsThread;
    // A thread taken from another core keeps its lag, measured against the new core's average.
    const lag = this.averageVruntime(t.core) - t.vruntime;
    this.countOut(t);
    if (t.core !== core) {
      const v = this.averageVruntime(core) - lag;
      t.deadline += v - t.vruntime;
      t.vruntime = v;
    }
    this.switchTo(t, core);
  }

  /**
   * A thread queued on busy core `core` while another core idles: the idle core pulls it at
   * `core`'s next scheduler tick (Linux's nohz idle-balance kick), if it is still idle and the
   * thread still queued (the idle core stays idle until then: it does not look by itself).
   */
  private kickIdle(core: number): void {
    if (this.balanceDue[core] || this.idleCore() < 0) return;
    const tick = this.k.costs.schedTick;
    if (tick <= 0) return;
    this.balanceDue[core] = true;
    this.k.schedule((Math.floor(this.k.now / tick) + 1) * tick, () => {
      this.balanceDue[core] = false;
      const q = this.queues[core] as OsThread[];
      for (let idle = this.idleCore(); idle >= 0 && q.length > 0; idle = this.idleCore()) this.pull(q, idle);
    });
  }

  /**
   * The average virtual runtime of the threads running or queued on `core` (if none, its last),
   * the running thread's run so far counted, as Linux brings it up to date first (update_curr).
   */
  private averageVruntime(core: number): number {
    const n = this.countV[core] as number;
    if (n === 0) return this.floorV[core] as number;
    const cur = this.running[core];
    return ((this.sumV[core] as number) + (cur === null || cur === undefined ? 0 : this.ranSoFar(cur))) / n;
  }

  private countIn(t: OsThread): void {
    const c = t.core;
    (this.sumV[c] as number) += t.vruntime;
    (this.countV[c] as number)++;
  }

  private countOut(t: OsThread): void {
    if (t.status !== 'running' && t.status !== 'ready') return;
    const c = t.core;
    if (this.countV[c] === 1) {
      this.floorV[c] = t.vruntime;
      this.sumV[c] = 0;
      this.countV[c] = 0;
      return;
    }
    (this.sumV[c] as number) -= t.vruntime;
    (this.countV[c] as number)--;
  }

  /** A running thread goes on: its cut run, its switch-in cost, or its job's next request. */
  private resume(t: OsThread): void {
    const due = t.switchDue;
    t.switchDue = 0;
    if (t.left > 0) {
      // A Python run cut by a drop request that came while it was off its core stops here.
      if (t.request === RUN_PYTHON && this.holdsRequestedGil(t)) {
        if (due > 0) this.startRun(t, RUN_OS, due, true);
        else this.step(t);
        return;
      }
      this.startRun(t, t.request, t.left + due, false);
    } else if (due > 0) this.startRun(t, RUN_OS, due, true);
    else if (t.code !== null && !t.lingering) this.requestDone(t);
  }

  private holdsRequestedGil(t: OsThread): boolean {
    const g = this.gils.get(t.process);
    return g?.holder === t && g.dropRequest;
  }

  /** The drop request reached `holder`: if it runs Python, it stops at once. */
  private interrupt(holder: OsThread): void {
    if (holder.status !== 'running' || holder.request !== RUN_PYTHON || holder.left <= 0 || holder.paying) return;
    this.account(holder);
    holder.token++;
    this.step(holder);
  }

  /**
   * Runs `ticks` of `request` on the thread's core. `extra`: an OS cost paid before the request
   * it interrupts (`left` unchanged). Python and system calls are stretched by the other busy
   * cores (`parallelSlowdown`) and cut at the switch interval while they are, to follow them.
   */
  private startRun(t: OsThread, request: number, ticks: number, extra: boolean): void {
    const k = this.k;
    t.paying = extra;
    if (!extra) {
      t.request = request;
      t.left = ticks;
    }
    t.runStart = k.now;
    let len = ticks;
    t.stretch = 1;
    if (request !== RUN_OS && !extra) {
      const { parallelSlowdown: slowdown, oversubscribedSlowdown: over } = k.costs;
      if (slowdown > 0) {
        let busy = 0;
        for (let c = 0; c < this.cores; c++) {
          const o = this.running[c];
          if (c !== t.core && o !== null && o !== undefined && !o.lingering) busy++;
        }
        t.stretch = 1 + slowdown * busy;
      }
      if (over > 0 && this.queues.some((q) => q.length > 0)) t.stretch *= 1 + over;
      if (t.stretch !== 1) len = Math.min(Math.round(ticks * t.stretch), this.switchInterval);
    }
    const token = ++t.token;
    const end = k.now + Math.max(1, Math.min(len, Math.max(1, t.sliceEnd - k.now)));
    if (k.tracing && t.burst && t.fiber.state === 'cpu') {
      k.emitFor(
        t.fiber.id,
        'cpu.run',
        null,
        request === RUN_OS || extra ? { until: end, kernel: true } : { until: end },
      );
    }
    k.schedule(end, () => {
      if (t.token === token) this.runEnded(t, extra);
    });
  }

  /** Books the core time of `t`'s run so far, and the work it did. */
  private account(t: OsThread): void {
    const used = this.charge(t);
    if (t.left > 0) t.left -= t.stretch === 1 ? used : Math.min(t.left, Math.max(1, Math.round(used / t.stretch)));
  }

  /** Books the core time of `t`'s run so far to the cores and to its virtual runtime; returns it. */
  private charge(t: OsThread): number {
    const used = this.k.now - t.runStart;
    this.busyTicks += used;
    t.process.busyTicks += used;
    t.cpuTicks += used;
    t.vruntime += used;
    if (t.vruntime >= t.deadline) t.deadline = t.vruntime + this.slice;
    if (t.status === 'running') (this.sumV[t.core] as number) += used;
    t.runStart = this.k.now;
    return used;
  }

  private runEnded(t: OsThread, extra: boolean): void {
    const k = this.k;
    if (extra) {
      // The switch-in cost is paid.
      t.paying = false;
      this.charge(t);
      this.resume(t);
      return;
    }
    this.account(t);
    if (t.left > 0) {
      const q = this.queues[t.core] as OsThread[];
      if (k.now >= t.sliceEnd && q.length > 0) {
        // Its slice is over and others wait for the core.
        this.involuntarySwitches++;
        this.countOut(t);
        this.running[t.core] = null;
        this.enqueue(t);
        this.pickNext(t.core);
        return;
      }
      if (k.now >= t.sliceEnd) t.sliceEnd = k.now + this.slice;
      if (t.request === RUN_PYTHON && this.holdsRequestedGil(t)) this.step(t);
      else this.startRun(t, t.request, t.left, false);
      return;
    }
    t.left = 0;
    this.requestDone(t);
  }

  /** `t`'s request is served (a run done, or a sleep's entry): its job goes on, or it sleeps. */
  private requestDone(t: OsThread): void {
    if (t.entering) {
      t.entering = false;
      if (t.wokenEarly || (t.futex === null && t.pending !== null)) t.wokenEarly = false;
      else {
        this.fallAsleep(t);
        return;
      }
    }
    this.step(t);
  }

  /** Drives `t`'s job to its next request, or to its end. */
  private step(t: OsThread): void {
    const code = t.code as OsCode;
    const r = code.next();
    if (r.done === true) {
      this.jobDone(t);
      return;
    }
    const req = r.value;
    if (req === SLEEP) {
      if (t.futex !== null) t.futex.sleepers.push(t);
      else if (t.pending !== null) {
        // Its fiber was woken while it dropped the GIL: it never sleeps.
        this.next(t);
        return;
      }
      t.entering = true;
      this.startRun(t, RUN_OS, this.draw(this.k.costs.switchCost / 2), false);
      return;
    }
    if (req === WAKE) {
      const s = (t.futex as Futex).sleepers;
      const target = t.target;
      const i = target === null ? (s.length > 0 ? 0 : -1) : s.indexOf(target);
      if (i < 0) {
        this.step(t);
        return;
      }
      const cost = this.wakeBy(s.splice(i, 1)[0] as OsThread, t);
      if (cost > 0) this.startRun(t, RUN_OS, cost, false);
      else this.step(t);
      return;
    }
    if (t.ticks <= 0) {
      t.left = 0;
      this.step(t);
      return;
    }
    if (req === RUN_PYTHON && this.holdsRequestedGil(t)) {
      t.left = t.ticks; // the drop request is served first
      this.step(t);
      return;
    }
    this.startRun(t, req, t.ticks, false);
  }

  /** `t` goes to sleep: its core is free; a timed sleep ends by itself. */
  private fallAsleep(t: OsThread): void {
    this.voluntarySwitches++;
    t.lag = this.averageVruntime(t.core) - t.vruntime;
    this.countOut(t);
    t.status = 'asleep';
    t.asleepAt = this.k.now;
    this.running[t.core] = null;
    if (this.k.tracing && t.burst && t.fiber.state === 'cpu' && t.futex !== null) {
      this.k.emitFor(t.fiber.id, 'cpu.wait', null, { holder: this.gils.get(t.process)?.holder?.fiber.id ?? 0 });
    }
    if (t.timeout >= 0 && t.futex !== null) {
      const token = ++t.token;
      const fx = t.futex;
      this.k.schedule(this.k.now + t.timeout, () => {
        if (t.token !== token || t.status !== 'asleep') return;
        const i = fx.sleepers.indexOf(t);
        if (i >= 0) fx.sleepers.splice(i, 1);
        // Timed out: the OS wakes it as any other (a timer's interrupt rather than a futex wake).
        t.timedOut = true;
        this.wakeUp(t, this.wakeTarget(t, null, false));
      });
    }
    // Blocked on what its fiber waits for: its job is over; a wake-up brings the next.
    if (t.futex === null) t.code = null;
    this.pickNext(t.core);
  }

  /** The blocked-job's sleep was skipped: the job that woke it follows. */
  private next(t: OsThread): void {
    t.code = t.pending;
    t.pending = null;
    if (t.code !== null) this.step(t);
  }

  private jobDone(t: OsThread): void {
    const f = t.fiber;
    if (t.pending !== null) {
      this.next(t);
      return;
    }
    t.code = null;
    if (t.burst) {
      t.burst = false;
      t.lingering = true;
      this.lingering.push(t);
      if (this.k.tracing) this.k.emitFor(f.id, 'cpu.done', null, null);
      this.k.makeRunnable(f, f.resumeValue);
      return;
    }
    if (f.state === 'done' && f.baton === null) {
      // Its teardown is over: the thread is gone.
      this.countOut(t);
      this.threads.delete(f);
      t.status = 'gone';
      this.running[t.core] = null;
      this.pickNext(t.core);
    }
  }

  private unlinger(t: OsThread): void {
    if (!t.lingering) return;
    t.lingering = false;
    const l = this.lingering;
    l.splice(l.indexOf(t), 1);
  }
}
