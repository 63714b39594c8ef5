/**
 * gevent's hub: one per OS thread that uses gevent, holding a Baton that lets the
 * greenlets of that thread run one at a time. The thread's own fiber becomes the hub's
 * main greenlet the first time it calls into gevent; every greenlet spawned there runs in
 * a fiber that must hold the baton, so greenlets switch only where they block (or
 * `sleep(0)`), and code between two switch points is atomic.
 *
 * Who gives the baton up where:
 * - gevent's own blocking calls (`sleep`, `join`, `Event.wait`, a Pool slot...) always
 *   do: they run `cooperatively`.
 * - Python's own blocking calls (`time.sleep`, threading locks and events, sockets) do iff
 *   the fiber is cooperative, which `monkey.patchAll()` decides for the greenlets and hubs
 *   created after it: patched, they yield to the hub; unpatched, they keep the baton and
 *   stall every greenlet of the thread [GEV-3]. time.ts and threading/ need no change for
 *   this: the kernel reads the fiber's `cooperative` flag when it blocks.
 * - CPU work (`compute`) never does.
 *
 * The hub's loop is a fiber of its own (`Hub-1`), started on first use, that runs
 * callbacks — link notifications, Timeout expiries, kills — in FIFO order whenever it gets
 * the baton, as gevent's loop runs `run_callback`s; it sleeps on a wait queue when there
 * is nothing to do (a deadlock report may list it there). Callbacks must not block.
 *
 * Differs from gevent, on purpose:
 * - A spawned greenlet queues for the baton directly instead of through a loop callback;
 *   the order is the same (FIFO behind the greenlets already ready) [GEV-1, GEV-2].
 * - `handleError` records a `gevent.error` trace record and hands the failure to the run's
 *   error printer (`setErrorPrinter`; the Python binding prints what gevent's
 *   `Hub.print_exception` prints); the run goes on, as in gevent [GEV-5]. Replace
 *   `hub.handleError` to do otherwise.
 * - When a thread that owns a hub ends, its greenlets are abandoned where they stand (no
 *   `finally` runs), since nothing can switch to them any more; for the main thread under
 *   monkey patching they keep running while the interpreter waits for the other threads,
 *   as Python's shutdown does.
 */
import type { Blocking } from '../../engine/index.ts';
import {
  Baton,
  block,
  cede,
  cooperatively,
  type Fiber,
  type Kernel,
  kernel,
  type Op,
  op,
  RunLocal,
  sleepTicks,
  toTicks,
  WaitQueue,
} from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { drive, mustDrive } from '../drive.ts';
import { RuntimeError } from '../errors.ts';

interface GeventState {
  patched: boolean;
  hubs: number;
  /** Greenlets started and not finished, and the most at once (for memory estimates). */
  live: number;
  peak: number;
  readonly hubsByBaton: Map<Baton, Hub>;
  readonly greenletsByFiber: Map<Fiber, RawGreenlet>;
  /** What `handleError` calls after its trace record (gevent prints to its exception stream). */
  printError: ErrorPrinter | null;
}

/**
 * Prints a failure as gevent's `Hub.print_exception` does; `context` is the failed greenlet
 * (or a string naming a hub callback).
 */
export type ErrorPrinter = (context: RawGreenlet | string, error: unknown) => void;

const STATE = new RunLocal<GeventState>(() => ({
  patched: false,
  hubs: 0,
  live: 0,
  peak: 0,
  hubsByBaton: new Map(),
  greenletsByFiber: new Map(),
  printError: null,
}));

/** The run's gevent state (patching, counters, hubs and greenlets). */
export function geventState(k: Kernel): GeventState {
  return k.local(STATE);
}

/** Whether `f` runs a greenlet (without making the run's gevent state when it has none). */
export function isGreenletFiber(k: Kernel, f: Fiber): boolean {
  return k.peek(STATE)?.greenletsByFiber.has(f) ?? false;
}

/** Sets what prints the failures `Hub.handleError` reports in the running simulation. */
export function setErrorPrinter(printer: ErrorPrinter | null): void {
  geventState(kernel('setErrorPrinter()')).printError = printer;
}

/**
 * A `greenlet.greenlet`: any greenlet of a hub, including the thread's main greenlet and,
 * under monkey patching, the threads that run as greenlets. `Greenlet` extends it.
 */
export class RawGreenlet {
  /** Shown in traces and deadlock reports; settable, as in gevent. */
  name: string;
  /** The kernel fiber this greenlet runs in (null until it is started). */
  fiber: Fiber | null;
  constructor(
    readonly hub: Hub,
    fiber: Fiber | null,
    name: string,
  ) {
    this.fiber = fiber;
    this.name = name;
    if (fiber !== null) geventState(kernel()).greenletsByFiber.set(fiber, this);
  }

  /** True once the greenlet has finished and will not run again. */
  get dead(): boolean {
    return this.fiber !== null && this.fiber.state === 'done';
  }

  /** Binds a fiber (for greenlets whose fiber is created when they start). */
  protected bind(fiber: Fiber): void {
    this.fiber = fiber;
    geventState(kernel()).greenletsByFiber.set(fiber, this);
  }
}

/**
 * gevent's hub: one per OS thread that uses gevent, letting that thread's greenlets run one at a
 * time.
 */
export class Hub {
  readonly label: string;
  readonly baton: Baton;
  /** The main greenlet: the OS thread's own fiber. */
  readonly main: RawGreenlet;
  /** Fibers of this hub's live greenlets, abandoned when the thread ends. */
  readonly greenletFibers = new Set<Fiber>();
  readonly #callbacks: (() => void)[] = [];
  readonly #idle: WaitQueue;
  #loop: Fiber | null = null;

  constructor(k: Kernel, mainFiber: Fiber) {
    const s = geventState(k);
    this.label = `Hub-${++s.hubs}`;
    this.baton = new Baton(this.label);
    this.#idle = new WaitQueue(`${this.label}.loop`);
    s.hubsByBaton.set(this.baton, this);
    k.joinBaton(mainFiber, this.baton, s.patched);
    this.main = new RawGreenlet(this, mainFiber, mainFiber.name);
    k.addExitHook(mainFiber, (f) => this.#threadEnded(k, f));
    if (k.tracing) k.emit('gevent.hub', this.label, { thread: mainFiber.id, patched: s.patched });
  }

  /** True once the hub's thread has ended and nothing will run its greenlets again. */
  get abandoned(): boolean {
    const m = this.main.fiber as Fiber;
    return m.state === 'done' && !this.#survivesThread(kernel(), m);
  }

  /**
   * Runs `body` in a new fiber, as a greenlet of this hub: it runs as the hub's thread
   * (for `currentThread`) and is abandoned when that thread ends.
   */
  spawnRaw(body: Blocking<unknown>, name: string): Fiber {
    const k = kernel();
    const s = geventState(k);
    const m = this.main.fiber as Fiber;
    const f = k.spawn(body, {
      name,
      process: m.process,
      daemon: true,
      baton: this.baton,
      cooperative: s.patched,
      owner: m.owner,
      onExit: (x) => {
        if (this.greenletFibers.delete(x)) s.live--;
      },
    });
    this.greenletFibers.add(f);
    s.live++;
    if (s.live > s.peak) s.peak = s.live;
    return f;
  }

  /**
   * `hub.loop.run_callback(fn)`: runs `fn` in the hub the next time it gets to run, after
   * the callbacks queued before it. Callable from greenlets, other threads and kernel timers.
   */
  runCallback(fn: () => void): void {
    this.#callbacks.push(fn);
    const k = kernel();
    const loop = this.#loop;
    if (loop === null) {
      if (this.abandoned) return;
      const m = this.main.fiber as Fiber;
      this.#loop = k.spawn(this.#run(), {
        name: this.label,
        process: m.process,
        daemon: true,
        baton: this.baton,
        cooperative: true,
        owner: m.owner,
      });
    } else if (loop.wq === this.#idle) {
      k.wake(loop);
    }
  }

  *#run(): Blocking {
    const cbs = this.#callbacks;
    for (;;) {
      while (cbs.length > 0) {
        const cb = cbs.shift() as () => void;
        try {
          cb();
        } catch (e) {
          this.handleError(this.label, e);
        }
      }
      yield* block(this.#idle);
    }
  }

  /**
   * `hub.handle_error(context, type, value, tb)`: gevent prints the traceback and goes on;
   * concsim records a `gevent.error` trace record and calls the run's error printer, if
   * any. `context` is the failed greenlet or a label. Assign to replace it.
   */
  handleError(context: RawGreenlet | string, error: unknown): void {
    const k = kernel();
    if (k.tracing) {
      k.emit('gevent.error', typeof context === 'string' ? context : context.name, { error: String(error) });
    }
    geventState(k).printError?.(context, error);
  }

  /**
   * `greenlet.throw(error)` from the hub: raises `error` in `f` where it is suspended. If
   * another error is already on its way into `f`, this one follows once `f` has run.
   */
  throwInto(f: Fiber, error: unknown): void {
    const k = kernel();
    if (f.state === 'done' || k.interrupt(f, error)) return;
    k.schedule(k.now, () => this.runCallback(() => this.throwInto(f, error)));
  }

  #survivesThread(k: Kernel, m: Fiber): boolean {
    return geventState(k).patched && m.process === k.mainProcess && m.name === 'MainThread';
  }

  #threadEnded(k: Kernel, m: Fiber): void {
    if (this.#survivesThread(k, m)) return;
    const fibers = [...this.greenletFibers];
    if (this.#loop !== null) fibers.push(this.#loop);
    for (const f of fibers) if (f.state !== 'done') k.kill(f);
  }
}

/**
 * `gevent.get_hub()`: the hub of the calling thread, created (with the calling fiber as
 * its main greenlet) on first use.
 */
export function getHub(): Hub {
  const k = kernel('getHub()');
  const f = k.current;
  if (f === null) throw new RuntimeError('gevent needs a simulated thread: call it from a scenario or a thread');
  if (f.baton !== null) {
    const hub = geventState(k).hubsByBaton.get(f.baton);
    if (hub === undefined) throw new RuntimeError(`${f.name} runs under ${f.baton.label}, which is not a gevent hub`);
    return hub;
  }
  return new Hub(k, f);
}

/** `gevent.getcurrent()`: the running greenlet (the thread's main greenlet outside any spawned one). */
export function getcurrent(): RawGreenlet {
  const hub = getHub();
  const k = kernel();
  const f = k.current as Fiber;
  return geventState(k).greenletsByFiber.get(f) ?? new RawGreenlet(hub, f, f.name);
}

/** The greenlet running in fiber `f`, if any. */
export function greenletOf(f: Fiber): RawGreenlet | undefined {
  return geventState(kernel()).greenletsByFiber.get(f);
}

/** Greenlets alive now and the most alive at once in this run (each costs `costs.greenletBytes`). */
export function greenletCounts(): { readonly live: number; readonly peak: number } {
  const s = geventState(kernel('greenletCounts()'));
  return { live: s.live, peak: s.peak };
}

/** Blocks on `wq` as gevent's own primitives do: giving the baton up whatever the fiber's flag. */
export function hubBlock(wq: WaitQueue, timeout: number | null): Op<boolean> {
  return cooperatively(() => block(wq, timeout));
}

/** A link callback: called with the source once it is ready; a generator it returns runs in a new greenlet. */
export type LinkCallback<S> = (source: S) => unknown;

/**
 * The links of a gevent object (AbstractLinkable, and Greenlet's own list): callbacks run
 * in the hub, asynchronously, in registration order, once the object is ready — never
 * before `rawlink` returns, even on an object that is ready already [GEV-11]. With
 * `notifyAll` false (a Semaphore), notification stops as soon as the object is no longer
 * ready.
 */
export class Links<S> {
  readonly #list: LinkCallback<S>[] = [];
  #hub: Hub | null;
  #notifier = false;

  constructor(
    readonly source: S,
    readonly isReady: () => boolean,
    hub: Hub | null,
    readonly notifyAll = true,
  ) {
    this.#hub = hub;
  }

  get length(): number {
    return this.#list.length;
  }

  add(callback: LinkCallback<S>): void {
    if (typeof callback !== 'function') throw new TypeError(`Expected callable: ${String(callback)}`);
    this.#hub ??= getHub();
    this.#list.push(callback);
    this.check();
  }

  remove(callback: LinkCallback<S>): void {
    const i = this.#list.indexOf(callback);
    if (i >= 0) this.#list.splice(i, 1);
  }

  /** Removes every callback matching `pred`. */
  removeWhere(pred: (callback: LinkCallback<S>) => boolean): void {
    for (let i = this.#list.length - 1; i >= 0; i--)
      if (pred(this.#list[i] as LinkCallback<S>)) this.#list.splice(i, 1);
  }

  clear(): void {
    this.#list.length = 0;
  }

  /** `_check_and_notify`: schedules a notification in the hub if ready and linked. */
  check(): void {
    if (this.#notifier || this.#list.length === 0 || this.#hub === null || !this.isReady()) return;
    this.#notifier = true;
    const hub = this.#hub;
    hub.runCallback(() => this.#notify(hub));
  }

  #notify(hub: Hub): void {
    this.#notifier = false;
    const list = this.#list;
    const last = list[list.length - 1];
    while (list.length > 0) {
      if (!this.notifyAll && !this.isReady()) break;
      const link = list.shift() as LinkCallback<S>;
      try {
        const r = link(this.source);
        if (mustDrive(r)) hub.spawnRaw(drive(r), `${hub.label}.link`);
      } catch (e) {
        hub.handleError(`${hub.label}.link`, e);
      }
      if (link === last) break; // links added while notifying wait for the next round
    }
    this.check();
  }
}

/**
 * `gevent.sleep(seconds=0)`: yields to the hub for `seconds`; 0 or less is a plain yield
 * that lets every greenlet already ready run first [GEV-2, GEV-13]. Always cooperative,
 * patched or not.
 */
export function sleep(seconds = 0): Op<void> {
  if (typeof seconds !== 'number') {
    throw new TypeError(`'<=' not supported between instances of '${pyTypeName(seconds)}' and 'int'`);
  }
  return op('gevent.sleep()', sleepGen(seconds));
}

function* sleepGen(seconds: number): Blocking {
  getHub();
  if (seconds <= 0) yield* cede();
  else yield* cooperatively(() => sleepTicks(toTicks(seconds)));
}
