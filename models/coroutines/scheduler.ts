/**
 * A round-robin scheduler of generator coroutines on one simulated thread, after David
 * Beazley's "A Curious Course on Coroutines and Concurrency" (PyCon 2009), the classic
 * way to multitask in Python with `yield` alone.
 *
 * Tasks are coroutines. `run()` takes the first ready task and `send`s it the result of
 * its last request (None at first); the task runs to its next `yield`, atomically, and
 * goes to the back of the ready queue. A task that yields a system call asks the scheduler
 * for something and gets the answer sent back: its id (`GetTid`), a new task (`NewTask`),
 * killing one (`KillTask`, which closes it), waiting for one to end (`WaitTask`), sleeping
 * in virtual time (`Sleep`) or burning CPU (`Compute`). Any other yielded value is simply
 * a turn given to the others. A task that returns, or is closed, leaves the scheduler.
 *
 * Time: coroutine steps cost no virtual time and are no scheduling points of the kernel
 * (they are plain calls on one thread). Only `Sleep` and `Compute` take time: a Sleep
 * parks the task until its deadline, and when no task is ready the scheduler's thread
 * sleeps until the earliest deadline; a Compute occupies the thread (so every task waits,
 * as for CPU-bound code in a Python coroutine), holding the GIL and a core.
 *
 * Differs from Beazley's code: an exception escaping a task removes the task and
 * propagates out of `run()` (the other tasks stay scheduled, and `run()` may be called
 * again), where his mainloop would crash; and when every remaining task waits for another,
 * `run()` blocks on the scheduler (`Scheduler-1` in a deadlock report), since a `spawn`
 * from another thread could still wake it, where his would spin forever.
 */
import type { Blocking } from '../../engine/index.ts';
import {
  block,
  computeTicks,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  toTicks,
  WaitQueue,
} from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { RuntimeError, StopIteration, ValueError } from '../errors.ts';
import { Coroutine } from './coroutine.ts';

/** A request a task yields to its scheduler; the answer is sent back into the task. */
export abstract class SystemCall {
  /** Carries the call out for `task`; returns true if the task is ready again at once. */
  abstract handle(task: Task, sched: Scheduler): boolean;
}

/** `yield new GetTid()` answers the task's own id. */
export class GetTid extends SystemCall {
  handle(task: Task): boolean {
    task.sendval = task.tid;
    return true;
  }
}

/** `yield new NewTask(target)` schedules a new task and answers its id. */
export class NewTask extends SystemCall {
  constructor(readonly target: TaskTarget) {
    super();
  }
  handle(task: Task, sched: Scheduler): boolean {
    task.sendval = sched.spawn(this.target);
    return true;
  }
}

/** `yield new KillTask(tid)` closes task `tid`; answers whether it existed. */
export class KillTask extends SystemCall {
  constructor(readonly tid: number) {
    super();
  }
  handle(task: Task, sched: Scheduler): boolean {
    task.sendval = sched.kill(this.tid);
    return true;
  }
}

/** `yield new WaitTask(tid)` waits until task `tid` ends; answers false at once if there is none. */
export class WaitTask extends SystemCall {
  constructor(readonly tid: number) {
    super();
  }
  handle(task: Task, sched: Scheduler): boolean {
    const waited = sched.waitForExit(task, this.tid);
    task.sendval = waited;
    return !waited;
  }
}

/** `yield new Sleep(seconds)` parks the task for `seconds` of virtual time (0: one turn). */
export class Sleep extends SystemCall {
  readonly ticks: number;
  constructor(readonly seconds: number) {
    super();
    checkSleepArgs(seconds);
    this.ticks = toTicks(seconds);
  }
  handle(task: Task, sched: Scheduler): boolean {
    task.sendval = null;
    if (this.ticks === 0) return true; // due at once: back of the ready queue
    sched.sleepUntil(task, kernel().now + this.ticks);
    return false;
  }
}

/** `yield new Compute(seconds)` burns `seconds` of CPU on the scheduler's thread: every task waits. */
export class Compute extends SystemCall {
  readonly ticks: number;
  constructor(readonly seconds: number) {
    super();
    if (!(seconds >= 0)) throw new ValueError('compute time must be non-negative');
    this.ticks = toTicks(seconds);
  }
  handle(task: Task, sched: Scheduler): boolean {
    task.sendval = null;
    sched.computeFor(task, this.ticks);
    return false;
  }
}

/** `time.sleep`'s argument checks, with Python's texts. */
function checkSleepArgs(seconds: number): void {
  if (typeof seconds !== 'number') {
    throw new TypeError(`'${pyTypeName(seconds)}' object cannot be interpreted as an integer`);
  }
  if (Number.isNaN(seconds)) throw new ValueError('Invalid value NaN (not a number)');
  if (seconds < 0) throw new ValueError('sleep length must be non-negative');
}

/** What a task runs: a coroutine, or a generator to wrap in one. */
export type TaskTarget = Coroutine | Blocking<unknown>;

/** A task: a coroutine, its id, and the value to send it next. */
export class Task {
  /** What the next `send` passes in: the answer to the task's last request. */
  sendval: unknown = null;
  readonly target: Coroutine;
  constructor(
    readonly tid: number,
    target: TaskTarget,
  ) {
    this.target = target instanceof Coroutine ? target : new Coroutine(target);
  }

  /** Runs the task to its next `yield` (Beazley's `Task.run`). */
  run(): unknown {
    return this.target.send(this.sendval);
  }
}

/** Options of the coroutine `Scheduler` (its name in traces). */
export interface SchedulerOptions {
  /** A name for traces and deadlock reports (default `Scheduler-N`). */
  readonly name?: string;
}

interface Sleeper {
  readonly task: Task;
  readonly time: number;
}

/**
 * A round-robin scheduler of generator coroutines on one simulated thread (Beazley's PyCon 2009
 * design), with system calls for ids, new tasks, kills, waits, sleeps and CPU work.
 */
export class Scheduler {
  readonly label: string;
  readonly #ready: Task[] = [];
  readonly #tasks = new Map<number, Task>();
  readonly #exitWaiting = new Map<number, Task[]>();
  readonly #sleepers: Sleeper[] = [];
  readonly #idle: WaitQueue;
  #computing: { task: Task; ticks: number } | null = null;
  #nextTid = 1;
  #runner: Fiber | null = null;

  constructor(o: SchedulerOptions = {}) {
    this.label = o.name ?? kernel('Scheduler()').label('Scheduler');
    this.#idle = new WaitQueue(this.label);
  }

  /** Tasks not yet ended. */
  get taskCount(): number {
    return this.#tasks.size;
  }

  /** Adds a task (Beazley's `new`); returns its id. Callable from any thread, and from tasks. */
  spawn(target: TaskTarget): number {
    const task = new Task(this.#nextTid++, target);
    this.#tasks.set(task.tid, task);
    const k = kernel('Scheduler.spawn()');
    if (k.tracing) k.emit('coroutine.spawn', this.label, { tid: task.tid });
    this.#schedule(task);
    return task.tid;
  }

  /** Runs tasks until none is left (Beazley's `mainloop`). */
  run(): Op<void> {
    if (this.#runner !== null) throw new RuntimeError(`${this.label} is already running`);
    return op('Scheduler.run()', this.#run());
  }

  *#run(): Blocking {
    const k = kernel();
    this.#runner = k.current;
    try {
      while (this.#tasks.size > 0) {
        const task = this.#ready.shift();
        if (task !== undefined) {
          this.#step(k, task);
          const c = this.#computing;
          if (c !== null) {
            this.#computing = null;
            yield* computeTicks(c.ticks);
            this.#wakeSleepers(k);
            if (this.#tasks.has(c.task.tid)) this.#schedule(c.task);
          }
          continue;
        }
        // Nothing ready: sleep until the first deadline, or until a spawn from another
        // thread; with no sleeper either, every task waits for another and only a spawn helps.
        const next = this.#sleepers[0];
        yield* block(this.#idle, next === undefined ? null : next.time - k.now);
        this.#wakeSleepers(k);
      }
    } finally {
      this.#runner = null;
    }
  }

  #step(k: Kernel, task: Task): void {
    let result: unknown;
    try {
      result = task.run();
    } catch (e) {
      this.#exit(k, task);
      if (e instanceof StopIteration) return;
      throw e;
    }
    if (k.tracing) k.emit('coroutine.step', this.label, { tid: task.tid });
    if (result instanceof SystemCall) {
      let again: boolean;
      try {
        again = result.handle(task, this);
      } catch (e) {
        if (this.#tasks.has(task.tid)) this.#schedule(task); // the caller is not lost
        throw e;
      }
      if (again && this.#tasks.has(task.tid)) this.#schedule(task);
      return;
    }
    this.#schedule(task);
  }

  #schedule(task: Task): void {
    this.#ready.push(task);
    if (this.#idle.length > 0) kernel().wakeAll(this.#idle);
  }

  #exit(k: Kernel, task: Task): void {
    this.#tasks.delete(task.tid);
    if (k.tracing) k.emit('coroutine.exit', this.label, { tid: task.tid });
    const waiting = this.#exitWaiting.get(task.tid);
    if (waiting === undefined) return;
    this.#exitWaiting.delete(task.tid);
    for (const w of waiting) if (this.#tasks.has(w.tid)) this.#schedule(w);
  }

  #wakeSleepers(k: Kernel): void {
    const s = this.#sleepers;
    while (s.length > 0 && (s[0] as Sleeper).time <= k.now) {
      const { task } = s.shift() as Sleeper;
      if (this.#tasks.has(task.tid)) this.#schedule(task);
    }
  }

  /** Closes task `tid` (for `KillTask`); false if there is no such task. */
  kill(tid: number): boolean {
    const task = this.#tasks.get(tid);
    if (task === undefined) return false;
    task.target.close();
    const i = this.#ready.indexOf(task);
    if (i >= 0) this.#ready.splice(i, 1);
    const j = this.#sleepers.findIndex((s) => s.task === task);
    if (j >= 0) this.#sleepers.splice(j, 1);
    this.#exit(kernel(), task);
    return true;
  }

  /** Parks `task` until task `tid` ends (for `WaitTask`); false if there is no such task. */
  waitForExit(task: Task, tid: number): boolean {
    if (!this.#tasks.has(tid)) return false;
    const list = this.#exitWaiting.get(tid);
    if (list === undefined) this.#exitWaiting.set(tid, [task]);
    else list.push(task);
    return true;
  }

  /** Parks `task` until virtual time `time` (for `Sleep`); ties wake in request order. */
  sleepUntil(task: Task, time: number): void {
    const s = this.#sleepers;
    const entry: Sleeper = { task, time };
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as Sleeper).time <= time) lo = mid + 1;
      else hi = mid;
    }
    s.splice(lo, 0, entry);
  }

  /** Makes the scheduler's thread burn `ticks` of CPU for `task` before anything else runs. */
  computeFor(task: Task, ticks: number): void {
    this.#computing = { task, ticks };
  }
}
