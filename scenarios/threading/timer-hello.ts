/**
 * The classic Timer: `Timer(interval, hello).start()` calls `hello` once, in the timer's
 * own thread, at exactly start + interval [TMR-1]. The variant cancels it from the main
 * thread at `cancelAt`: before the interval the call never happens and the timer thread
 * ends at once [TMR-2]; after it, cancel is a no-op [TMR-4]; at the very same instant the
 * two race, and the strategy decides which wins.
 */
import { currentThread, defineScenario, monotonic, param, sleep, Timer, toTicks } from 'concsim';

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
    yield* timer.start();
    if (p.cancelAt !== null) {
      yield* sleep(p.cancelAt);
      timer.cancel();
    }
    yield* timer.join();
    return {
      startedAt,
      hello: hello as { thread: string; at: number } | null,
      endedAt: monotonic(),
      timer: timer.name,
    };
  },
  invariants: [
    {
      name: 'fires-on-time',
      statement:
        "the function runs once, in the timer's thread, at exactly start + interval, unless cancelled before; " +
        'a cancelled timer ends at once',
      check(r, p) {
        const due = toTicks(r.startedAt + p.interval);
        const cancel = p.cancelAt === null ? null : toTicks(r.startedAt + p.cancelAt);
        if (r.hello !== null) {
          if (r.hello.thread !== r.timer) return `hello ran in ${r.hello.thread}, not in the timer's thread`;
          if (toTicks(r.hello.at) !== due) return `hello ran at ${r.hello.at}s, not at ${p.interval}s`;
          if (cancel !== null && cancel < due) return `hello ran though the timer was cancelled at ${p.cancelAt}s`;
        } else {
          if (cancel === null || cancel > due) return `hello never ran though the timer was not cancelled in time`;
          if (toTicks(r.endedAt) !== cancel) return `the cancelled timer ended at ${r.endedAt}s, not at once`;
        }
        return undefined;
      },
    },
  ],
});
