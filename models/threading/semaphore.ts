/**
 * `threading.Semaphore` and `threading.BoundedSemaphore`, written as CPython 3.11 writes
 * them: a counter guarded by a Condition over a plain Lock. `acquire` waits on the
 * Condition while the counter is 0; `release(n)` adds n and calls `notify()` n times
 * [SEM-3]. Blocked acquirers are therefore woken in the order they started waiting, as
 * in CPython (which does not promise it).
 *
 * A timeout is one deadline across re-waits; a negative one is a non-blocking poll that
 * returns false, with no ValueError [SEM-5], because it reaches `Condition.wait` as a
 * timeout ≤ 0.
 *
 * `release` is a plain call, as in Python: the semaphore's lock is never held across a
 * scheduling point, so taking it there cannot block.
 *
 * For the same reason its Condition is an `AtomicCondition`, as Event's is: a contended
 * acquire costs four steps, not six.
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel, type Op, op, toSeconds, toTicks } from '../../engine/index.ts';
import { pyTypeName } from '../compare.ts';
import { ValueError } from '../errors.ts';
import { PerProcess } from '../fork.ts';
import { AtomicCondition } from './condition.ts';
import { holding } from './hold.ts';
import { Lock, type LockOptions, lockNow } from './lock.ts';
import type { Timeout } from './timeout.ts';

/** `threading.Semaphore(value=1)`: `acquire` blocks while the counter is 0, `release` raises it. */
export class Semaphore {
  readonly label: string;
  readonly #cond: AtomicCondition;
  /** The counter, each process its own after a fork (unless `processShared`). */
  readonly #state: PerProcess<{ value: number }>;

  /**
   * A counter starting at `value` (default 1) [SEM-1]; `processShared` (concsim's, for
   * multiprocessing's semaphores in shared memory): a fork does not copy it.
   */
  constructor(value = 1, o: LockOptions = {}) {
    if (value < 0) throw new ValueError('semaphore initial value must be >= 0');
    const k = kernel('Semaphore()');
    this.label = o.name ?? k.label('Semaphore');
    const processShared = o.processShared === true;
    this.#cond = new AtomicCondition({
      name: `${this.label}.cond`,
      lock: new Lock({ name: `${this.label}.lock`, processShared }),
      processShared,
    });
    this.#state = new PerProcess<{ value: number }>(k, { value }, (s) => ({ value: s.value }), processShared);
  }

  get #value(): number {
    return this.#state.get(kernel()).value;
  }

  set #value(v: number) {
    this.#state.get(kernel()).value = v;
  }

  /** The counter (Python's `_value`; concsim extension, for tests and monitors). */
  get value(): number {
    return this.#value;
  }

  /**
   * Decrements the counter, waiting while it is 0; returns true on success. With
   * `blocking=false` it polls; with `timeout` (seconds) it gives up after that long and
   * returns false [SEM-5]. Python's argument error [SEM-2]. `Semaphore.acquire` in threading.py.
   */
  acquire(blocking = true, timeout: Timeout = null): Op<boolean> {
    if (!blocking && timeout !== null && timeout !== undefined) {
      throw new ValueError("can't specify timeout for non-blocking acquire");
    }
    return op('Semaphore.acquire()', this.#acquire(blocking, timeout));
  }

  *#acquire(blocking: boolean, timeout: Timeout): Blocking<boolean> {
    const k = kernel();
    let rc = false;
    let endtime: number | null = null;
    let waittime = timeout;
    yield* this.#cond.acquire();
    try {
      for (;;) {
        if (this.#value !== 0) {
          this.#value--;
          rc = true;
          break;
        }
        if (!blocking) break;
        if (waittime !== null && waittime !== undefined) {
          if (endtime === null) {
            if (typeof waittime !== 'number') {
              throw new TypeError(`unsupported operand type(s) for +: 'float' and '${pyTypeName(waittime)}'`);
            }
            endtime = k.now + toTicks(waittime);
          } else {
            waittime = toSeconds(endtime - k.now);
            if (waittime <= 0) break;
          }
        }
        yield* this.#cond.wait(waittime);
      }
      if (k.tracing) k.emit('semaphore.acquire', this.label, { ok: rc, value: this.#value });
      return rc;
    } finally {
      this.#cond.release();
    }
  }

  /** Adds `n` (default 1) to the counter and wakes up to `n` waiters [SEM-3]: `Semaphore.release`. */
  release(n = 1): void {
    if (n < 1) throw new ValueError('n must be one or more');
    const k = kernel('Semaphore.release()');
    lockNow(this.#cond.lock, this.label);
    try {
      this.checkRelease(n, this.#value);
      this.#value += n;
      if (k.tracing) k.emit('semaphore.release', this.label, { n, value: this.#value });
      for (let i = 0; i < n; i++) this.#cond.notify();
    } finally {
      this.#cond.release();
    }
  }

  /** Called under the lock before a release adds `n` to `value`; may refuse it by raising. */
  protected checkRelease(_n: number, _value: number): void {}

  /** Python's `with semaphore:` as `using held = yield* semaphore.hold()`: released when `held` leaves scope. */
  hold(): Op<Disposable> {
    return op(
      'Semaphore.hold()',
      holding(
        () => this.acquire(),
        () => this.release(),
      ),
    );
  }

  /** Runs `body` holding one unit: Python's `with sem:`. */
  with<T>(body: () => Blocking<T>): Op<T> {
    return op('Semaphore.with()', this.#with(body));
  }

  *#with<T>(body: () => Blocking<T>): Blocking<T> {
    yield* this.acquire();
    try {
      return yield* body();
    } finally {
      this.release();
    }
  }
}

/** A Semaphore whose counter may never exceed its initial value [SEM-4]. */
export class BoundedSemaphore extends Semaphore {
  readonly #initialValue: number;

  constructor(value = 1, o: LockOptions = {}) {
    super(value, { ...o, name: o.name ?? kernel('BoundedSemaphore()').label('BoundedSemaphore') });
    this.#initialValue = value;
  }

  protected override checkRelease(n: number, value: number): void {
    if (value + n > this.#initialValue) throw new ValueError('Semaphore released too many times');
  }
}
