/**
 * The kernel: a virtual clock, an event queue of pending wake-ups, the run queue of
 * fibers, and the loop that asks the strategy which runnable fiber goes next and resumes
 * it. The fiber life cycle — how fibers move between the queues — is its base class
 * (lifecycle.ts); gevent's batons are in baton.ts, the deadlock search in deadlock.ts.
 *
 * Ordering rules, in one place:
 * - Time advances only when nothing is runnable. All queue entries due at the new instant
 *   are taken together (in (time, sequence) order), so every fiber they wake is runnable
 *   at once and the strategy — not insertion order — decides who runs first. This is what
 *   lets a checker find a Timer cancelled at the very instant it fires.
 * - A blocked fiber whose timeout expires is runnable but stays on its wait queue until
 *   it is picked, so a wake-up racing a timeout at the same instant is also a strategy
 *   decision (lifecycle.ts states the fiber life cycle this relies on).
 * - Choices are recorded (choice-log.ts) only when more than one fiber is runnable.
 *
 * The kernel never reads real time or ambient randomness: all randomness comes from the
 * run's seeded streams.
 */
import { ChoiceLog } from './choice-log.ts';
import { swapActive } from './context.ts';
import { type CostModel, DEFAULT_COSTS } from './costs.ts';
import { Cpu, type CpuModel } from './cpu.ts';
import { deadlockVerdict } from './deadlock.ts';
import { UsageError } from './errors.ts';
import { EntryKind } from './event-queue.ts';
import type { Fiber } from './fiber.ts';
import {
  DEFAULT_CORES,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_TIME,
  type KernelOptions,
  type Scheduled,
} from './kernel-options.ts';
import { FiberLifecycle } from './lifecycle.ts';
import { DONE, type Op, TOKEN, undrivenError } from './op.ts';
import { OsCpu } from './os-cpu.ts';
import { type ProcessOptions, SimProcess } from './process.ts';
import { makeRng, type Rng } from './rng.ts';
import type { RunLocal } from './run-local.ts';
import { type Strategy, toChoice } from './strategy.ts';
import type { MarkKind, TraceData, TraceKind, TraceListener, TraceRecord } from './trace.ts';
import { errorInfo, type Verdict } from './verdict.ts';

export { TOKEN } from './op.ts';

/** How a fiber whose error was handled by its `onError` ends: as if its body returned. */
const ENDED: IteratorResult<unknown, unknown> = DONE;

export {
  DEFAULT_CORES,
  DEFAULT_MAX_STEPS,
  DEFAULT_MAX_TIME,
  type KernelOptions,
  type Scheduled,
} from './kernel-options.ts';

/**
 * The kernel: a virtual clock, an event queue of pending wake-ups, the run queue of fibers, and the
 * loop that asks the strategy which runnable fiber goes next.
 */
export class Kernel extends FiberLifecycle {
  /** Virtual time in ticks. */
  now = 0;
  /** Resumptions so far. */
  steps = 0;
  /** Resumptions that switched to a different fiber than the previous one. */
  contextSwitches = 0;
  /** The fiber being resumed, or null between steps. */
  current: Fiber | null = null;
  /**
   * While a callback made by `scheduleFor` runs: the fiber whose system call it finishes (a
   * loopback segment is delivered within its sender's `send`), which makes the wake-ups it
   * causes, as Linux's socket wake-ups, with WF_SYNC.
   */
  syncWaker: Fiber | null = null;
  /** True while anything subscribes to the trace; check it before building a record. */
  tracing = false;
  /** An operation created in the current step and not yet driven with `yield*`. */
  undriven: Op<unknown> | null = null;
  /** The process of the main thread. */
  readonly mainProcess: SimProcess;
  /** Decisions that switched away from a running fiber that could have gone on. */
  preemptions = 0;
  readonly strategy: Strategy;
  readonly maxSteps: number;
  readonly maxTime: number;
  readonly cpu: CpuModel;
  readonly costs: CostModel;

  /** The seed of the scenario's random stream. */
  readonly #seed: string | number;
  #rng: Rng | null = null;
  readonly #choices = new ChoiceLog();
  private verdict: Verdict | null = null;
  /** A failure recorded while the run goes on (`raiseLater`): the run ends with it. */
  #later: Verdict | null = null;
  private readonly listeners: TraceListener[] = [];
  private nextPid = 1;
  private lastResumed: Fiber | null = null;
  /** At each context switch, before `next` resumes: a front end swaps per-thread interpreter state (Python's frame depth). */
  onSwitch: ((prev: Fiber | null, next: Fiber) => void) | null = null;
  /** True from a time advance to the next resume: no fiber is running then. */
  #idle = false;
  private readonly labelCounts = new Map<string, number>();
  readonly #locals: unknown[] = [];

  constructor(o: KernelOptions) {
    super();
    this.strategy = o.strategy;
    this.#seed = o.seed ?? 0;
    this.maxSteps = o.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxTime = o.maxTime ?? DEFAULT_MAX_TIME;
    this.costs = o.costs ?? DEFAULT_COSTS;
    const cores = o.cores ?? DEFAULT_CORES;
    if (!Number.isInteger(cores) || cores < 1) throw new RangeError('cores must be an integer >= 1');
    const interval = o.switchInterval ?? 5000;
    const c = this.costs;
    this.cpu =
      c.contextSwitch > 0 || c.wakeIdle > 0
        ? new OsCpu(this, cores, interval, this.#seed)
        : new Cpu(this, cores, interval);
    this.mainProcess = this.newProcess('MainProcess', true);
  }

  /** The scenario's random stream (independent of the schedule's), made when first used. */
  get rng(): Rng {
    if (this.#rng === null) this.#rng = makeRng(this.#seed, 'scenario');
    return this.#rng;
  }

  /** The choice recorded at each scheduling decision so far (a copy, cached until the next one). */
  get choices(): readonly number[] {
    return this.#choices.choices;
  }

  /** Scheduling decisions so far: steps taken with more than one fiber runnable. */
  get decisions(): number {
    return this.#choices.length;
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

  /** This run's value of `key` if made already, else undefined (made by `local`). */
  peek<T>(key: RunLocal<T>): T | undefined {
    return this.#locals[key.slot] as T | undefined;
  }

  /** A fresh label for a model object, numbered per kind in creation order: `Lock-3`. */
  label(kind: string): string {
    const n = (this.labelCounts.get(kind) ?? 0) + 1;
    this.labelCounts.set(kind, n);
    return `${kind}-${n}`;
  }

  // ---- processes -------------------------------------------------------------------------

  newProcess(name: string, gil: boolean, o: ProcessOptions = {}): SimProcess {
    return new SimProcess(this.nextPid++, name, gil, o);
  }

  /**
   * Ends process `p` with `exitcode` (negative for a signal): its fibers are killed where
   * they stand (no `finally` runs, as with SIGKILL), its cores and GIL freed, its waiters woken.
   */
  exitProcess(p: SimProcess, exitcode: number): void {
    if (!p.alive) return;
    p.exitcode = exitcode;
    this.cpu.evictProcess(p);
    for (const f of this.allFibers()) if (f.process === p && f.state !== 'done') this.kill(f);
    if (this.tracing) this.emitFor(0, 'process.exit', p.name, { pid: p.pid, exitcode });
    const prev = this.current;
    this.current = null;
    this.wakeAll(p.exited);
    for (const cb of p.onExit) cb(p);
    this.current = prev;
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

  /** A record about the current fiber (or the kernel); a no-op unless subscribed, so `if (k.tracing)` only guards costly data. */
  emit(kind: TraceKind, obj: string | null = null, data: TraceData | null = null): void {
    this.emitFor(this.current === null ? 0 : this.current.id, kind, obj, data);
  }

  emitFor(fiber: number, kind: TraceKind | MarkKind, obj: string | null, data: TraceData | null): void {
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

  /**
   * Records `error` as escaping `thread` without stopping the run: the simulated program
   * goes on (as CPython's goes on after printing a thread's traceback), and the run ends
   * with this `exception` verdict — the first recorded, and before any failure found after
   * it — whatever else happens.
   */
  raiseLater(error: unknown, thread = this.current?.name ?? 'kernel'): void {
    if (this.#later === null && this.verdict === null) {
      this.#later = { kind: 'exception', thread, time: this.now, error: errorInfo(error) };
    }
  }

  // ---- the event queue ---------------------------------------------------------------------

  /** Queues a CPU-slice end for `f` (used by the CPU model). */
  scheduleCpu(f: Fiber, time: number): void {
    this.queue.push(time, EntryKind.Cpu, f, ++f.token);
  }

  /** Calls `fn` outside any fiber at virtual time `time` (≥ now). */
  schedule(time: number, fn: () => void): Scheduled {
    return this.scheduleFor(null, time, fn);
  }

  /** `schedule`, for work that finishes fiber `by`'s system call later (null: nobody's): see `syncWaker`. */
  scheduleFor(by: Fiber | null, time: number, fn: () => void): Scheduled {
    const s: Scheduled = { fn, cancelled: false, by };
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
          this.cpu.settle();
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
          this.#choices.record(toChoice(i, running));
          if (running >= 0 && i !== running) this.preemptions++;
          f = runnable.removeAt(i);
        }
        if (!this.admit(f)) continue;
        this.resume(f);
        if (this.steps >= this.maxSteps && this.verdict === null) {
          this.end({ kind: 'budget', limit: 'steps', value: this.maxSteps, time: this.now, steps: this.steps });
        }
      }
      if (this.#later !== null) this.verdict = this.#later;
      else if (this.verdict === null) {
        this.verdict = this.nonDaemonAlive === 0 ? { kind: 'ok' } : deadlockVerdict(this.allFibers(), this.now);
      }
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

  /** running: resumes `f` until its next kernel yield, and settles what that yield means. */
  private resume(f: Fiber): void {
    this.steps++;
    this.#idle = false;
    if (f !== this.lastResumed) {
      this.contextSwitches++;
      if (this.onSwitch !== null) this.onSwitch(this.lastResumed, f);
      this.lastResumed = f;
    }
    f.state = 'running';
    this.current = f;
    if (this.tracing) this.emitFor(f.id, 'run', null, null);
    const started = f.started;
    if (!started && f.onStart !== null) {
      this.prologue(f, f.onStart);
      return;
    }
    const v = f.resumeValue;
    f.resumeValue = undefined;
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
          f.onError(f, e);
          handled = true;
        } catch (e2) {
          error = e2;
        }
      }
      if (!handled) {
        this.current = null;
        this.undriven = null;
        if (this.tracing) this.emitFor(f.id, 'error', null, { error: String(error) });
        this.raise(error, f.name);
        this.finish(f, undefined);
        return;
      }
      r = ENDED;
    }
    this.current = null;
    const u = this.undriven;
    if (u !== null) {
      this.undriven = null;
      this.raise(undrivenError(u.label), f.name);
    }
    if (r.done === true) {
      this.finish(f, r.value);
    } else if (r.value !== TOKEN) {
      const what =
        r.value !== null && typeof r.value === 'object' && 'label' in r.value ? String(r.value.label) : typeof r.value;
      this.raise(
        new UsageError(`thread yielded ${what} to the kernel: blocking calls must use yield*, not yield`),
        f.name,
      );
    } else if (f.state === 'running') {
      this.makeRunnable(f);
    }
  }

  /**
   * A fiber's first step when it has an `onStart`: the hook runs in the fiber, then the
   * fiber yields a scheduling point before its body's first line. An error from the hook
   * escapes the fiber, as one from its body's first line would.
   */
  private prologue(f: Fiber, onStart: (f: Fiber) => void): void {
    f.onStart = null;
    try {
      onStart(f);
    } catch (e) {
      this.current = null;
      this.raise(e, f.name);
      this.finish(f, undefined);
      return;
    }
    this.current = null;
    if (f.state === 'running') this.makeRunnable(f);
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

  /** A due entry: a callback runs; a sleeping fiber, or one whose timeout is due, becomes runnable. */
  private dispatch(kind: number, target: unknown, token: number): void {
    if (kind === EntryKind.Callback) {
      const s = target as Scheduled;
      if (s.cancelled) return;
      this.syncWaker = s.by;
      try {
        s.fn();
        this.takeUndriven();
      } catch (e) {
        this.raise(e, 'kernel');
      }
      this.syncWaker = null;
      return;
    }
    const f = target as Fiber;
    if (f.token !== token) return; // superseded by a wake-up, a new timer or the fiber's end
    if (kind === EntryKind.Sleep) this.sleepOver(f);
    else if (kind === EntryKind.Timeout) this.resumeAfterWait(f, false);
    else this.cpu.sliceEnded(f);
  }
}
