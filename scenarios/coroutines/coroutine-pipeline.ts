/**
 * A producer/consumer pipeline of generator coroutines, Python's pre-asyncio way to
 * multitask: producers are tasks of a round-robin coroutine scheduler on one thread,
 * each sleeping a seeded interval between items and `send`ing them into a chain of
 * coroutine stages (a filter, then a transformer) that ends in a sink. Every item passes
 * through in order, on one thread, with no lock: a coroutine runs atomically between two
 * yields.
 */
import { coroutines, defineScenario, monotonic, param } from 'concsim';

const { coroutine, Scheduler, Sleep } = coroutines;
type Coroutine<Y = unknown, S = unknown, R = unknown> = coroutines.Coroutine<Y, S, R>;

interface Item {
  readonly producer: number;
  readonly seq: number;
}

export default defineScenario({
  name: 'coroutine-pipeline',
  summary: 'producer tasks send items through a chain of coroutines (filter, transform, sink) on one thread',
  params: {
    producers: param.int({ default: 3, min: 1, max: 1000, checkMax: 4, doc: 'producer tasks' }),
    items: param.int({ default: 5, min: 0, max: 100_000, checkMax: 6, doc: 'items per producer' }),
    interval: param.number({ default: 0.1, min: 0, max: 60, checkMax: 1, doc: 'mean seconds between items' }),
    dropEvery: param.int({
      default: 3,
      min: 0,
      max: 1000,
      checkMax: 4,
      doc: 'the filter drops every n-th item (0: none)',
    }),
  },
  *main(p, ctx) {
    const out: string[] = [];
    const sink = coroutine(function* (): Generator<undefined, never, string | undefined> {
      for (;;) out.push((yield) as string);
    })();
    const transform = coroutine(function* (target: Coroutine<undefined, string>) {
      for (;;) {
        const item = (yield) as Item;
        target.send(`p${item.producer}#${item.seq}@${monotonic()}`);
      }
    })(sink);
    const filter = coroutine(function* (target: Coroutine<undefined, Item>) {
      for (;;) {
        const item = (yield) as Item;
        if (p.dropEvery === 0 || (item.seq + 1) % p.dropEvery !== 0) target.send(item);
      }
    })(transform);
    const scheduler = new Scheduler({ name: 'pipeline' });
    for (let producer = 0; producer < p.producers; producer++) {
      const gaps = Array.from({ length: p.items }, () => Math.round(p.interval * 2 * ctx.rng.next() * 1e6) / 1e6);
      scheduler.spawn(
        (function* () {
          for (let seq = 0; seq < p.items; seq++) {
            yield new Sleep(gaps[seq] as number);
            filter.send({ producer, seq });
          }
        })(),
      );
    }
    yield* scheduler.run();
    return { out };
  },
  invariants: [
    {
      name: 'in-order-exactly-once',
      statement: "each producer's kept items reach the sink exactly once, in the order they were produced",
      check(r, p) {
        for (let producer = 0; producer < p.producers; producer++) {
          const seen = r.out.filter((s) => s.startsWith(`p${producer}#`)).map((s) => Number(s.split(/[#@]/)[1]));
          const expected = Array.from({ length: p.items }, (_, i) => i).filter(
            (i) => p.dropEvery === 0 || (i + 1) % p.dropEvery !== 0,
          );
          if (seen.join() !== expected.join()) return `producer ${producer} delivered [${seen}], not [${expected}]`;
        }
        return undefined;
      },
    },
  ],
});
