import { describe, expect, it } from 'vitest';
import type { Fiber } from './fiber.ts';
import { block, computeTicks, preempt, sleepTicks } from './syscalls.ts';
import { newKernel, traceOf } from './testing.ts';
import { WaitQueue } from './wait-queue.ts';

describe('FiberLifecycle', () => {
  it('sets the model fields a spawn passes, and chains exit hooks in order', () => {
    const k = newKernel();
    const log: string[] = [];
    const owner = { name: 'thread' };
    const f = k.spawn(
      (function* () {
        yield* sleepTicks(1);
        throw new Error('boom');
      })(),
      {
        owner,
        onError: (_f, e) => log.push(`error ${(e as Error).message}`),
        onExit: () => log.push('exit 1'),
      },
    );
    k.addExitHook(f, (x) => log.push(`exit 2 ${x === f}`));
    expect(f.owner).toBe(owner);
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['error boom', 'exit 1', 'exit 2 true']);
  });

  it('runs onStart in the fiber when first picked, then a scheduling point before its body', () => {
    const k = newKernel();
    const log: string[] = [];
    const a = k.spawn(
      // biome-ignore lint/correctness/useYield: a body that never blocks
      (function* () {
        log.push('a body');
      })(),
      { name: 'a', onStart: (f) => log.push(`a start, current ${k.current === f}`) },
    );
    k.spawn(
      // biome-ignore lint/correctness/useYield: a body that never blocks
      (function* () {
        log.push('b body');
      })(),
      { name: 'b' },
    );
    expect(a.onStart).not.toBeNull();
    expect(k.run()).toEqual({ kind: 'ok' });
    // fifo: a's first step is the hook alone; b runs before a's body.
    expect(log).toEqual(['a start, current true', 'b body', 'a body']);
    expect(k.decisions).toBeGreaterThan(0);
  });

  it('sets an owner later, lets it go when the fiber ends, and drops a finished fiber’s result on request', () => {
    const k = newKernel();
    const body = (function* () {
      yield* sleepTicks(0);
      return 42;
    })();
    const f = k.spawn(body, { name: { name: 'from the owner' }, onExit: () => {} });
    k.setOwner(f, 'owner');
    expect(f.owner).toBe('owner');
    k.dropResult(f); // not done yet: nothing to drop
    k.run();
    // A finished fiber keeps its name and result, not its body, hooks or owner.
    expect([f.owner, f.onExit, f.gen === body, f.name]).toEqual([null, null, false, 'from the owner']);
    expect(f.result).toBe(42);
    k.dropResult(f);
    expect(f.result).toBeUndefined();
  });

  it('interrupts a fiber in each state where it stands', () => {
    const k = newKernel();
    const wq = new WaitQueue('wq');
    const seen: string[] = [];
    const body = (name: string, wait: () => Iterable<unknown, unknown, unknown>) =>
      (function* () {
        try {
          yield* wait();
          seen.push(`${name} returned`);
        } catch (e) {
          seen.push(`${name} caught ${String(e)} at ${k.now}`);
        }
      })();
    const states: Record<string, Fiber> = {
      blocked: k.spawn(body('blocked', () => block(wq, 100))),
      sleeping: k.spawn(body('sleeping', () => sleepTicks(100))),
      cpu: k.spawn(body('cpu', () => computeTicks(10))),
    };
    k.spawn(
      (function* () {
        for (const [name, f] of Object.entries(states)) expect(`${name} ${f.state}`).toBe(`${name} ${name}`);
        for (const f of Object.values(states)) expect(k.interrupt(f, 'stop')).toBe(true);
        expect(k.interrupt(states.cpu as Fiber, 'again')).toBe(false); // the first one stands
        yield* sleepTicks(0);
      })(),
    );
    k.run();
    expect(seen).toEqual(['blocked caught stop at 0', 'sleeping caught stop at 0', 'cpu caught stop at 10']);
    expect(k.interrupt(states.blocked as Fiber, 'late')).toBe(false);
  });
});

describe('FiberLifecycle: wait queues', () => {
  it('wakeAll wakes in FIFO order and passes the value; wakeOne wakes the head', () => {
    const k = newKernel();
    const trace = traceOf(k);
    const q = new WaitQueue('q');
    const got: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      k.spawn(
        (function* () {
          const v = yield* block(q);
          got.push(`${name}:${String(v)}`);
        })(),
        { name },
      );
    }
    k.spawn(
      (function* () {
        expect(q.fibers.map((f) => f.name)).toEqual(['a', 'b', 'c']);
        expect(k.wakeOne(q, 'first')?.name).toBe('a');
        expect(k.wakeAll(q, 'rest')).toBe(2);
        expect(k.wakeOne(q)).toBe(null);
        expect(k.wakeAll(q)).toBe(0);
      })(),
      { name: 'w' },
    );
    expect(k.run().kind).toBe('ok');
    expect(got).toEqual(['a:first', 'b:rest', 'c:rest']);
    expect(trace.filter((l) => l.includes('wake'))).toEqual(['0 a wake', '0 b wake', '0 c wake']);
  });

  it('a woken fiber’s timeout is cancelled', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    const got: unknown[] = [];
    k.spawn(
      (function* () {
        got.push(yield* block(q, 5));
        yield* sleepTicks(10); // past the old timeout
        got.push(k.now);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(1);
        k.wakeAll(q);
      })(),
      { name: 'b' },
    );
    expect(k.run().kind).toBe('ok');
    expect(got).toEqual([true, 11]);
  });

  it('a timed-out fiber returns false at its deadline', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    let got: unknown = null;
    k.spawn(
      (function* () {
        got = [yield* block(q, 7), k.now];
      })(),
    );
    expect(k.run().kind).toBe('ok');
    expect(got).toEqual([false, 7]);
    expect(q.length).toBe(0);
  });

  it('block with front=true takes the head of the queue', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    let order: string[] = [];
    k.spawn(
      (function* () {
        yield* block(q);
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        yield* block(q, null, true);
      })(),
      { name: 'b' },
    );
    k.spawn(
      (function* () {
        order = q.fibers.map((f) => f.name);
        k.wakeAll(q);
      })(),
      { name: 'c' },
    );
    expect(k.run().kind).toBe('ok');
    expect(order).toEqual(['b', 'a']);
  });

  it('WaitQueue.remove reports whether the fiber was there', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    const f = k.spawn(
      (function* () {
        yield* preempt();
      })(),
    );
    expect(q.remove(f)).toBe(false);
    q.push(f);
    expect(q.length).toBe(1);
    expect(q.fibers).toEqual([f]);
    expect(q.remove(f)).toBe(true);
    expect(q.length).toBe(0);
  });

  it('WaitQueue keeps FIFO order through push, unshift and removal from the middle', () => {
    const k = newKernel();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) =>
      k.spawn(
        (function* () {
          yield* preempt();
        })(),
        { name },
      ),
    ) as [Fiber, Fiber, Fiber, Fiber];
    const q = new WaitQueue('q');
    const other = new WaitQueue('other');
    q.push(b);
    q.push(c);
    q.unshift(a);
    q.push(d);
    expect(q.fibers.map((f) => f.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(() => other.push(c)).toThrow('c already waits on q');
    expect(other.remove(c)).toBe(false);
    expect(q.remove(c)).toBe(true);
    expect(q.remove(a)).toBe(true);
    expect(q.remove(d)).toBe(true);
    expect(q.first).toBe(b);
    expect(q.fibers).toEqual([b]);
    expect(b.wq).toBe(q);
    expect(c.wq).toBeNull();
    other.unshift(c);
    expect(other.first).toBe(c);
    expect(q.length + other.length).toBe(2);
  });
});
