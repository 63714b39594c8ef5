/**
 * CPython 3.11's GIL as the costed CPU model runs it (engine/os-cpu.ts): `take_gil` and
 * `drop_gil` of Python/ceval_gil.h, with FORCE_SWITCHING, on glibc's mutex and condition
 * variables (engine/futex.ts). A thread that finds the GIL taken waits on its condition
 * variable for the switch interval; if no switch happened meanwhile it sets the drop request,
 * which makes the holder drop the GIL at its next eval-breaker check and then wait until
 * another thread has taken it. `drop_gil` signals the condition variable while it holds the
 * GIL's mutex, as CPython does: that is what makes threads that call into the OS often fall
 * into a convoy on two cores (reports/calibrate/MEASUREMENTS-2026-12-07.md, sessions 4 and 5).
 *
 * Differences from CPython: the eval breaker is checked at once (CPython checks it between
 * bytecodes, well below a tick); there are no sub-interpreters, async exceptions or thread
 * finalisation in `take_gil`.
 */
import { CondVar, lock, Mutex, type OsCode, signal, unlock, wait } from './futex.ts';
import type { OsThread } from './os-cpu.ts';

export class Gil {
  locked = false;
  holder: OsThread | null = null;
  lastHolder: OsThread | null = null;
  switchNumber = 0;
  dropRequest = false;
  readonly mutex = new Mutex();
  readonly cond = new CondVar();
  readonly switchMutex = new Mutex();
  readonly switchCond = new CondVar();

  /** `onDropRequest(holder)`: the drop request was set while `holder` held the GIL. */
  constructor(private readonly onDropRequest: (holder: OsThread) => void) {}

  /** take_gil: `interval` is the switch interval in ticks. */
  *take(t: OsThread, interval: number): OsCode {
    yield* lock(t, this.mutex);
    while (this.locked) {
      const saved = this.switchNumber;
      const timedOut = yield* wait(t, this.cond, this.mutex, interval);
      if (timedOut && this.locked && this.switchNumber === saved && !this.dropRequest) {
        this.dropRequest = true;
        if (this.holder !== null) this.onDropRequest(this.holder);
      }
    }
    yield* lock(t, this.switchMutex);
    this.locked = true;
    this.holder = t;
    if (this.lastHolder !== t) {
      this.lastHolder = t;
      this.switchNumber++;
    }
    yield* signal(t, this.switchCond);
    yield* unlock(t, this.switchMutex);
    this.dropRequest = false;
    yield* unlock(t, this.mutex);
  }

  /** drop_gil: with a drop request pending, waits until another thread has taken the GIL. */
  *drop(t: OsThread): OsCode {
    this.lastHolder = t;
    yield* lock(t, this.mutex);
    this.locked = false;
    this.holder = null;
    yield* signal(t, this.cond);
    yield* unlock(t, this.mutex);
    if (this.dropRequest) {
      yield* lock(t, this.switchMutex);
      if (this.lastHolder === t) {
        this.dropRequest = false;
        yield* wait(t, this.switchCond, this.switchMutex, -1);
      }
      yield* unlock(t, this.switchMutex);
    }
  }
}
