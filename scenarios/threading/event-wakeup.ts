/**
 * The classic Event wake-up: several threads wait on one Event, another thread sets it
 * after a delay (and, in a variant, clears it again at once). Every waiter blocked when
 * `set` runs must return true [EVT-4, EVT-5]; one whose timeout comes first returns false.
 */
import { currentThread, defineScenario, Event, monotonic, noLostWakeups, param, sleep, Thread, toTicks } from 'concsim';

interface Woken {
  readonly thread: string;
  readonly returned: boolean;
  /** When its wait began (after the thread's start-up cost) and returned, virtual seconds. */
  readonly from: number;
  readonly at: number;
}

export default defineScenario({
  name: 'event-wakeup',
  summary: 'several threads wait on one Event; another sets it (and may clear it at once)',
  params: {
    waiters: param.int({ default: 3, min: 1, max: 10_000, checkMax: 8, doc: 'threads waiting on the Event' }),
    timeout: param.optionalNumber({
      default: null,
      min: 0,
      max: 3600,
      checkMax: 3,
      doc: "each waiter's timeout in seconds, or none",
    }),
    // Above 0, so that every waiter is blocked when the setter wakes: with 0 the setter may
    // set (and clear) before a waiter calls wait(), which then waits forever, as in Python.
    setAfter: param.number({ default: 1, min: 0.001, max: 3600, checkMax: 3, doc: 'seconds before the setter sets' }),
    clearAfterSet: param.boolean({ default: false, doc: 'clear the Event right after setting it' }),
  },
  *main(p) {
    const event = new Event({ name: 'ready' });
    const woken: Woken[] = [];
    const waiters = Array.from(
      { length: p.waiters },
      (_, i) =>
        new Thread({
          name: `waiter-${i + 1}`,
          *target() {
            const from = monotonic();
            const returned = yield* event.wait(p.timeout);
            woken.push({ thread: currentThread().name, returned, from, at: monotonic() });
          },
        }),
    );
    let setAt = 0;
    const setter = new Thread({
      name: 'setter',
      *target() {
        yield* sleep(p.setAfter);
        setAt = monotonic();
        event.set();
        if (p.clearAfterSet) event.clear();
      },
    });
    for (const t of waiters) yield* t.start();
    yield* setter.start();
    for (const t of [...waiters, setter]) yield* t.join();
    return { woken, setAt, isSet: event.isSet() };
  },
  invariants: [
    {
      name: 'no-lost-wakeups',
      statement: 'every thread blocked in Event.wait when set() runs returns true, even if clear() follows at once',
      monitor: (_p, threadName) => noLostWakeups(threadName),
    },
    {
      name: 'all-return',
      statement:
        'every waiter returns exactly once: true if its timeout is none or later than the set, false if earlier',
      check(r, p) {
        if (r.woken.length !== p.waiters) return `${r.woken.length} of ${p.waiters} waiters returned`;
        // Compared in ticks, from when each wait began (threads start at the cost model's
        // threadStart): a timeout and a set at the same instant race, and either may win.
        const setAt = toTicks(r.setAt);
        for (const w of r.woken) {
          const deadline = p.timeout === null ? null : toTicks(w.from) + toTicks(p.timeout);
          if (deadline === null || deadline > setAt) {
            if (!w.returned) return `${w.thread} returned false at ${w.at}s though the Event was set at ${r.setAt}s`;
          } else if (deadline < setAt && w.returned) {
            return `${w.thread} returned true at ${w.at}s though its timeout of ${p.timeout}s came first`;
          }
        }
        if (r.isSet === p.clearAfterSet) return `the Event ended ${r.isSet ? 'set' : 'clear'}`;
        return undefined;
      },
    },
  ],
});
