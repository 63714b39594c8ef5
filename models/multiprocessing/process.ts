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
 *   child's. A `threading` lock held at the fork stays held in the child (models/fork.ts),
 *   so a child taking a lock another thread held deadlocks, as in CPython.
 *
 * Differs from CPython, not yet removed: JavaScript cannot copy a closure's captured
 * variables, nor the hidden state of model objects other than a held lock (events,
 * queues, conditions, free locks), so those are *shared* with a forked child where
 * Python's fork would copy them: a scenario must communicate between processes through
 * `Queue`, `SimpleQueue` or `Pipe`, never through captured state. An `RLock` the forking
 * thread held stays held in the child but is not owned by its main thread, which in
 * CPython is that thread's copy and may re-enter it.
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
  RunLocal,
  type SimProcess,
  sleepTicks,
  toTicks,
} from '../../engine/index.ts';
import { drive, isGenerator } from '../drive.ts';
import { RuntimeError, ValueError } from '../errors.ts';
import { FORKS } from '../fork.ts';
import { type Pickled, pickle, pickleTicks, REDUCE, UNPICKLABLE, unpickle } from '../pickle.ts';
import { enumerateThreads, Thread } from '../threading/thread.ts';
import { checkTimeoutType, type Timeout } from '../threading/timeout.ts';
import { AssertionError, AttributeError, SystemExit } from './errors.ts';

/**
 * How a process starts: `fork` (copies the parent) or `spawn` (a fresh interpreter, slower to
 * start).
 */
export type StartMethod = 'fork' | 'spawn';

const START_METHODS: readonly StartMethod[] = ['fork', 'spawn'];

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

interface FinalizerEntry {
  readonly priority: number;
  readonly seq: number;
  readonly fn: () => unknown;
}

/** Python's module globals of `multiprocessing.process` and `util`, for one process. */
interface ProcState {
  /** `_process_counter`: numbers the Process objects this process creates. */
  counter: number;
  /** `_current_process._identity`. */
  readonly identity: readonly number[];
  /** `_current_process`. */
  readonly current: Process;
  /** `_parent_process`. */
  readonly parent: Process | null;
  /** `_children`: started children not yet seen to have exited. */
  readonly children: Set<Process>;
  /** `util._finalizer_registry`. */
  readonly finalizers: FinalizerEntry[];
  /** `util._exiting`. */
  exiting: boolean;
  /** When this process's last `fork()` returns: its forks take turns (the cost model's `forkParent`). */
  forkFreeAt?: number;
}

interface MpState {
  /** The default context's `_actual_context`: set by `setStartMethod` or the first use. */
  startMethod: StartMethod | null;
  readonly procs: Map<SimProcess, ProcState>;
  finalizerSeq: number;
  /** Non-zero while `spawn` pickles a process object (`context.get_spawning_popen()`). */
  spawning: number;
}

const STATE = new RunLocal<MpState>(() => ({ startMethod: null, procs: new Map(), finalizerSeq: 0, spawning: 0 }));

function mpState(k: Kernel): MpState {
  return k.local(STATE);
}

/** The simulated process the caller runs in (the main process outside any thread). */
export function currentSim(k: Kernel): SimProcess {
  return k.current?.process ?? k.mainProcess;
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

/** True while `spawn` pickles what it sends to a child (`context.get_spawning_popen()`). */
export function isSpawning(): boolean {
  return mpState(kernel('isSpawning()')).spawning > 0;
}

/**
 * `context.assert_spawning(obj)`: objects that only cross to a child at its start (a
 * Queue) raise RuntimeError when pickled at any other time.
 */
export function assertSpawning(typeName: string): void {
  if (!isSpawning()) {
    throw new RuntimeError(`${typeName} objects should only be shared between processes through inheritance`);
  }
}

// ---- the start method ------------------------------------------------------------------------

/**
 * `multiprocessing.get_start_method()`: the run's start method; asking fixes it (to
 * `fork`, Linux's default), as Python's default context does. `allowNone` only peeks.
 */
export function getStartMethod(allowNone = false): StartMethod | null {
  const s = mpState(kernel('getStartMethod()'));
  if (s.startMethod === null && !allowNone) s.startMethod = 'fork';
  return s.startMethod;
}

/**
 * `multiprocessing.set_start_method(method, force=False)` for this run: RuntimeError once
 * the method is set or used (a process started, a Pool made) unless `force`.
 */
export function setStartMethod(method: StartMethod | null, o: { readonly force?: boolean } = {}): void {
  const s = mpState(kernel('setStartMethod()'));
  const force = o.force ?? false;
  if (s.startMethod !== null && !force) throw new RuntimeError('context has already been set');
  if (method === null && force) {
    s.startMethod = null;
    return;
  }
  if (!START_METHODS.includes(method as StartMethod)) throw new ValueError(`cannot find context for ${pyRepr(method)}`);
  s.startMethod = method as StartMethod;
}

/** `multiprocessing.get_all_start_methods()` as modelled. */
export function getAllStartMethods(): StartMethod[] {
  return [...START_METHODS];
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

/** `util._run_finalizers(minpriority)`: highest priority first, then latest first. */
function* runFinalizers(ps: ProcState, minpriority: number | null): Blocking {
  for (;;) {
    const due = ps.finalizers
      .filter((f) => minpriority === null || f.priority >= minpriority)
      .sort((a, b) => b.priority - a.priority || b.seq - a.seq);
    const f = due[0];
    if (f === undefined) return;
    ps.finalizers.splice(ps.finalizers.indexOf(f), 1);
    yield* drive(f.fn());
  }
}

/** `util._exit_function`, as a child process runs it after `run()`. */
function* exitFunction(ps: ProcState): Blocking {
  if (ps.exiting) return;
  ps.exiting = true;
  yield* runFinalizers(ps, 0);
  for (const p of liveChildren(ps)) if (p.daemon) p.terminate();
  for (const p of liveChildren(ps)) yield* p.join();
  yield* runFinalizers(ps, null);
}

function liveChildren(ps: ProcState): Process[] {
  for (const p of [...ps.children]) if (p.exitcode !== null) ps.children.delete(p);
  return [...ps.children];
}

/** `threading._shutdown` in a child: wait for the process's other non-daemon threads. */
function* joinNonDaemonThreads(sim: SimProcess, me: Fiber): Blocking {
  for (;;) {
    const t = enumerateThreads().find((x) => x.fiber !== me && x.fiber?.process === sim && !x.daemon);
    if (t === undefined) return;
    yield* t.join();
  }
}

// ---- what crosses a fork ---------------------------------------------------------------------

/**
 * What a forked child sees of `value`: a deep copy of its data (arrays, plain objects,
 * class instances' own fields, maps, sets, byte arrays, errors), with functions,
 * generators and model objects shared, as JavaScript cannot copy them (see above).
 */
export function forkCopy<T>(value: T): T {
  return fc(value, new Map()) as T;
}

function fc(v: unknown, memo: Map<object, unknown>): unknown {
  if (v === null || typeof v !== 'object') return v;
  const seen = memo.get(v);
  if (seen !== undefined) return seen;
  if (
    UNPICKLABLE in v ||
    REDUCE in v ||
    isGenerator(v) ||
    v instanceof Promise ||
    v instanceof WeakMap ||
    v instanceof WeakSet
  ) {
    return v;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    memo.set(v, out);
    for (const x of v) out.push(fc(x, memo));
    return out;
  }
  if (v instanceof Uint8Array) {
    const out = v.slice();
    memo.set(v, out);
    return out;
  }
  if (v instanceof Map) {
    const out = new Map();
    memo.set(v, out);
    for (const [a, b] of v) out.set(fc(a, memo), fc(b, memo));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    memo.set(v, out);
    for (const x of v) out.add(fc(x, memo));
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
  memo.set(v, out);
  const keys = v instanceof Error ? Object.getOwnPropertyNames(v) : Object.keys(v);
  for (const key of keys) {
    const d = Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
    if ('value' in d) Object.defineProperty(out, key, { ...d, value: fc(d.value, memo) });
  }
  return out;
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
    } else {
      this.#args = forkCopy(this.#args);
    }
    const sim = k.newProcess(this.#name, true, { daemon: this.#daemon, parent: cur });
    sim.exited.holders = () => k.allFibers().filter((f) => f.process === sim && f.state !== 'done');
    this.#sim = sim;
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

/** `repr()` of a string or a simple value, as Python prints it. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/'/g, "\\'")}'`;
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Error) return `${v.name}(${pyRepr(v.message)})`;
  if (typeof v === 'function') return `<function ${v.name || '<lambda>'}>`;
  return String(v);
}
