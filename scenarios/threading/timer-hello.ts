/**
 * The classic Timer: `Timer(interval, hello).start()` calls `hello` once, in the timer's
 * own thread, at exactly start + interval [TMR-1] — plus the thread's start-up cost (the cost
 * model's `threadStart` and `threadBootstrap`), since the interval is waited in the new
 * thread. The variant cancels it from the main thread at `cancelAt`: before the interval the
 * call never happens and the timer thread ends at once [TMR-2]; after it, cancel is a no-op
 * [TMR-4]; at the very same instant the two race, and the strategy decides which wins.
 */
import { currentThread, defineScenario, kernel, monotonic, param, sleep, Timer, toSeconds, toTicks } from 'concsim';

export default defineScenario({
  name: 'timer-hello',
  summary: 'a Timer says hello after its interval; a variant cancels it first',
  params: {
    interval: param.number({ default: 1, min: 0, max: 3600, checkMax: 3, doc: 'seconds before the timer fires' }),
    cancelAt: param.optionalNumber({
      default: null,
      min: 0,
      max: 3600,
      checkMax: 3,
      doc: 'seconds after start at which the main thread cancels the timer, or none',
    }),
  },
  *main(p) {
    let hello: { thread: string; at: number } | null = null;
    const timer = new Timer(p.interval, () => {
      hello = { thread: currentThread().name, at: monotonic() };
    });
    const startedAt = monotonic();
    // The timer's thread begins waiting after its start-up: the starter's threadStart, then
    // its own threadBootstrap (the cost model's), paid while start() waits for `_started`.
    const c = kernel().costs;
    const startCost = toSeconds(Math.floor(c.threadStart) + Math.floor(c.threadBootstrap)); // a new fiber owes no fraction yet (computeTicks)
    // With costs, the timer's and the main thread's start-up, wake-ups and join contend for
    // the GIL, which moves each instant by a few of them; with the ideal costs, not at all.
    // A wake-up at its dearest: onto a deep-idle core, its waker's signal, the GIL taken back.
    const wake = Math.max(c.contextSwitch, c.wakeIdle) + Math.max(c.wakeSignal, c.wakeSignalIdle) + 1;
    const costly = c.threadStart + c.threadJoin + c.contextSwitch + c.wakeIdle + c.gilHandoff > 0;
    const slack = costly ? toSeconds(Math.ceil(4 * (c.threadJoin + wake + c.gilHandoff)) + 1) : 0;
    yield* timer.start();
    let cancelledAt: number | null = null;
    if (p.cancelAt !== null) {
      yield* sleep(p.cancelAt);
      cancelledAt = monotonic();
      timer.cancel();
    }
    yield* timer.join();
    return {
      startedAt,
      startCost,
      slack,
      cancelledAt,
      hello: hello as { thread: string; at: number } | null,
      endedAt: monotonic(),
      timer: timer.name,
    };
  },
  invariants: [
    {
      name: 'fires-on-time',
      statement:
        "the function runs once, in the timer's thread, at exactly start + interval (after the thread's start-up cost), unless cancelled before; " +
        'a cancelled timer ends at once',
      check(r, p) {
        const due = toTicks(r.startedAt + r.startCost + p.interval);
        const slack = toTicks(r.slack);
        const cancel = r.cancelledAt === null ? null : toTicks(r.cancelledAt);
        if (r.hello !== null) {
          const at = toTicks(r.hello.at);
          if (r.hello.thread !== r.timer) return `hello ran in ${r.hello.thread}, not in the timer's thread`;
          if (at < due || at > due + slack) return `hello ran at ${r.hello.at}s, not at ${p.interval}s`;
          if (cancel !== null && cancel < due) return `hello ran though the timer was cancelled at ${r.cancelledAt}s`;
        } else {
          if (cancel === null || cancel > due + slack)
            return `hello never ran though the timer was not cancelled in time`;
          // At once: when cancelled, or once started if cancelled sooner.
          const ended = Math.max(cancel, toTicks(r.startedAt + r.startCost));
          const end = toTicks(r.endedAt);
          if (end < ended || end > ended + slack) return `the cancelled timer ended at ${r.endedAt}s, not at once`;
        }
        return undefined;
      },
    },
  ],
});
