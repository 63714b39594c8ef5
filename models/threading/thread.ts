/**
 * `threading.Thread`: a model object owning a kernel fiber. As in CPython, `join` waits on
 * the thread's `_tstate_lock`, a Lock taken for the thread when it starts and released
 * when it ends, so a join blocked on a thread shows up in deadlock reports as waiting on
 * a lock that thread holds. `start()` waits for the new thread's `_started`, which the new
 * thread sets in its first step, then is a scheduling point [THR-7].
 *
 * An exception escaping `run` goes to the excepthook and `join` returns normally [THR-5].
 * The default hook does what CPython's does — prints (a `thread.excepthook` trace record)
 * and the program goes on — and, since a thread dying silently is a bug in nearly every
 * scenario, the run then ends with an `exception` verdict naming that thread, however the
 * rest of it went (`Kernel.raiseLater`). `setExcepthook(printingExcepthook)` keeps the
 * printing only; any other hook may be installed.
 *
 * A target that blocks returns a blocking operation (a generator, or an Op:
 * `target: () => ev.wait()`), driven with `yield*`; keyword arguments are an options object
 * (`kwargs`), passed after `args`.
 *
 * Under gevent's `monkey.patchAll()`, `start()` runs the thread as a greenlet of the
 * starting thread's hub, as gevent's patched `start_new_thread` does [GMP-1], and waits on
 * `_started` as the patched Event does, yielding to the hub; the hook that decides it is
 * installed per run with `setThreadStartHook`.
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
  RunLocal,
  type SimProcess,
  type SpawnOptions,
  type WaitOwner,
  WaitQueue,
} from '../../engine/index.ts';
import { mustDrive } from '../drive.ts';
import { RuntimeError } from '../errors.ts';
import { Lock } from './lock.ts';
import type { Timeout } from './timeout.ts';

/** What `threading.excepthook` receives. */
export interface ExceptHookArgs {
  readonly excValue: unknown;
  readonly thread: Thread;
}
/** `threading.excepthook`: called with the exception that ended a thread. */
export type ExceptHook = (args: ExceptHookArgs) => void;

/**
 * Keyword arguments of `threading.Thread(target=None, name=None, args=(), kwargs=None,
 * daemon=None)`.
 */
export interface ThreadOptions {
  // biome-ignore lint/suspicious/noExplicitAny: a target takes whatever its args are
  readonly target?: ((...args: any[]) => unknown) | null;
  readonly args?: readonly unknown[];
  /** Keyword arguments: an options object passed after `args` when it has any key. */
  readonly kwargs?: Readonly<Record<string, unknown>> | null;
  readonly name?: string;
  /** Default: the creating thread's daemon flag [THR-6]. */
  readonly daemon?: boolean | null;
}

interface ThreadingState {
  counter: number;
  excepthook: ExceptHook;
  /** Threads started (or main) and not yet ended: `activeCount()`. */
  live: number;
  dummies: number;
  /** `threading._threading_atexits`, and whether the main thread has begun shutting down. */
  readonly atexits: (() => unknown)[];
  shuttingDown: boolean;
  /** Where `start()` puts a thread's fiber: gevent's monkey patching makes threads greenlets. */
  startHook: (() => Pick<SpawnOptions, 'baton' | 'cooperative'> | null) | null;
}

const STATE = new RunLocal<ThreadingState>(() => ({
  counter: 0,
  excepthook: defaultExcepthook,
  live: 0,
  dummies: 0,
  atexits: [],
  shuttingDown: false,
  startHook: null,
}));

/**
 * Installs `hook` for this run: each `Thread.start()` asks it for a baton to run under (the
 * starting thread's gevent hub, once `monkey.patchAll()` has run), or null for an OS thread.
 */
export function setThreadStartHook(hook: () => Pick<SpawnOptions, 'baton' | 'cooperative'> | null): void {
  state(kernel('setThreadStartHook()')).startHook = hook;
}

function state(k: Kernel): ThreadingState {
  return k.local(STATE);
}

/** Python's default: print `Exception in thread NAME:` and go on (to the run's stderr log). */
export const printingExcepthook: ExceptHook = ({ excValue, thread }) => {
  const k = kernel();
  if (k.tracing) k.emit('thread.excepthook', thread.name, { error: String(excValue) });
};

/** concsim's default hook: Python's, and the run ends with an `exception` verdict for this thread. */
export const defaultExcepthook: ExceptHook = (args) => {
  printingExcepthook(args);
  kernel().raiseLater(args.excValue, args.thread.name);
};

/**
 * `threading._register_atexit(fn)`: `fn` runs in the main thread once its body has
 * returned, before the run waits for the other non-daemon threads, in reverse order of
 * registration (CPython's `threading._shutdown`). It may block (return a generator):
 * `concurrent.futures` joins its pool workers there.
 */
export function registerAtexit(fn: () => unknown): void {
  const s = state(kernel('registerAtexit()'));
  if (s.shuttingDown) throw new RuntimeError("can't register atexit after shutdown");
  s.atexits.push(fn);
}

/** Whether the main thread's body has returned (threading's `_SHUTTING_DOWN`). */
export function isShuttingDown(): boolean {
  return state(kernel('isShuttingDown()')).shuttingDown;
}

/** The main thread's body, then `threading._shutdown`'s atexit calls. */
function* mainThreadBody(k: Kernel, body: Blocking<unknown>): Blocking<unknown> {
  const r = yield* body;
  const s = state(k);
  s.shuttingDown = true;
  for (let i = s.atexits.length - 1; i >= 0; i--) {
    const x = (s.atexits[i] as () => unknown)();
    if (mustDrive(x)) yield* x;
  }
  return r;
}

/** `threading.excepthook = hook` for the running simulation; returns the previous hook. */
export function setExcepthook(hook: ExceptHook): ExceptHook {
  const s = state(kernel('setExcepthook()'));
  const prev = s.excepthook;
  s.excepthook = hook;
  return prev;
}

const NO_ARGS: readonly unknown[] = [];

/**
 * `f(*args, **kwargs)`'s arguments: keyword arguments are an options object, passed last
 * when there is any (an empty `kwargs`, Python's default, passes nothing).
 */
export function withKwargs(
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>> | null | undefined,
): readonly unknown[] {
  if (kwargs === null || kwargs === undefined) return args;
  for (const _ in kwargs) return [...args, kwargs];
  return args;
}

/** `function*` functions are instances of this (not a global in JavaScript). */
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as FunctionConstructor;

/** A Thread's fiber's `onError`: the exception escaped `run`, so `threading.excepthook` gets it. */
function threadError(f: Fiber, e: unknown): void {
  state(kernel()).excepthook({ excValue: e, thread: f.owner as Thread });
}

/** A Thread's `_started` event, as the thing its starter waits on in traces and deadlock reports. */
class StartedFlag implements WaitOwner {
  constructor(readonly thread: Thread) {}
  get label(): string {
    return `${this.thread.name}._started`;
  }
  /** The thread that will set it. */
  holders(): readonly Fiber[] {
    const f = this.thread.fiber;
    return f === null ? [] : [f];
  }
}

/**
 * `threading.Thread`: `start()` runs `target(...args)` (or `run()`) in a new simulated thread;
 * `join(timeout)` waits for it.
 */
export class Thread {
  /** The name, or the counter of a default name not built yet (`Thread-N (target)`). */
  #name: string | number;
  #daemon: boolean;
  #fiber: Fiber | null = null;
  #started = false;
  /** `_tstate_lock`, once a join has needed it (see `#tstate`). */
  #tstateLock: Lock | null = null;
  /** The thread blocked in `start()` until this one signals `_started`, and where it waits. */
  #starter: Fiber | null = null;
  #startedWq: WaitQueue | null = null;
  /** Dropped when the thread ends, as CPython's `run` deletes `_target` and `_args`. */
  #target: ThreadOptions['target'];
  #args: readonly unknown[];

  constructor(o: ThreadOptions = {}) {
    const k = kernel('Thread()');
    this.#target = o.target ?? null;
    this.#args = withKwargs(o.args ?? NO_ARGS, o.kwargs);
    this.#name = o.name !== undefined ? o.name : ++state(k).counter;
    this.#daemon = o.daemon ?? (k.current === null ? false : currentThread().daemon);
  }

  /**
   * The thread's name. A default one, `Thread-N` or `Thread-N (target)`, is built when
   * first read, from the counter taken at construction: most threads of a large run are
   * never named in anything, and a name is a string per thread.
   */
  get name(): string {
    const n = this.#name;
    if (typeof n === 'string') return n;
    const t = this.#target?.name;
    // Joined, not a template: a template's pieces stay a tree of cons strings (152 B where
    // the flat name is 40), and a run may keep a million names.
    const s = t ? ['Thread-', n, ' (', t, ')'].join('') : ['Thread-', n].join('');
    this.#name = s;
    return s;
  }

  set name(name: string) {
    // The fiber keeps the name the thread started with, as it took it at start.
    if (this.#fiber !== null) void this.#fiber.name;
    this.#name = name;
  }

  get daemon(): boolean {
    return this.#daemon;
  }

  /** Settable before `start()` only, as in Python. */
  set daemon(daemonic: boolean) {
    if (this.#started) throw new RuntimeError('cannot set daemon status of active thread');
    this.#daemon = daemonic;
  }

  /** The thread's activity; subclasses override it, as in Python. May block (`yield*`). */
  *run(): Blocking {
    if (this.#target) {
      const r = this.#target(...this.#args);
      if (mustDrive(r)) yield* r;
    }
  }

  /**
   * Starts the thread and waits until it has signalled `_started`, as CPython's `start()`
   * does [THR-7]: the new thread's first step wakes the caller, then is a scheduling point,
   * so whether the new thread runs on or the caller returns first is the strategy's choice.
   */
  start(): Op<void> {
    if (this.#started) throw new RuntimeError('threads can only be started once');
    return op('Thread.start()', this.#start(kernel('Thread.start()')));
  }

  *#start(k: Kernel): Blocking {
    // The starter pays `threadStart` (Thread() and start(), pthread_create under its GIL, its
    // wait's own cost on the machine), then waits for `_started` while the new thread pays
    // `threadBootstrap` under the GIL before it sets it (#launch);
    // a greenlet started by patched threading pays its switches instead.
    const cost = state(k).startHook === null ? k.costs.threadStart : 0;
    if (cost > 0) yield* computeTicks(cost);
    const started = new WaitQueue(new StartedFlag(this));
    this.#launch(k, started);
    yield* block(started);
  }

  /**
   * Starts the thread without waiting for `_started`: for a model's helper thread started
   * from a plain call (a pool's constructor), which in CPython would wait there too.
   */
  startNoWait(): void {
    this.#launch(kernel('Thread.startNoWait()'), null);
  }

  /** Spawns the thread's fiber; with `started`, its first step wakes the caller waiting there. */
  #launch(k: Kernel, started: WaitQueue | null): void {
    if (this.#started) throw new RuntimeError('threads can only be started once');
    this.#started = true;
    const proc = k.current?.process ?? k.mainProcess;
    const green = state(k).startHook?.() ?? null;
    // With Thread's own run and a generator-function target, the fiber runs the target's
    // generator itself: calling a function* runs none of its body, and the kernel calls
    // the excepthook through onError as the bootstrap would, so nothing observable
    // changes, and each step resumes one generator level instead of three.
    const target = this.#target;
    const body =
      this.run === Thread.prototype.run && target instanceof GeneratorFunction
        ? (Reflect.apply(target, this, this.#args) as Blocking<unknown>) // as run() calls it
        : this.#bootstrap();
    if (started !== null) {
      this.#startedWq = started;
      this.#starter = k.current;
    }
    // The new thread's bootstrap runs under its GIL before `_started.set()` wakes the starter;
    // without that cost, the wake is its first step (onStart). A thread started without
    // waiting pays `threadStart` too, in its own first steps (`start()` charged it to the starter).
    const boot = green === null ? k.costs.threadBootstrap : 0;
    const cost = boot + (started === null && green === null ? k.costs.threadStart : 0);
    const onStart = started === null || boot > 0 ? undefined : Thread.#signalStarted;
    this.#spawn(k, cost > 0 ? this.#startingUp(cost, body, started !== null) : body, {
      name: this,
      process: proc,
      daemon: this.daemon,
      owner: this,
      onExit: green === null ? Thread.#exitedOsThread : Thread.#exited,
      onError: threadError,
      onStart,
      ...green,
    });
  }

  /** The new thread's first step, `_started.set()` in `_bootstrap_inner`: wakes the starter. */
  static #signalStarted(f: Fiber): void {
    (f.owner as Thread).#wakeStarter();
  }

  /** A new thread's start-up: `ticks` of CPU, then `_started.set()` if its starter waits. */
  *#startingUp(ticks: number, body: Blocking<unknown>, waited: boolean): Blocking<unknown> {
    yield* computeTicks(ticks);
    if (waited) this.#wakeStarter();
    return yield* body;
  }

  #wakeStarter(): void {
    const p = this.#starter;
    if (p === null) return;
    this.#starter = null;
    // The starter may have left the wait (a gevent kill): wake it only where it waits for us.
    if (p.wq === this.#startedWq) kernel().wake(p);
    this.#startedWq = null;
  }

  /**
   * Runs `body` in a new fiber bound to this Thread (for `start` and for main threads),
   * spawned with `o`, whose owner is this Thread and whose exit hook is `#exited`. CPython
   * takes the thread's `_tstate_lock` here and releases it when the thread ends;
   * only `join` ever waits on it, so the Lock itself is created by the first `join`
   * (`#tstate`), and until then its acquisition and release are only recorded in the
   * trace, as the Lock would.
   */
  #spawn(k: Kernel, body: Blocking<unknown>, o: SpawnOptions): void {
    this.#started = true;
    const f = k.spawn(body, o);
    this.#fiber = f;
    if (k.tracing) k.emit('lock.acquire', `${f.name}.tstate`);
    state(k).live++;
    if (k.tracing) k.emit('thread.start', this.name, { fiber: f.id, daemon: this.daemon });
  }

  /** The exit hook of every Thread's fiber (run by the kernel as that fiber). */
  static #exited(f: Fiber): void {
    const t = f.owner as Thread;
    const k = kernel();
    t.#wakeStarter(); // killed before its first step (its process ended)
    void t.name; // a default name reads the target's: take it before letting the target go
    t.#target = null;
    t.#args = NO_ARGS;
    state(k).live--;
    k.dropResult(f); // what run() returns is dropped, as by the bootstrap
    const lock = t.#tstateLock;
    if (lock !== null) lock.release();
    else if (k.tracing) k.emit('lock.release', `${f.name}.tstate`);
  }

  /** The exit hook of a started OS thread: after `#exited`, its teardown (`threadExit`) takes a core. */
  static #exitedOsThread(f: Fiber): void {
    Thread.#exited(f);
    const k = kernel();
    if (k.costs.threadExit > 0) k.cpu.exitWork(f, k.costs.threadExit);
  }

  /** `_tstate_lock`: held by the thread's fiber until it ends. */
  #tstate(): Lock {
    let lock = this.#tstateLock;
    if (lock === null) {
      const f = this.#fiber as Fiber;
      lock = new Lock({ name: `${f.name}.tstate` });
      if (f.state !== 'done') lock.markHeld(f);
      this.#tstateLock = lock;
    }
    return lock;
  }

  /**
   * Starts `body` as the simulation's main thread (`MainThread`); when it returns, the
   * thread runs the `registerAtexit` hooks before it ends.
   */
  static main(body: Blocking<unknown>): Thread {
    const k = kernel('Thread.main()');
    const t = new Thread({ name: 'MainThread', daemon: false });
    t.#spawn(k, mainThreadBody(k, body), { name: t, process: k.mainProcess, owner: t, onExit: Thread.#exited });
    return t;
  }

  /** Starts `body` as the main thread (`MainThread`) of `process`, a child process. */
  static mainOf(process: SimProcess, body: Blocking<unknown>): Thread {
    const k = kernel('Thread.mainOf()');
    const t = new Thread({ name: 'MainThread', daemon: false });
    t.#spawn(k, body, { name: t, process, owner: t, onExit: Thread.#exited });
    return t;
  }

  /** `_bootstrap_inner`: an exception escaping `run` reaches the excepthook (`threadError`). */
  *#bootstrap(): Blocking {
    yield* this.run();
  }

  /** Waits until the thread ends, or `timeout` seconds; returns nothing either way [THR-4]. */
  join(timeout?: Timeout): Op<void> {
    if (!this.#started) throw new RuntimeError('cannot join thread before it is started');
    if (this.#fiber === kernel('Thread.join()').current) throw new RuntimeError('cannot join current thread');
    return op('Thread.join()', this.#join(timeout));
  }

  *#join(timeout: Timeout): Blocking {
    const lock = this.#tstate();
    const t = timeout === null || timeout === undefined ? -1 : Math.max(timeout, 0);
    if (yield* lock.acquire(true, t)) {
      lock.release();
      const cost = kernel().costs.threadJoin;
      if (cost > 0) yield* computeTicks(cost);
    }
    // Once the thread has ended and its lock is free, CPython's join sets `_tstate_lock` to
    // None; a later join makes a free one again, which no thread can tell from this one.
    if ((this.#fiber as Fiber).state === 'done' && !lock.locked() && this.#tstateLock === lock) {
      this.#tstateLock = null;
    }
  }

  isAlive(): boolean {
    return this.#fiber !== null && this.#fiber.state !== 'done';
  }

  /** Thread identifier (the fiber id), or null before `start` [THR-7]. */
  get ident(): number | null {
    return this.#fiber === null ? null : this.#fiber.id;
  }

  /** The kernel fiber running this thread, or null before `start`. */
  get fiber(): Fiber | null {
    return this.#fiber;
  }
}

/** `threading.current_thread()`; a fiber that is no Thread gets a `Dummy-N` one, as in CPython. */
export function currentThread(): Thread {
  const k = kernel('currentThread()');
  const f = k.current;
  if (f === null) throw new RuntimeError('currentThread() called outside any simulated thread');
  if (f.owner instanceof Thread) return f.owner;
  const s = state(k);
  const t = new Thread({ name: `Dummy-${++s.dummies}`, daemon: true });
  k.setOwner(f, t);
  return t;
}

/** `threading.get_ident()`. */
export function getIdent(): number {
  return currentThread().ident as number;
}

/** `threading.enumerate()`: the live threads, in start order. */
export function enumerateThreads(): Thread[] {
  // The kernel's fibers are in creation order, and a Thread is bound to its fiber as soon
  // as it is created: so these are the live threads in start order, with no registry
  // costing memory per thread.
  const out: Thread[] = [];
  for (const f of kernel('enumerateThreads()').allFibers()) {
    const t = f.owner;
    if (f.state !== 'done' && t instanceof Thread && t.fiber === f) out.push(t);
  }
  return out;
}

/** `threading.active_count()`. */
export function activeCount(): number {
  return state(kernel('activeCount()')).live;
}
