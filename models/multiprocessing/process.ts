/**
 * `multiprocessing.Process` and the process-level functions of CPython 3.11's
 * `Lib/multiprocessing/process.py`, `context.py`, `popen_fork.py`/`popen_spawn_posix.py`
 * and `util.py` (`Finalize`, `_exit_function`), on the kernel's simulated processes.
 *
 * `start()` creates a simulated process with its own pid and its own GIL, named as
 * Python names it (`Process-N`, `Process-1:2` for a grandchild, `ForkPoolWorker-N` for a
 * pool's worker), and starts its main thread — a `Thread` named `MainThread` bound to that
 * process — which runs `_bootstrap`: it pays the start cost in the child (with `fork`,
 * `costs.processStartFork` from `start()` to the child's first instruction, of which the
 * first `costs.forkParent` is the parent inside `fork()`: one parent's forks take turns, but
 * as `start()` is a plain call the parent itself is neither delayed nor charged; with
 * `spawn`, `costs.processStartSpawn` as CPU time), calls `run()` (by default
 * `target(...args)`), runs `util._exit_function` (queue feeders flushed, daemonic
 * children terminated, the others joined), waits for the process's other non-daemon
 * threads (`threading._shutdown`), pays `costs.processExit` (finalisation and the parent's
 * `wait()`), and exits with code 0 — or 1 if `run()` raised (Python
 * prints `Process NAME:` and the traceback to stderr; here a `process.error` trace record,
 * and the run goes on), or the code of a `SystemExit` (`yield* exit(code)`). `osExit(code)`
 * ends the process at once, as `os._exit`; `terminate()` and `kill()` end it with
 * -15 (SIGTERM) and -9 (SIGKILL), where it stands, with no `finally` run.
 *
 * What crosses into the child, as the start method carries it:
 * - `spawn` pickles the target and arguments in the parent, so `start()` raises
 *   PicklingError as Python's does (a local lambda, a lock), and the child pays the
 *   unpickling as CPU time after its start cost.
 * - `fork` (the default on Linux, as in the research notes) copies the arguments deeply
 *   at `start()`, so the child never sees the parent's later changes nor the parent the
 *   child's. The child gets its own copy of every `threading` Lock, RLock, Condition,
 *   Event and Semaphore as it stood at the fork (models/fork.ts): a lock another thread
 *   held stays held in the child, so a child taking it deadlocks, as in CPython; one the
 *   forking thread held (an RLock with its count) is held by the child's main thread.
 *
 * Beside it: the per-process globals (process-state.ts), the start method
 * (start-method.ts), what a child runs when `run()` returns (exit.ts) and what a forked
 * child sees of its arguments (fork-copy.ts).
 *
 * Differs from CPython, not yet removed: JavaScript cannot copy a closure's captured
 * variables, nor the hidden state of the other model objects (a `queue.Queue`, futures,
 * executors), so those are *shared* with a forked child where Python's fork would copy
 * them: a scenario must communicate between processes through `Queue`, `SimpleQueue` or
 * `Pipe`, never through captured state.
 *
 * Differs from CPython, on purpose:
 * - The start method is per run (`setStartMethod`), `fork` or `spawn`; `forkserver` is
 *   not modelled. The start cost is charged to the child, not to the parent's `start()`.
 * - A `Process` subclass's own fields are checked for picklability under spawn but not
 *   copied: the child runs `run()` on the same object.
 * - `threading`'s thread counter, hook and thread list are per run, not per process
 *   (threads of every process share `Thread-N` numbering and `enumerateThreads()`).
 * - The main process runs no `_exit_function` when its main thread ends: the run ends
 *   when no non-daemon thread is left in any process, which already waits for its
 *   non-daemonic children, and daemonic processes end with the run.
 */
import type { Blocking } from '../../engine/index.ts';

import {
  block,
  computeTicks,
  exitProcess,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  type SimProcess,
  sleepTicks,
  toTicks,
} from '../../engine/index.ts';
import { drive } from '../drive.ts';
import { ValueError } from '../errors.ts';
import { FORK_LISTENERS, FORKS } from '../fork.ts';
import { type Pickled, pickle, pickleTicks, REDUCE, unpickle } from '../pickle.ts';
import { Thread } from '../threading/thread.ts';
import { checkTimeoutType, type Timeout } from '../threading/timeout.ts';
import { AssertionError, AttributeError, SystemExit } from './errors.ts';
import { exitFunction, joinNonDaemonThreads, liveChildren } from './exit.ts';
import { forkCopier } from './fork-copy.ts';
import { currentSim, type FinalizerEntry, isSpawning, mpState, type ProcState } from './process-state.ts';
import { pyRepr } from './py-repr.ts';
import { getStartMethod, type StartMethod } from './start-method.ts';

/**
 * Keyword arguments of `multiprocessing.Process(target=None, name=None, args=(), kwargs={},
 * daemon=None)`.
 */
export interface ProcessOptions {
  // biome-ignore lint/suspicious/noExplicitAny: a target takes whatever its args are
  readonly target?: ((...args: any[]) => unknown) | null;
  readonly args?: readonly unknown[];
  /** Default: `Process-N` (the class name, then the process's identity). */
  readonly name?: string | null;
  /** Default: the creating process's flag. */
  readonly daemon?: boolean | null;
}

/** A `util.Finalize`: a callback run at most once, explicitly or when its process exits. */
export interface Finalizer {
  /** Runs the callback unless it ran already (it may block). */
  call(): Op<void>;
  /** Drops the callback without running it. */
  cancel(): void;
}

const INTERNAL: unique symbol = Symbol('concsim.mp.internal');

interface InternalProcess {
  readonly kind: 'main' | 'parent';
  readonly sim: SimProcess;
}

function procState(k: Kernel, sim: SimProcess): ProcState {
  const s = mpState(k);
  let ps = s.procs.get(sim);
  if (ps === undefined) {
    if (sim !== k.mainProcess) throw new Error(`internal error: ${sim.name} is not a multiprocessing process`);
    const main = new Process({ [INTERNAL]: { kind: 'main', sim } } as ProcessOptions);
    ps = { counter: 0, identity: [], current: main, parent: null, children: new Set(), finalizers: [], exiting: false };
    s.procs.set(sim, ps);
  }
  return ps;
}

// ---- util.Finalize and _exit_function -------------------------------------------------------

/**
 * `util.Finalize(obj, fn, exitpriority=priority)` in the calling process: `fn` runs once,
 * when `call()` is driven or when the process exits (higher priorities first; those
 * below 0 after the process's children are joined).
 */
export function registerFinalizer(fn: () => unknown, priority: number): Finalizer {
  const k = kernel('registerFinalizer()');
  const s = mpState(k);
  const ps = procState(k, currentSim(k));
  const entry: FinalizerEntry = { priority, seq: s.finalizerSeq++, fn };
  ps.finalizers.push(entry);
  const take = (): boolean => {
    const i = ps.finalizers.indexOf(entry);
    if (i < 0) return false;
    ps.finalizers.splice(i, 1);
    return true;
  };
  return {
    call: () =>
      op(
        'Finalize()',
        (function* () {
          if (take()) yield* drive(fn());
        })(),
      ),
    cancel: () => {
      take();
    },
  };
}

// ---- Process -----------------------------------------------------------------------------------

/**
 * A process sentinel (`Process.sentinel`): something `multiprocessing.connection.wait`
 * can wait on, ready once the process has ended.
 */
export class Sentinel {
  constructor(/** @internal */ readonly sim: SimProcess) {}
}

/**
 * `multiprocessing.Process`: runs `target(...args)` in a new simulated process with its own memory
 * and GIL; `start`, `join`, `terminate`, `exitcode`.
 */
export class Process {
  #name: string;
  #daemon: boolean;
  #target: ProcessOptions['target'];
  #args: readonly unknown[];
  readonly #identity: readonly number[];
  /** The process that created this object (`_parent_pid`); null for the main process's own. */
  readonly #creator: SimProcess | null;
  readonly #kind: 'child' | 'main' | 'parent';
  #sim: SimProcess | null = null;
  #closed = false;

  constructor(o: ProcessOptions = {}) {
    const internal = (o as { [INTERNAL]?: InternalProcess })[INTERNAL];
    this.#target = o.target ?? null;
    this.#args = o.args ?? [];
    if (internal !== undefined) {
      this.#kind = internal.kind;
      this.#sim = internal.sim;
      this.#name = internal.sim.name;
      this.#daemon = internal.sim.daemon;
      this.#identity = [];
      this.#creator = null;
      return;
    }
    const k = kernel('Process()');
    const cur = currentSim(k);
    const ps = procState(k, cur);
    this.#kind = 'child';
    this.#creator = cur;
    this.#identity = [...ps.identity, ++ps.counter];
    this.#name = o.name || `${new.target.name}-${this.#identity.join(':')}`;
    this.#daemon = o.daemon ?? ps.current.daemon;
  }

  /** The start method this class uses (`Process`: the run's; `ForkProcess`, `SpawnProcess`: fixed). */
  protected startMethod(): StartMethod {
    return getStartMethod() as StartMethod;
  }

  get name(): string {
    return this.#name;
  }

  set name(name: string) {
    if (typeof name !== 'string') throw new AssertionError('name must be a string');
    this.#name = name;
  }

  get daemon(): boolean {
    return this.#daemon;
  }

  /** Settable before `start()` only, as in Python. */
  set daemon(daemonic: boolean) {
    if (this.#sim !== null) throw new AssertionError('process has already started');
    this.#daemon = daemonic;
  }

  /** The process's activity; subclasses override it, as in Python. May block (`yield*`). */
  *run(): Blocking {
    if (this.#target) yield* drive(this.#target(...this.#args));
  }

  start(): void {
    this.#checkClosed();
    if (this.#sim !== null) throw new AssertionError('cannot start a process twice');
    const k = kernel('Process.start()');
    const cur = currentSim(k);
    if (this.#creator !== cur) {
      throw new AssertionError('can only start a process object created by current process');
    }
    const ps = procState(k, cur);
    if (ps.current.daemon) throw new AssertionError('daemonic processes are not allowed to have children');
    liveChildren(ps);
    const method = this.startMethod();
    let payload: Pickled | null = null;
    if (method === 'spawn') {
      const s = mpState(k);
      s.spawning++;
      try {
        payload = pickle({ target: this.#target, args: this.#args, fields: { ...this } });
      } finally {
        s.spawning--;
      }
      this.#args = [];
    }
    const copy = forkCopier();
    if (method !== 'spawn') this.#args = copy(this.#args);
    const sim = k.newProcess(this.#name, true, { daemon: this.#daemon, parent: cur });
    sim.exited.holders = () => k.allFibers().filter((f) => f.process === sim && f.state !== 'done');
    this.#sim = sim;
    for (const l of k.local(FORK_LISTENERS)) l(cur, sim, copy, method);
    const parent = new Process({ [INTERNAL]: { kind: 'parent', sim: cur } } as ProcessOptions);
    const child: ProcState = {
      counter: 0,
      identity: this.#identity,
      current: this,
      parent,
      children: new Set(),
      finalizers: [],
      exiting: false,
    };
    mpState(k).procs.set(sim, child);
    ps.children.add(this);
    if (k.tracing) {
      k.emit('process.start', this.#name, { pid: sim.pid, parent: cur.pid, method, daemon: this.#daemon });
    }
    let forked = k.now;
    if (method === 'fork') {
      // The parent is inside fork() for `forkParent` ticks; forks of one parent take turns.
      forked = Math.max(k.now, ps.forkFreeAt ?? 0) + Math.round(k.costs.forkParent);
      ps.forkFreeAt = forked;
    }
    // The lock states the child copies are the parent's at this call (models/fork.ts).
    const main = Thread.mainOf(sim, this.#bootstrap(k, sim, child, method, payload, forked));
    if (method === 'fork')
      k.local(FORKS).push({ parent: cur, child: sim, forker: k.current, childMain: main.fiber as Fiber });
  }

  /** `BaseProcess._bootstrap` and `os._exit(code)`, in the child's main thread. */
  *#bootstrap(
    k: Kernel,
    sim: SimProcess,
    ps: ProcState,
    method: StartMethod,
    payload: Pickled | null,
    forked: number,
  ): Blocking {
    const c = k.costs;
    if (method === 'spawn') yield* computeTicks(c.processStartSpawn);
    else {
      const started = k.now;
      if (forked > k.now) yield* sleepTicks(forked - k.now);
      yield* computeTicks(c.processStartFork - (forked - started));
    }
    if (payload !== null) {
      yield* computeTicks(pickleTicks(payload));
      const s = mpState(k);
      s.spawning++; // the child unpickles what only crosses at a spawn
      let loaded: { target: ProcessOptions['target']; args: unknown[] };
      try {
        loaded = unpickle(payload) as typeof loaded;
      } finally {
        s.spawning--;
      }
      const { target, args } = loaded;
      this.#target = target;
      this.#args = args;
    }
    let exitcode = 0;
    try {
      try {
        yield* this.run();
      } finally {
        yield* exitFunction(ps);
      }
    } catch (e) {
      if (e instanceof SystemExit) {
        const code = e.code;
        if (code === null || code === undefined) exitcode = 0;
        else if (typeof code === 'number' && Number.isInteger(code)) exitcode = code;
        else {
          exitcode = 1;
          if (k.tracing) k.emit('process.stderr', this.#name, { text: String(code) });
        }
      } else {
        exitcode = 1;
        if (k.tracing) k.emit('process.error', this.#name, { error: String(e) });
      }
    }
    yield* joinNonDaemonThreads(sim, k.current as Fiber);
    if (c.processExit > 0) yield* computeTicks(c.processExit); // atexit, finalisation, the parent's wait()
    yield* exitProcess(exitcode);
  }

  /** Ends the process with SIGTERM: exitcode -15. Its threads stop where they stand. */
  terminate(): void {
    this.#signal('terminate', 15);
  }

  /** Ends the process with SIGKILL: exitcode -9. */
  kill(): void {
    this.#signal('kill', 9);
  }

  #signal(what: 'terminate' | 'kill', signum: number): void {
    this.#checkClosed();
    const sim = this.#sim;
    if (sim === null || this.#kind !== 'child')
      throw new AttributeError(`'NoneType' object has no attribute '${what}'`);
    const k = kernel(`Process.${what}()`);
    if (!sim.alive) return;
    if (k.tracing) k.emit(`process.${what}`, this.#name, { pid: sim.pid });
    k.exitProcess(sim, -signum);
  }

  /**
   * Waits until the process ends, or `timeout` seconds (a negative one polls); returns
   * nothing either way, as Python does.
   */
  join(timeout?: Timeout): Op<void> {
    this.#checkClosed();
    checkTimeoutType(timeout);
    const k = kernel('Process.join()');
    if (this.#kind !== 'parent') {
      if (this.#creator !== currentSim(k)) throw new AssertionError('can only join a child process');
      if (this.#sim === null) throw new AssertionError('can only join a started process');
    }
    const sim = this.#sim as SimProcess;
    const ticks = timeout === null || timeout === undefined ? null : toTicks(Math.max(timeout, 0));
    return op(
      'Process.join()',
      (function* () {
        if (sim.alive) yield* block(sim.exited, ticks);
      })(),
    );
  }

  isAlive(): boolean {
    this.#checkClosed();
    const k = kernel('Process.isAlive()');
    const cur = currentSim(k);
    if (this.#sim === cur) return true;
    if (this.#kind === 'child' && this.#creator !== cur) throw new AssertionError('can only test a child process');
    return this.#sim?.alive ?? false;
  }

  /** Null while running or before `start()`; the exit code after (negative: a signal). */
  get exitcode(): number | null {
    this.#checkClosed();
    if (this.#kind !== 'child' || this.#sim === null) return null;
    return this.#sim.exitcode;
  }

  /** The process id, or null before `start()`. */
  get pid(): number | null {
    this.#checkClosed();
    return this.#sim === null ? null : this.#sim.pid;
  }

  get ident(): number | null {
    return this.pid;
  }

  /** What `wait()` can wait on for this process's end. */
  get sentinel(): Sentinel {
    this.#checkClosed();
    if (this.#sim === null) throw new ValueError('process not started');
    return new Sentinel(this.#sim);
  }

  /** Releases the object; ValueError while the process still runs. */
  close(): void {
    const sim = this.#sim;
    if (this.#kind === 'child' && sim !== null) {
      if (sim.alive) {
        throw new ValueError(
          'Cannot close a process while it is still running. You should first call join() or terminate().',
        );
      }
      const k = kernel('Process.close()');
      procState(k, currentSim(k)).children.delete(this);
    }
    this.#closed = true;
  }

  /** The simulated process once started (concsim extension, for models and tests). */
  get simProcess(): SimProcess | null {
    return this.#sim;
  }

  /** `repr(p)`: `<Process name='Process-1' pid=2 parent=1 started daemon>`. */
  toString(): string {
    const k = kernel('Process.toString()');
    const cur = currentSim(k);
    const sim = this.#sim;
    let status: string;
    if (sim === cur) status = 'started';
    else if (this.#closed) status = 'closed';
    else if (this.#kind !== 'child') status = 'started';
    else if (this.#creator !== cur) status = 'unknown';
    else if (sim === null) status = 'initial';
    else status = sim.alive ? 'started' : 'stopped';
    const info = [this.constructor.name, `name=${pyRepr(this.#name)}`];
    if (sim !== null && this.#kind === 'child') info.push(`pid=${sim.pid}`);
    info.push(`parent=${this.#creator === null ? 'None' : this.#creator.pid}`, status);
    const code = this.#kind === 'child' && sim !== null ? sim.exitcode : null;
    if (code !== null) info.push(`exitcode=${SIGNAL_NAMES[code] ?? code}`);
    if (this.#daemon) info.push('daemon');
    return `<${info.join(' ')}>`;
  }

  /** Pickling a Process outside a spawn fails as Python's does (its authkey refuses). */
  [REDUCE](): unknown {
    if (!isSpawning())
      throw new TypeError('Pickling an AuthenticationString object is disallowed for security reasons');
    return this;
  }

  #checkClosed(): void {
    if (this.#closed) throw new ValueError('process object is closed');
  }
}

const SIGNAL_NAMES: Readonly<Record<number, string>> = { [-15]: '-SIGTERM', [-9]: '-SIGKILL', [-2]: '-SIGINT' };

/** `multiprocessing.context.ForkProcess`: always starts with `fork`. */
export class ForkProcess extends Process {
  protected override startMethod(): StartMethod {
    return 'fork';
  }
}

/** `multiprocessing.context.SpawnProcess`: always starts with `spawn`. */
export class SpawnProcess extends Process {
  protected override startMethod(): StartMethod {
    return 'spawn';
  }
}

/** `ctx.Process` for the run's start method, as Pool gets it (`ForkProcess`/`SpawnProcess`). */
export function contextProcess(method: StartMethod): typeof Process {
  return method === 'spawn' ? SpawnProcess : ForkProcess;
}

// ---- module functions ---------------------------------------------------------------------------

/** `multiprocessing.current_process()`: the Process object of the calling process. */
export function currentProcess(): Process {
  const k = kernel('currentProcess()');
  return procState(k, currentSim(k)).current;
}

/**
 * `multiprocessing.parent_process()`: null in the main process; in a child, an object
 * with the parent's name and pid whose `isAlive()` and `join()` watch the parent.
 */
export function parentProcess(): Process | null {
  const k = kernel('parentProcess()');
  return procState(k, currentSim(k)).parent;
}

/** `multiprocessing.active_children()`: the calling process's live children, in start order. */
export function activeChildren(): Process[] {
  const k = kernel('activeChildren()');
  return liveChildren(procState(k, currentSim(k)));
}

/** `os.getpid()`: the calling thread's process id (the main process is 1). */
export function getpid(): number {
  return currentSim(kernel('getpid()')).pid;
}

/** `os.getppid()`: the parent's pid (0 for the main process). */
export function getppid(): number {
  return currentSim(kernel('getppid()')).parent?.pid ?? 0;
}

/**
 * `sys.exit(code)`: raises SystemExit at once (write `yield* exit(code)` or `exit(code)`).
 * Escaping a child's `run()`, it sets the exit code after the usual cleanup.
 */
export function exit(code: unknown = null): Op<never> {
  throw new SystemExit(code);
}

/** `os._exit(code)`: ends the calling process at once, no cleanup, no `finally`. */
export function osExit(code: number): Op<never> {
  if (!Number.isInteger(code)) throw new TypeError(`'${typeof code}' object cannot be interpreted as an integer`);
  return exitProcess(code);
}
