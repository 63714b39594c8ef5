/**
 * Bug: an ordering bug with `Event.clear()`. A consumer waits on an event, drains the
 * shared list, handles the batch, and only then clears the event. A producer that
 * appends and sets the event while the batch is being handled has its signal wiped by
 * that late `clear()`: its item stays in the list and the consumer waits forever. With
 * `fixed=true` the consumer clears the event before draining, so a later set() is kept.
 */
import { defineScenario, Event, param, sleep, Thread } from 'concsim';

export default defineScenario({
  name: 'event-clear',
  summary: 'bug: a consumer clears an Event after draining the work list, wiping a newer set()',
  expectFailure: true,
  params: {
    items: param.int({ default: 3, min: 1, max: 10_000, checkMax: 6, doc: 'items produced' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'clear before draining (the fix)' }),
  },
  *main(p) {
    const ev = new Event({ name: 'work-ready' });
    const items: number[] = [];
    let handled = 0;
    const consumer = new Thread({
      name: 'consumer',
      *target() {
        while (handled < p.items) {
          yield* ev.wait();
          if (p.fixed) ev.clear();
          const batch = items.splice(0);
          yield* sleep(0); // handle the batch
          handled += batch.length;
          if (!p.fixed) ev.clear(); // the bug: a set() since the drain is lost
        }
      },
    });
    const producer = new Thread({
      name: 'producer',
      *target() {
        for (let i = 0; i < p.items; i++) {
          yield* sleep(0); // make the item
          items.push(i);
          ev.set();
        }
      },
    });
    yield* consumer.start();
    yield* producer.start();
    yield* producer.join();
    yield* consumer.join();
    return { handled };
  },
});
