/**
 * The fiber life cycle. Every change of a fiber's state is made by this class — which the
 * kernel extends with its clock and run loop — or by the CPU model (cpu.ts, os-cpu.ts), at the
 * request named below. Models never write a fiber's fields: they spawn, wake, interrupt
 * and kill through these methods, and block, sleep and compute through the syscalls.
 *
 *   state      the fiber is                       it leaves when                          → to
 *   runnable   in the run queue, or queued for    the run loop picks it (and its baton     running
 *              its baton (created by `spawn`)     is free: else it queues for the baton)
 *   running    the one being resumed              it yields a scheduling point: preempt,   runnable
 *                                                 sleep(0), cede, compute(0)
 *                                                 it blocks on a wait queue (`park`)       blocked
 *                                                 it sleeps (`sleepUntil`)                 sleeping
 *                                                 it computes (`Cpu.start`)                cpu
 *                                                 its body returns, or an error escapes    done
 *   blocked    on a wait queue, maybe with a      another fiber or a callback wakes it     runnable
 *              timeout in the event queue         (`wake`), its timeout is due (the
 *                                                 clock), or it is interrupted
 *   sleeping   waiting for a timer in the event   the timer is due (the clock), or it is   runnable
 *              queue                              interrupted
 *   cpu        computing, or waiting for its      its work is done (the CPU model)         runnable
 *              GIL or a core
 *   done       finished; it never resumes         —
 *
 * A fiber spawned with `onStart` runs that hook when first picked, then yields a scheduling
 * point before its body's first line (running → runnable): a Thread's bootstrap setting
 * `_started`, which wakes the thread blocked in `start()`.
 *
 * Besides: another fiber or a callback may `kill` a fiber that is neither running nor
 * computing (→ done), and `exitProcess` ends every fiber of a process wherever it stands.
 *
 * A blocked fiber whose timeout is due becomes runnable but stays on its wait queue until
 * it is picked, so a wake-up that reaches it first still wins (its wait returns true): a
 * wake-up racing a timeout is the strategy's decision, not the event queue's. An
 * interrupt (gevent's `throw`) makes a blocked or sleeping fiber runnable at once, and
 * throws into any fiber when it next runs.
 */
import type { Baton } from './baton.ts';
import type { CpuModel } from './cpu.ts';
import { UsageError } from './errors.ts';
import { EntryKind, EventQueue } from './event-queue.ts';
import { Fiber, type FiberBody, type Named } from './fiber.ts';
import type { SimProcess } from './process.ts';
import { RunQueue } from './run-queue.ts';
import type { Strategy } from './strategy.ts';
import type { MarkKind, TraceData, TraceKind } from './trace.ts';
import type { Verdict } from './verdict.ts';
import type { WaitQueue } from './wait-queue.ts';

/** Options of `Kernel.spawn`: the new fiber's name, process, daemon flag, baton, and whether it blocks cooperatively. */
export interface SpawnOptions {
  /** The fiber's name (default `Fiber-<id>`), or an object it takes its name from when first asked. */
  readonly name?: string | Named;
  readonly process?: SimProcess;
  readonly daemon?: boolean;
  /** The baton the fiber must hold to run (a greenlet's hub). */
  readonly baton?: Baton;
  /** With a baton: whether blocking gives it up (default true). */
  readonly cooperative?: boolean;
  /** The model object the fiber runs for (a Thread, a greenlet): `Fiber.owner`. */
  readonly owner?: unknown;
  /** Called when the fiber finishes: `Fiber.onExit`. */
  readonly onExit?: (f: Fiber) => void;
  /** Called when an exception escapes the started fiber: `Fiber.onError`. */
  readonly onError?: (f: Fiber, error: unknown) => void;
  /** Called when the fiber is first picked, before its body, then a scheduling point: `Fiber.onStart`. */
  readonly onStart?: ((f: Fiber) => void) | undefined;
}

export abstract class FiberLifecycle {
  // What the life cycle needs from the kernel: its clock, trace, strategy and verdicts.
  abstract now: number;
  abstract current: Fiber | null;
  abstract tracing: boolean;
  abstract readonly strategy: Strategy;
  abstract readonly cpu: CpuModel;
  abstract readonly mainProcess: SimProcess;
  abstract emitFor(fiber: number, kind: TraceKind | MarkKind, obj: string | null, data: TraceData | null): void;
  abstract end(v: Verdict): void;

  /** Pending wake-ups: sleeps, timeouts, CPU slice ends and callbacks, by (time, sequence). */
  protected readonly queue = new EventQueue<unknown>();
  protected readonly runnable = new RunQueue<Fiber>();
  /**
   * Every fiber created, in creation order (fiber `id` is at `id - 1`); a finished fiber
   * without a baton is replaced by its name, so that the run keeps nothing else of it and a
   * Thread the program has let go of is collectable. Fibers with a baton (greenlets, and
   * threads that host a hub) stay: memory reports tell a hub's thread from its greenlets
   * by the first fiber of each baton.
   */
  private readonly fibers: (Fiber | string)[] = [];
  protected nonDaemonAlive = 0;

  /** The name of fiber `id` (0 is the kernel itself). */
  fiberName(id: number): string {
    if (id === 0) return 'kernel';
    const f = this.fibers[id - 1];
    return f === undefined ? `fiber-${id}` : typeof f === 'string' ? f : f.name;
  }

  /** The names of every fiber created in this run, in creation order (fiber `id` at `id - 1`). */
  fiberNames(): string[] {
    return this.fibers.map((f) => (typeof f === 'string' ? f : f.name));
  }

  /** Fiber `id`, or null: none has that id, or it has finished and the kernel let it go. */
  fiber(id: number): Fiber | null {
    const f = this.fibers[id - 1];
    return f === undefined || typeof f === 'string' ? null : f;
  }

  /**
   * The fibers of this run in creation order (a new array): every one that has not
   * finished, and the finished ones with a baton. The kernel lets a finished thread without
   * one go; `fiberName` and `fiberNames` still name it.
   */
  allFibers(): Fiber[] {
    const out: Fiber[] = [];
    for (const f of this.fibers) if (typeof f !== 'string') out.push(f);
    return out;
  }

  /** Creates a fiber that is runnable now. */
  spawn(gen: FiberBody, o: SpawnOptions = {}): Fiber {
    const proc = o.process ?? this.mainProcess;
    if (!proc.alive) throw new Error(`cannot start a thread in ${proc.name}: the process has exited`);
    // A daemonic process's threads never keep the run alive, whatever their own flag.
    const f = new Fiber(this.fibers.length + 1, o.name ?? null, proc, gen, (o.daemon ?? false) || proc.daemon);
    if (o.owner !== undefined) f.owner = o.owner;
    if (o.onExit !== undefined) f.onExit = o.onExit;
    if (o.onError !== undefined) f.onError = o.onError;
    if (o.onStart !== undefined) f.onStart = o.onStart;
    this.fibers.push(f);
    proc.live++;
    if (!f.daemon) this.nonDaemonAlive++;
    this.strategy.onSpawn(f);
    if (this.tracing) {
      this.emitFor(f.id, 'spawn', null, { name: f.name, pid: proc.pid, daemon: f.daemon });
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

  /** Sets the model object `f` runs for (`currentThread()` of a fiber that is no Thread). */
  setOwner(f: Fiber, owner: unknown): void {
    f.owner = owner;
  }

  /** Adds `hook` to what runs when `f` finishes, after the hooks it has. */
  addExitHook(f: Fiber, hook: (f: Fiber) => void): void {
    const prev = f.onExit;
    f.onExit =
      prev === null
        ? hook
        : (x) => {
            prev(x);
            hook(x);
          };
  }

  /** Drops a finished fiber's result (a Thread's, whose bootstrap discards what `run` returns). */
  dropResult(f: Fiber): void {
    if (f.state === 'done') f.result = undefined;
  }

  /** → runnable: puts `f` in the run queue (or its baton's), to resume with `value`. */
  makeRunnable(f: Fiber, value?: unknown): void {
    f.state = 'runnable';
    f.resumeValue = value;
    const b = f.baton;
    if (b !== null) {
      if (b.waking === f) {
        b.waking = null; // its hub's OS thread is up, and runs it first
        if (b.holder === null) b.holder = f;
      }
      if (b.mustWait(f)) return; // it runs when handed the baton
    }
    if (!f.queued) {
      f.queued = true;
      this.runnable.push(f);
    }
  }

  /** blocked → runnable: wakes `f` from its wait queue; its wait returns `value`. */
  wake(f: Fiber, value: unknown = true): void {
    const wq = f.wq;
    if (wq === null) return;
    wq.remove(f);
    f.token++; // cancels its timeout
    if (this.tracing) {
      this.emitFor(f.id, 'wake', wq.label, { by: this.current === null ? 0 : this.current.id });
    }
    this.resumeAfterWait(f, value);
  }

  /**
   * A blocked fiber's wait is over (woken, or timed out): it runs again with `value`. An OS
   * thread is woken by the OS first, once wake-ups cost something: see `OsCpu.wakeThread`
   * (with a tick of Python work, so that it takes its GIL back). A greenlet is switched to
   * by its hub, whose cost its model charges; if the hub sat in its poll, with no greenlet
   * of its thread running or ready, the hub's OS thread is woken first.
   */
  resumeAfterWait(f: Fiber, value: unknown): void {
    if (f.state === 'cpu') {
      // Timed out and being woken by the OS, still on its queue: a wake-up that reaches it now
      // wins, as it would before a timed-out fiber runs (see `admit`).
      f.resumeValue = value;
      return;
    }
    if (!this.cpu.wakesCost || (f.baton !== null && !this.hubAsleep(f))) {
      this.makeRunnable(f, value);
      return;
    }
    f.resumeValue = value;
    if (f.baton !== null) f.baton.waking = f; // the hub's thread is woken once for all it wakes
    this.cpu.wakeThread(f, 1);
  }

  /** Whether greenlet `f`'s hub is blocked in its poll: nothing of its OS thread runs, is ready or is being woken. */
  private hubAsleep(f: Fiber): boolean {
    const b = f.baton as Baton;
    return b.holder === null && b.waking === null && b.waiters.length === 0 && !this.readyOn(b, f);
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
   * running → blocked on `wq` (for `block`); `timeout` in ticks, null for none. `front`
   * keeps the place of a woken fiber that lost the race and waits again.
   */
  park(f: Fiber, wq: WaitQueue, timeout: number | null, front = false): void {
    if (f.baton !== null && f.cooperative) this.releaseBaton(f);
    f.state = 'blocked';
    if (front) wq.unshift(f);
    else wq.push(f);
    if (timeout !== null) this.queue.push(this.now + Math.max(0, timeout), EntryKind.Timeout, f, ++f.token);
    if (this.tracing) this.emitFor(f.id, 'block', wq.label, timeout === null ? null : { timeout });
  }

  /**
   * A sleeping fiber's time is up. A greenlet whose hub had nothing else to run was waiting
   * in the hub's poll, so its OS thread is woken (see `resumeAfterWait`); an OS thread's
   * `time.sleep` pays its wake-up in models/time.ts, and other sleeps are the models' own.
   */
  protected sleepOver(f: Fiber): void {
    if (f.baton === null) this.makeRunnable(f);
    else this.resumeAfterWait(f, undefined);
  }

  /** running → sleeping until `time` (runnable at once if `time` is not in the future). */
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
   * running → runnable behind every fiber of its baton that is ready to run (gevent's
   * `sleep(0)`); with none ready, `f` goes on.
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
  protected readyOn(b: Baton, f: Fiber): boolean {
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
    const next = f.baton?.release(f) ?? null;
    if (next !== null) this.makeRunnable(next, next.resumeValue);
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

  /** Makes blocking give `f`'s baton up (true) or keep it (false), as `cooperatively` does. */
  setCooperative(f: Fiber, cooperative: boolean): void {
    f.cooperative = cooperative;
  }

  /**
   * Makes `f`'s next resume throw `error` at the point where it is suspended (gevent's
   * `greenlet.throw`: a Timeout firing, a kill). A blocked fiber leaves its wait queue and
   * a sleeping one its timer, and both become runnable; one that waits for its baton goes
   * to the head of the baton's queue, since a throw switches to the greenlet at once; a
   * runnable one throws when picked; one consuming CPU throws when its work is done,
   * since nothing preempts a computation. A fiber that never ran throws before its first
   * line, so the error escapes it. Returns false, changing nothing, if `f` has finished
   * or already has an interrupt pending (the first one stands).
   */
  interrupt(f: Fiber, error: unknown): boolean {
    const state = f.state;
    if (state === 'done' || f.interrupted) return false;
    f.interruptError = error;
    if (this.tracing) {
      this.emitFor(f.id, 'interrupt', f.wq?.label ?? null, {
        by: this.current === null ? 0 : this.current.id,
        error: String(error),
      });
    }
    switch (state) {
      case 'blocked':
        (f.wq as WaitQueue).remove(f);
        f.token++; // cancels its timeout
        this.makeRunnable(f);
        break;
      case 'sleeping':
        f.token++; // cancels its timer
        this.makeRunnable(f);
        break;
      case 'runnable':
      case 'running':
      case 'cpu':
        break; // it throws when it next runs
      default:
        unreachable(state);
    }
    f.baton?.toFront(f);
    return true;
  }

  /**
   * → done: ends fiber `f` where it stands: no `finally` runs and it never resumes (a
   * process killed by a signal, greenlets abandoned when their thread ends). Its exit hook
   * runs. Outside `exitProcess`, neither the running fiber nor one on the CPU can be killed.
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
    f.baton?.remove(f);
    this.finish(f, undefined);
  }

  /**
   * Picked by the strategy: whether `f` may run now (runnable → running). A fiber whose
   * timeout is due and that no wake-up reached first leaves its wait queue, and its wait
   * returns false; a fiber whose baton another holds queues for it instead.
   */
  protected admit(f: Fiber): boolean {
    f.queued = false;
    const wq = f.wq;
    if (wq !== null) {
      wq.remove(f);
      if (this.tracing) this.emitFor(f.id, 'timeout', wq.label, null);
      f.resumeValue = false;
    }
    const b = f.baton;
    return b === null || b.take(f);
  }

  /** → done, with result `value`; the run ends when the last non-daemon fiber does. */
  protected finish(f: Fiber, value: unknown): void {
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
    f.retire();
    if (f.baton === null) this.fibers[f.id - 1] = f.name;
    if (!f.daemon && --this.nonDaemonAlive === 0) this.end({ kind: 'ok' });
  }
}

function unreachable(state: never): never {
  throw new Error(`unknown fiber state ${String(state)}`);
}
