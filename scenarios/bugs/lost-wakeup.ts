/**
 * Bug: a consumer waits on a Condition with `if` instead of `while`. When it is notified,
 * another consumer can take the item before it re-acquires the lock, and it then takes
 * from an empty buffer. Python code with the same shape has the same bug. With
 * `fixed=true` the consumer waits in a `while` loop.
 */
import { Condition, defineScenario, mark, param, Thread } from 'concsim';

export default defineScenario({
  name: 'lost-wakeup',
  summary: 'bug: consumers wait on a Condition with `if` instead of `while` and take from an empty buffer',
  expectFailure: true,
  params: {
    consumers: param.int({ default: 2, min: 1, max: 100, checkMax: 4, doc: 'consumer threads' }),
    items: param.int({ default: 4, min: 1, max: 10_000, checkMax: 8, doc: 'items each consumer takes' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'wait in a while loop (the fix)' }),
  },
  *main(p) {
    const cond = new Condition({ name: 'buffer' });
    const buffer: number[] = [];
    const taken: number[] = [];
    const consumers = Array.from(
      { length: p.consumers },
      (_, i) =>
        new Thread({
          name: `consumer-${i + 1}`,
          *target() {
            for (let n = 0; n < p.items; n++) {
              yield* cond.acquire();
              if (p.fixed) while (buffer.length === 0) yield* cond.wait();
              else if (buffer.length === 0) yield* cond.wait(); // the bug: `if`, not `while`
              if (buffer.length === 0) mark('buffer.take-empty', 'buffer');
              taken.push(buffer.shift() as number);
              cond.release();
            }
          },
        }),
    );
    const producer = new Thread({
      name: 'producer',
      *target() {
        for (let i = 0; i < p.consumers * p.items; i++) {
          yield* cond.acquire();
          buffer.push(i);
          cond.notify();
          cond.release();
        }
      },
    });
    for (const t of consumers) yield* t.start();
    yield* producer.start();
    for (const t of [...consumers, producer]) yield* t.join();
    return { taken: taken.length };
  },
  invariants: [
    {
      name: 'never-take-from-empty',
      statement: 'a consumer only takes an item when the buffer holds one',
      monitor: (_p, threadName) => ({
        onRecord: (r) =>
          r.kind === 'buffer.take-empty' ? `${threadName(r.fiber)} took from an empty buffer` : undefined,
      }),
    },
  ],
});
