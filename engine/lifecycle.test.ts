import { describe, expect, it } from 'vitest';
import type { Fiber } from './fiber.ts';
import { Kernel } from './kernel.ts';
import { makeStrategy } from './strategy.ts';
import { block, computeTicks, sleepTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

function newKernel(): Kernel {
  return new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }) });
}

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

  it('sets an owner later, and drops a finished fiber’s result on request', () => {
    const k = newKernel();
    const f = k.spawn(
      (function* () {
        yield* sleepTicks(0);
        return 42;
      })(),
    );
    k.setOwner(f, 'owner');
    k.dropResult(f); // not done yet: nothing to drop
    k.run();
    expect(f.owner).toBe('owner');
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
