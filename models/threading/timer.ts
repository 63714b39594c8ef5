/**
 * `threading.Timer`, written as CPython 3.11 writes it: a Thread subclass whose `run`
 * waits on an Event, `finished`, for `interval` seconds, calls the function if the event
 * is still clear, then sets it. `cancel()` just sets `finished`, so it may come before
 * `start()` [TMR-3] or after the call [TMR-4], and a cancelled timer's thread ends at
 * once [TMR-2]. Nothing checks `interval` before the thread runs: a bad one raises in the
 * timer's thread [TMR-9], and an interval ≤ 0 fires at once [TMR-6]. If the function
 * raises, `finished` stays clear [TMR-8].
 *
 * As everywhere in the models, keyword arguments are an options object: `kwargs`, when it
 * has any key, is passed after `args`, as `function(*args, **kwargs)` would [TMR-11]. A
 * function that blocks returns a blocking operation (`() => ev.wait()`), driven with
 * `yield*`. The optional `name` (last) is concsim's, for traces; Python's Timer is
 * named `Thread-N` [TMR-1].
 */
import type { Blocking } from '../../engine/index.ts';
import { kernel } from '../../engine/index.ts';
import { mustDrive } from '../drive.ts';
import { Event } from './event.ts';
import type { NameOptions } from './lock.ts';
import { Thread, withKwargs } from './thread.ts';

/** The function a `Timer` calls: any arguments, any result. */
// biome-ignore lint/suspicious/noExplicitAny: a timer function takes whatever its args are
export type TimerFunction = (...args: any[]) => unknown;

/**
 * `threading.Timer(interval, function, args=None, kwargs=None)`: a thread that calls the function
 * after `interval` seconds unless `cancel()`ed first.
 */
export class Timer extends Thread {
  /** Seconds to wait before calling `function`. */
  interval: number;
  function: TimerFunction;
  args: readonly unknown[];
  kwargs: Readonly<Record<string, unknown>>;
  /** Set when the timer is cancelled or has called its function. */
  readonly finished: Event;

  constructor(
    interval: number,
    fn: TimerFunction,
    args: readonly unknown[] | null = null,
    kwargs: Readonly<Record<string, unknown>> | null = null,
    o: NameOptions = {},
  ) {
    super(o.name === undefined ? {} : { name: o.name });
    this.interval = interval;
    this.function = fn;
    this.args = args ?? [];
    this.kwargs = kwargs ?? {};
    this.finished = new Event({ name: `${this.name}.finished` });
  }

  /** Stops the timer if it has not fired yet; a no-op afterwards [TMR-4]. */
  cancel(): void {
    const k = kernel('Timer.cancel()');
    if (k.tracing) k.emit('timer.cancel', this.name, { finished: this.finished.isSet() });
    this.finished.set();
  }

  override *run(): Blocking {
    const k = kernel();
    yield* this.finished.wait(this.interval);
    if (!this.finished.isSet()) {
      k.emit('timer.fire', this.name);
      const r = this.function(...withKwargs(this.args, this.kwargs));
      if (mustDrive(r)) yield* r;
    }
    this.finished.set();
  }
}
