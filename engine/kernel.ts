/**
 * The kernel: a virtual clock, an event queue of pending wake-ups, the run queue of
 * fibers, and the loop that asks the strategy which runnable fiber goes next.
 *
 * Ordering rules, in one place:
 * - Time advances only when nothing is runnable. All queue entries due at the new instant
 *   are taken together (in (time, sequence) order), so every fiber they wake is runnable
 *   at once and the strategy — not insertion order — decides who runs first. This is what
 *   lets a checker find a Timer cancelled at the very instant it fires.
 * - A blocked fiber whose timeout expires is runnable but stays on its wait queue until
 *   it is picked; a wake-up that reaches it first wins (its wait returns true). So a
 *   wake-up racing a timeout at the same instant is also a strategy decision.
 * - Choices are recorded only when more than one fiber is runnable.
 *
 * The kernel never reads real time or ambient randomness: all randomness comes from the
 * run's seeded streams.
 */
import type { Baton } from './baton.ts';
import { swapActive } from './context.ts';
import { type CostModel, DEFAULT_COSTS } from './costs.ts';
import { Cpu } from './cpu.ts';
import { UsageError } from './errors.ts';
import { EntryKind, EventQueue } from './event-queue.ts';
import { Fiber, type FiberBody, type Named } from './fiber.ts';
import { DONE, type Op, TOKEN, undrivenError } from './op.ts';
import { type ProcessOptions, SimProcess } from './process.ts';
import { makeRng, type Rng } from './rng.ts';
import { RunQueue } from './run-queue.ts';
import { type Strategy, toChoice } from './strategy.ts';
import type { TraceData, TraceKind, TraceListener, TraceRecord } from './trace.ts';
import { type BlockedThread, errorInfo, type Verdict } from './verdict.ts';
import type { WaitQueue } from './wait-queue.ts';

export { TOKEN } from './op.ts';

/** How a fiber whose error was handled by its `onError` ends: as if its body returned. */
const ENDED: IteratorResult<unknown, unknown> = DONE;

/** Default limits: generous for scenarios, and named so error messages can cite them. */
export const DEFAULT_MAX_STEPS = 10_000_000;
/** One virtual day, in ticks. */
export const DEFAULT_MAX_TIME = 86_400_000_000;

export interface KernelOptions {
  readonly strategy: Strategy;
  /** Seed of the run's random streams (the scenario's draws use stream `scenario`). */
  readonly seed?: string | number;
  /** CPU cores shared by all simulated processes (default 2). */
  readonly cores?: number;
  /** GIL switch interval in ticks (CPython's `sys.getswitchinterval()`, default 5 ms). */
  readonly switchInterval?: number;
  /** Step budget: resumptions before the run ends with a `budget` verdict. */
  readonly maxSteps?: number;
  /** Virtual-time budget in ticks. */
  readonly maxTime?: number;
  /** What things cost (default `DEFAULT_COSTS`). */
  readonly costs?: CostModel;
}

export interface SpawnOptions {
  /** The fiber's name (default `Fiber-<id>`), or an object it takes its name from when first asked. */
  readonly name?: string | Named;
  readonly process?: SimProcess;
  readonly daemon?: boolean;
  /** The baton the fiber must hold to run (a greenlet's hub). */
  readonly baton?: Baton;
  /** With a baton: whether blocking gives it up (default true). */
  readonly cooperative?: boolean;
}

/** A kernel-level callback scheduled at a virtual time; cancel it by setting `cancelled`. */
export interface Scheduled {
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A model's per-run state (what CPython keeps in module globals: threading's counters,
 * concurrent.futures' worker registry), created on first use in each kernel. Kept on the
 * kernel rather than in a `WeakMap<Kernel, …>`: every weak entry is an ephemeron that
 * the garbage collector must revisit, a real cost when a check makes thousands of short
 * runs a second.
 */
export class RunLocal<T> {
  static #count = 0;
  /** The slot in each kernel's `locals`. */
  readonly slot = RunLocal.#count++;
  constructor(readonly create: (k: Kernel) => T) {}
}

export class Kernel {
  /** Virtual time in ticks. */
  now = 0;
  /** Resumptions so far. */
  steps = 0;
  /** Resumptions that switched to a different fiber than the previous one. */
  contextSwitches = 0;
  /** The fiber being resumed, or null between steps. */
  current: Fiber | null = null;
  /** True while anything subscribes to the trace; check it before building a record. */
  tracing = false;
  /** An operation created in the current step and not yet driven with `yield*`. */
  undriven: Op<unknown> | null = null;
  /** The seed of the scenario's random stream. */
  readonly #seed: string | number;
  #rng: Rng | null = null;
  /** The process of the main thread. */
  readonly mainProcess: SimProcess;
  /** Decisions so far, in a growable typed array (a run can take millions). */
  #choiceBuf = new Uint32Array(16); // 64 bytes: small enough for V8 to keep on the heap
  #decisions = 0;
  /** Decisions that switched away from a running fiber that could have gone on. */
  preemptions = 0;
  #choicesCopy: number[] = [];
  readonly strategy: Strategy;
  readonly maxSteps: number;
  readonly maxTime: number;
  readonly cpu: Cpu;
  readonly costs: CostModel;

  private verdict: Verdict | null = null;
  private readonly queue = new EventQueue<unknown>();
  private readonly runnable = new RunQueue<Fiber>();
  private readonly fibers: Fiber[] = [];
  private readonly listeners: TraceListener[] = [];
  private nonDaemonAlive = 0;
  private nextFiberId = 1;
  private nextPid = 1;
  private lastResumed: Fiber | null = null;
  /** True from a time advance to the next resume: no fiber is running then. */
  #idle = false;
  private readonly labelCounts = new Map<string, number>();
  readonly #locals: unknown[] = [];

  constructor(o: KernelOptions) {
    this.strategy = o.strategy;
    this.#seed = o.seed ?? 0;
    this.maxSteps = o.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxTime = o.maxTime ?? DEFAULT_MAX_TIME;
    this.costs = o.costs ?? DEFAULT_COSTS;
    const cores = o.cores ?? 2;
    if (!Number.isInteger(cores) || cores < 1) throw new RangeError('cores must be an integer >= 1');
    this.cpu = new Cpu(this, cores, o.switchInterval ?? 5000);
    this.mainProcess = this.newProcess('MainProcess', true);
  }

  /** The scenario's random stream (independent of the schedule's), made when first used. */
  get rng(): Rng {
    if (this.#rng === null) this.#rng = makeRng(this.#seed, 'scenario');
    return this.#rng;
  }

  /** The choice recorded at each scheduling decision so far (a copy, cached until the next one). */
  get choices(): readonly number[] {
    if (this.#choicesCopy.length !== this.#decisions) {
      this.#choicesCopy = Array.from(this.#choiceBuf.subarray(0, this.#decisions));
    }
    return this.#choicesCopy;
  }

  /** Scheduling decisions so far: steps taken with more than one fiber runnable. */
  get decisions(): number {
    return this.#decisions;
  }

  #growChoices(): void {
    const b = new Uint32Array(this.#choiceBuf.length * 2);
    b.set(this.#choiceBuf);
    this.#choiceBuf = b;
  }

  /** This run's value of `key`, created on first use. */
  local<T>(key: RunLocal<T>): T {
    let v = this.#locals[key.slot];
    if (v === undefined) {
      v = key.create(this);
      this.#locals[key.slot] = v;
    }
    return v as T;
  }

  // ---- objects -------------------------------------------------------------------------

  newProcess(name: string, gil: boolean, o: ProcessOptions = {}): SimProcess {
    return new SimProcess(this.nextPid++, name, gil, o);
  }

  /**
   * Ends process `p` with `exitcode` (negative for a signal, as Python reports it): its
   * fibers are killed where they stand — no `finally` runs, as with SIGKILL or `os._exit`
   * — its cores and GIL are freed, and whoever waits for it is woken.
   */
  exitProcess(p: SimProcess, exitcode: number): void {
    if (!p.alive) return;
    p.exitcode = exitcode;
    this.cpu.evictProcess(p);
    for (const f of this.fibers) if (f.process === p && f.state !== 'done') this.kill(f);
    if (this.tracing) this.emitFor(0, 'process.exit', p.name, { pid: p.pid, exitcode });
    const prev = this.current;
    this.current = null;
    this.wakeAll(p.exited);
    for (const cb of p.onExit) cb(p);
    this.current = prev;
  }

  /**
   * Ends fiber `f` where it stands: no `finally` runs and it never resumes (a process
   * killed by a signal, greenlets abandoned when their thread ends). Its exit hook runs.
   * Outside `exitProcess`, neither the running fiber nor one on the CPU can be killed.
   */
  kill(f: Fiber): void {
    if (f.process.alive && (f === this.current || f.state === 'cpu')) {
      throw new UsageError(`cannot kill ${f.name} while it ${f === this.current ? 'runs' : 'computes'}`);
    }
    if (f.queued) {
      this.runnable.removeAt(this.runnable.indexOf(f));
      f.queued = false;
    }
    if (f.wq !== null) f.wq.remove(f);
    if (f.baton !== null) {
      const i = f.baton.waiters.indexOf(f);
      if (i >= 0) f.baton.waiters.splice(i, 1);
    }
    this.finish(f, undefined);
  }

  /** A fresh label for a model object, numbered per kind in creation order: `Lock-3`. */
  label(kind: string): string {
    const n = (this.labelCounts.get(kind) ?? 0) + 1;
    this.labelCounts.set(kind, n);
    return `${kind}-${n}`;
  }

  /** Creates a fiber that is runnable now. */
  spawn(gen: FiberBody, o: SpawnOptions = {}): Fiber {
    const id = this.nextFiberId++;
    const proc = o.process ?? this.mainProcess;
    if (!proc.alive) throw new Error(`cannot start a thread in ${proc.name}: the process has exited`);
    // A daemonic process's threads never keep the run alive, whatever their own flag.
    const f = new Fiber(id, o.name ?? null, proc, gen, (o.daemon ?? false) || proc.daemon);
    this.fibers.push(f);
    f.process.live++;
    if (!f.daemon) this.nonDaemonAlive++;
    this.strategy.onSpawn(f);
    if (this.tracing) {
      this.emitFor(f.id, 'spawn', null, { name: f.name, pid: f.process.pid, daemon: f.daemon });
    }
    if (o.baton !== undefined) {
      f.baton = o.baton;
      f.cooperative = o.cooperative ?? true;
      this.makeRunnable(f);
    } else {
      f.queued = true;
      this.runnable.push(f);
    }
    return f;
  }

  /** The name of fiber `id` (0 is the kernel itself). */
  fiberName(id: number): string {
    return id === 0 ? 'kernel' : (this.fibers[id - 1]?.name ?? `fiber-${id}`);
  }

  /** Every fiber created in this run, in creation order (fiber `id` is at `id - 1`). */
  allFibers(): readonly Fiber[] {
    return this.fibers;
  }

  // ---- trace -----------------------------------------------------------------------------

  subscribe(listener: TraceListener): () => void {
    this.listeners.push(listener);
    this.tracing = true;
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
      this.tracing = this.listeners.length > 0;
    };
  }

  /** Emits a record about the current fiber (or the kernel, between steps). */
  emit(kind: TraceKind, obj: string | null = null, data: TraceData | null = null): void {
    this.emitFor(this.current === null ? 0 : this.current.id, kind, obj, data);
  }

  emitFor(fiber: number, kind: TraceKind, obj: string | null, data: TraceData | null): void {
    if (!this.tracing) return;
    const r: TraceRecord = { time: this.now, step: this.steps, fiber, kind, obj, data };
    for (const l of this.listeners) l(r);
  }

  // ---- ending a run ------------------------------------------------------------------------

  /** Ends the run with `v` after the current step (the first verdict wins). */
  end(v: Verdict): void {
    if (this.verdict === null) this.verdict = v;
  }

  /** Reports a broken invariant: the run ends after the current step. */
  violate(monitor: string, message: string, traceTail: readonly TraceRecord[] = []): void {
    if (this.verdict !== null) return;
    this.emit('violation', null, { monitor, message });
    this.end({ kind: 'invariant', monitor, message, step: this.steps, time: this.now, traceTail });
  }

  /** Ends the run as if `error` had escaped the current fiber. */
  raise(error: unknown, thread = this.current?.name ?? 'kernel'): void {
    this.end({ kind: 'exception', thread, time: this.now, error: errorInfo(error) });
  }

  // ---- scheduling primitives (for syscalls and models) --------------------------------------

  /** Puts a fiber in the run queue (no-op if it is there already). */
  makeRunnable(f: Fiber, value?: unknown): void {
    f.state = 'runnable';
    f.resumeValue = value;
    const b = f.baton;
    if (b !== null && b.holder !== f && (b.holder !== null || b.waiters.length > 0)) {
      // Its hub is busy or others are ready before it: it runs when handed the baton.
      if (!b.waiters.includes(f)) b.waiters.push(f);
      return;
    }
    if (!f.queued) {
      f.queued = true;
      this.runnable.push(f);
    }
  }

  /** Wakes one fiber blocked on `wq`, which sees `value` as its wait's result. */
  wake(f: Fiber, value: unknown = true): void {
    const wq = f.wq;
    if (wq === null) return;
    wq.remove(f);
    f.token++; // cancels its timeout
    if (this.tracing) {
      this.emitFor(f.id, 'wake', wq.label, { by: this.current === null ? 0 : this.current.id });
    }
    this.makeRunnable(f, value);
  }

  /** Wakes the first fiber of `wq`; returns it, or null if none waited. */
  wakeOne(wq: WaitQueue, value: unknown = true): Fiber | null {
    const f = wq.first;
    if (f !== null) this.wake(f, value);
    return f;
  }

  /** Wakes every fiber of `wq`, in FIFO order; returns how many. */
  wakeAll(wq: WaitQueue, value: unknown = true): number {
    const n = wq.length;
    for (let f = wq.first; f !== null; f = wq.first) this.wake(f, value);
    return n;
  }

  /**
   * Parks the current fiber on `wq` (for `block`); `timeout` in ticks, null for none.
   * `front` keeps the place of a woken fiber that lost the race and waits again.
   */
  park(f: Fiber, wq: WaitQueue, timeout: number | null, front = false): void {
    if (f.baton !== null && f.cooperative) this.releaseBaton(f);
    f.state = 'blocked';
    if (front) wq.unshift(f);
    else wq.push(f);
    if (timeout !== null) this.queue.push(this.now + Math.max(0, timeout), EntryKind.Timeout, f, ++f.token);
    if (this.tracing) this.emitFor(f.id, 'block', wq.label, timeout === null ? null : { timeout });
  }

  /** Puts the current fiber to sleep until `time`. */
  sleepUntil(f: Fiber, time: number): void {
    if (this.tracing) this.emitFor(f.id, 'sleep', null, { until: time });
    if (time <= this.now) {
      // sleep(0) promises nothing in CPython: it releases the GIL, and whether another
      // thread runs first is up to the OS. So it is a scheduling point, decided by the
      // strategy like any other; a patched greenlet yields to the hub (gevent.sleep(0)).
      if (f.baton !== null && f.cooperative) this.cede(f);
      else this.makeRunnable(f);
      return;
    }
    if (f.baton !== null && f.cooperative) this.releaseBaton(f);
    f.state = 'sleeping';
    this.queue.push(time, EntryKind.Sleep, f, ++f.token);
  }

  /**
   * Gives up the baton and queues `f` behind every fiber of its baton that is ready to run
   * (gevent's `sleep(0)`); with none ready, `f` goes on.
   */
  cede(f: Fiber): void {
    const b = f.baton;
    if (b !== null) {
      this.releaseBaton(f);
      if (b.holder === null && this.readyOn(b, f)) {
        f.state = 'runnable';
        f.resumeValue = undefined;
        b.waiters.push(f);
        return;
      }
    }
    this.makeRunnable(f);
  }

  /** Whether a fiber of baton `b` other than `f` is in the run queue. */
  private readyOn(b: Baton, f: Fiber): boolean {
    const r = this.runnable;
    for (let i = 0; i < r.length; i++) {
      const x = r.at(i);
      if (x.baton === b && x !== f) return true;
    }
    return false;
  }

  /**
   * Gives up `f`'s baton if it holds it, handing it to the first fiber waiting for it
   * (which becomes runnable). A fiber that wants to run again later just becomes runnable:
   * it queues for the baton when picked.
   */
  releaseBaton(f: Fiber): void {
    const b = f.baton;
    if (b === null || b.holder !== f) return;
    const next = b.waiters.shift() ?? null;
    b.holder = next;
    if (next !== null) this.makeRunnable(next, next.resumeValue);
  }

  /**
   * Makes `f`'s next resume throw `error` at the point where it is suspended (gevent's
   * `greenlet.throw`: a Timeout firing, a kill). A blocked fiber leaves its wait queue and
   * a sleeping one its timer, and both become runnable; one that waits for its baton goes
   * to the head of the baton's queue, since a throw switches to the greenlet at once; a
   * runnable one throws when picked; one consuming CPU throws when its
   * work is done, since nothing preempts a computation. A fiber that never ran throws
   * before its first line, so the error escapes it. Returns false, changing nothing, if
   * `f` has finished or already has an interrupt pending (the first one stands).
   */
  interrupt(f: Fiber, error: unknown): boolean {
    if (f.state === 'done' || f.interrupted) return false;
    f.interruptError = error;
    if (this.tracing) {
      this.emitFor(f.id, 'interrupt', f.wq?.label ?? null, {
        by: this.current === null ? 0 : this.current.id,
        error: String(error),
      });
    }
    if (f.state === 'blocked') {
      (f.wq as WaitQueue).remove(f);
      f.token++; // cancels its timeout
      this.makeRunnable(f);
    } else if (f.state === 'sleeping') {
      f.token++;
      this.makeRunnable(f);
    }
    const w = f.baton?.waiters;
    if (w !== undefined) {
      const i = w.indexOf(f);
      if (i > 0) {
        w.splice(i, 1);
        w.unshift(f);
      }
    }
    return true;
  }

  /**
   * Makes fiber `f` a member of baton `b` (the fiber of a thread that starts using gevent
   * becomes its hub's main greenlet). A running `f` takes the baton, which must be free;
   * `cooperative` is as in `SpawnOptions`.
   */
  joinBaton(f: Fiber, b: Baton, cooperative: boolean): void {
    if (f.baton !== null) throw new UsageError(`${f.name} already belongs to ${f.baton.label}`);
    if (f.state === 'running') {
      if (b.holder !== null) throw new UsageError(`${f.name} cannot join ${b.label}: ${b.holder.name} holds it`);
      b.holder = f;
    }
    f.baton = b;
    f.cooperative = cooperative;
  }

  /** Queues a CPU-slice end for `f` (used by the CPU model). */
  scheduleCpu(f: Fiber, time: number): void {
    this.queue.push(time, EntryKind.Cpu, f, ++f.token);
  }

  /** Calls `fn` outside any fiber at virtual time `time` (≥ now). */
  schedule(time: number, fn: () => void): Scheduled {
    const s: Scheduled = { fn, cancelled: false };
    this.queue.push(Math.max(time, this.now), EntryKind.Callback, s, 0);
    return s;
  }

  /** Runs `fn` with this kernel active (to create model objects before `run`). */
  within<T>(fn: () => T): T {
    const prev = swapActive(this);
    try {
      const r = fn();
      this.takeUndriven();
      return r;
    } finally {
      swapActive(prev);
    }
  }

  /** Outside any fiber, an op created and not driven is reported where it happened. */
  private takeUndriven(): void {
    const u = this.undriven;
    if (u !== null) {
      this.undriven = null;
      throw undrivenError(u.label);
    }
  }

  // ---- the loop --------------------------------------------------------------------------------

  /** Runs until every non-daemon fiber has finished, or a failure ends the run. */
  run(): Verdict {
    const prev = swapActive(this);
    try {
      const runnable = this.runnable;
      while (this.verdict === null) {
        const n = runnable.length;
        if (n === 0) {
          // Every fiber waited for time to pass: none was running, so none is preempted.
          this.#idle = true;
          if (!this.advance()) break;
          continue;
        }
        let f: Fiber;
        if (n === 1) {
          f = runnable.removeAt(0);
        } else {
          const running = this.runningIndex();
          const i = this.strategy.pick(runnable, running);
          if (this.#decisions === this.#choiceBuf.length) this.#growChoices();
          this.#choiceBuf[this.#decisions++] = toChoice(i, running);
          if (running >= 0 && i !== running) this.preemptions++;
          f = runnable.removeAt(i);
        }
        f.queued = false;
        const wq = f.wq;
        if (wq !== null) {
          // Its timeout expired and no wake-up reached it first.
          wq.remove(f);
          if (this.tracing) this.emitFor(f.id, 'timeout', wq.label, null);
          f.resumeValue = false;
        }
        const b = f.baton;
        if (b !== null && b.holder !== f) {
          if (b.holder !== null) {
            b.waiters.push(f); // ready, but its hub is busy with another greenlet
            continue;
          }
          b.holder = f;
        }
        this.resume(f);
        if (this.steps >= this.maxSteps && this.verdict === null) {
          this.end({ kind: 'budget', limit: 'steps', value: this.maxSteps, time: this.now, steps: this.steps });
        }
      }
      if (this.verdict === null) this.verdict = this.idleVerdict();
      return this.verdict;
    } finally {
      swapActive(prev);
    }
  }

  /** Index in the run queue of the fiber resumed last, if runnable (it is usually the last one queued). */
  private runningIndex(): number {
    const f = this.lastResumed;
    if (f === null || !f.queued || this.#idle) return -1;
    const r = this.runnable;
    return r.at(r.length - 1) === f ? r.length - 1 : r.indexOf(f);
  }

  private resume(f: Fiber): void {
    this.steps++;
    this.#idle = false;
    if (f !== this.lastResumed) {
      this.contextSwitches++;
      this.lastResumed = f;
    }
    f.state = 'running';
    this.current = f;
    if (this.tracing) this.emitFor(f.id, 'run', null, null);
    const v = f.resumeValue;
    f.resumeValue = undefined;
    const started = f.started;
    f.started = true;
    const interrupted = f.interrupted;
    let r: IteratorResult<unknown, unknown>;
    try {
      r = interrupted ? f.gen.throw(f.takeInterrupt()) : f.gen.next(v);
    } catch (e) {
      let error = e;
      let handled = false;
      // A fiber that never ran has entered none of its code: an error thrown into it
      // escapes before any handler, as it would escape a Thread's bootstrap.
      if (f.onError !== null && (started || !interrupted)) {
        try {
          (f.onError as (f: Fiber, error: unknown) => void)(f, e);
          handled = true;
        } catch (e2) {
          error = e2;
        }
      }
      if (!handled) {
        this.current = null;
        this.undriven = null;
        if (this.tracing) this.emitFor(f.id, 'error', null, { error: String(error) });
        this.end({ kind: 'exception', thread: f.name, time: this.now, error: errorInfo(error) });
        this.finish(f, undefined);
        return;
      }
      r = ENDED;
    }
    this.current = null;
    if (this.undriven !== null) {
      const label = this.undriven.label;
      this.undriven = null;
      this.end({
        kind: 'exception',
        thread: f.name,
        time: this.now,
        error: errorInfo(undrivenError(label)),
      });
    }
    if (r.done === true) {
      this.finish(f, r.value);
    } else if (r.value !== TOKEN) {
      const what =
        r.value !== null && typeof r.value === 'object' && 'label' in r.value ? String(r.value.label) : typeof r.value;
      this.end({
        kind: 'exception',
        thread: f.name,
        time: this.now,
        error: errorInfo(
          new UsageError(`thread yielded ${what} to the kernel: blocking calls must use yield*, not yield`),
        ),
      });
    } else if (f.state === 'running') {
      this.makeRunnable(f);
    }
  }

  private finish(f: Fiber, value: unknown): void {
    if (f.state === 'done') return; // killed with its process while it ran
    f.state = 'done';
    f.result = value;
    f.token++;
    f.process.live--;
    if (f.baton !== null) this.releaseBaton(f);
    if (this.tracing) this.emitFor(f.id, 'finish', null, null);
    if (f.onExit !== null) {
      // Whatever the exit hook does (release a join lock) is done by the exiting fiber.
      const prev = this.current;
      this.current = f;
      f.onExit(f);
      this.current = prev;
    }
    if (!f.daemon && --this.nonDaemonAlive === 0) this.end({ kind: 'ok' });
  }

  /** Moves the clock to the next due entries; false when none is left. */
  private advance(): boolean {
    const q = this.queue;
    while (q.size > 0) {
      // A superseded entry (a cancelled timeout or callback, a cut CPU slice) must neither
      // move the clock nor count against the time budget: otherwise a deadlock would be
      // reported at the instant of a dead timeout, or as a budget overrun past it.
      q.pop();
      if (this.superseded(q.kind, q.target, q.token)) continue;
      const t = q.time;
      if (t > this.maxTime) {
        this.end({ kind: 'budget', limit: 'time', value: this.maxTime, time: this.now, steps: this.steps });
        return true;
      }
      this.now = t;
      this.dispatch(q.kind, q.target, q.token);
      while (q.size > 0 && q.peekTime() === t) {
        q.pop();
        this.dispatch(q.kind, q.target, q.token);
      }
      if (this.runnable.length > 0 || this.verdict !== null) return true;
    }
    return false;
  }

  private superseded(kind: number, target: unknown, token: number): boolean {
    return kind === EntryKind.Callback ? (target as Scheduled).cancelled : (target as Fiber).token !== token;
  }

  private dispatch(kind: number, target: unknown, token: number): void {
    if (kind === EntryKind.Callback) {
      const s = target as Scheduled;
      if (s.cancelled) return;
      try {
        s.fn();
        this.takeUndriven();
      } catch (e) {
        this.raise(e, 'kernel');
      }
      return;
    }
    const f = target as Fiber;
    if (f.token !== token) return; // superseded by a wake-up, a new timer or the fiber's end
    if (kind === EntryKind.Sleep) this.makeRunnable(f);
    else if (kind === EntryKind.Timeout) this.makeRunnable(f, false);
    else this.cpu.sliceEnded(f);
  }

  private idleVerdict(): Verdict {
    if (this.nonDaemonAlive === 0) return { kind: 'ok' };
    const blocked: BlockedThread[] = [];
    const edges = new Map<Fiber, readonly Fiber[]>();
    for (const f of this.fibers) {
      if (f.state === 'done' || f.wq === null) continue;
      const holders = f.wq.currentHolders();
      edges.set(f, holders);
      blocked.push({ thread: f.name, waitsOn: f.wq.label, heldBy: holders.map((h) => h.name) });
    }
    for (const f of this.fibers) {
      const b = f.baton;
      if (b === null || f.state === 'done' || !b.waiters.includes(f)) continue;
      const holders = b.holder === null ? [] : [b.holder];
      edges.set(f, holders);
      blocked.push({ thread: f.name, waitsOn: b.label, heldBy: holders.map((h) => h.name) });
    }
    return { kind: 'deadlock', time: this.now, cycle: findCycle(edges).map((f) => f.name), blocked };
  }
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
