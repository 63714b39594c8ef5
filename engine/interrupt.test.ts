import { describe, expect, it } from 'vitest';
import { Baton } from './baton.ts';
import { UsageError } from './errors.ts';
import type { Fiber } from './fiber.ts';
import { Kernel } from './kernel.ts';
import { makeStrategy } from './strategy.ts';
import { block, cede, computeTicks, cooperatively, sleepTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

function newKernel(): Kernel {
  return new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }) });
}

class Boom extends Error {
  override name = 'Boom';
}

/** A body that records where the injected error surfaced, and when. */
function catcher(k: Kernel, log: string[], name: string, wait: () => Iterable<unknown>) {
  return (function* () {
    try {
      yield* wait();
      log.push(`${name} returned at ${k.now}`);
    } catch (e) {
      log.push(`${name} caught ${(e as Error).message} at ${k.now}`);
    }
  })();
}

describe('Kernel.interrupt', () => {
  it('throws into a blocked fiber at once, taking it off its wait queue and cancelling its timeout', () => {
    const k = newKernel();
    const log: string[] = [];
    const wq = new WaitQueue('wq');
    const victim = k.spawn(
      catcher(k, log, 'victim', () => block(wq, 1000)),
      { name: 'victim' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
        log.push(`interrupt ${k.interrupt(victim, new Boom('boom'))}, waiters ${wq.length}`);
        // A second interrupt while the first is pending changes nothing.
        log.push(`again ${k.interrupt(victim, new Boom('other'))}`);
      })(),
      { name: 'killer' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['interrupt true, waiters 0', 'again false', 'victim caught boom at 10']);
    expect(k.now).toBe(10); // the cancelled timeout neither fired nor moved the clock
    expect(k.interrupt(victim, new Boom('late'))).toBe(false); // finished: nothing to do
  });

  it('throws into a sleeping fiber, cancelling its timer', () => {
    const k = newKernel();
    const log: string[] = [];
    const victim = k.spawn(
      catcher(k, log, 'victim', () => sleepTicks(500)),
      { name: 'victim' },
    );
    k.schedule(20, () => k.interrupt(victim, new Boom('wake up')));
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['victim caught wake up at 20']);
    expect(k.now).toBe(20);
  });

  it('lets a computing fiber finish its CPU work first', () => {
    const k = newKernel();
    const log: string[] = [];
    const victim = k.spawn(
      catcher(k, log, 'victim', () => computeTicks(100)),
      { name: 'victim' },
    );
    k.schedule(30, () => log.push(`pending ${k.interrupt(victim, new Boom('late'))} at ${k.now}`));
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['pending true at 30', 'victim caught late at 100']);
  });

  it('an uncaught interrupt ends the run with an exception verdict naming the fiber', () => {
    const k = newKernel();
    const victim = k.spawn(
      (function* () {
        yield* sleepTicks(50);
      })(),
      { name: 'victim' },
    );
    k.schedule(5, () => k.interrupt(victim, new Boom('unhandled')));
    const v = k.run();
    expect(v).toMatchObject({ kind: 'exception', thread: 'victim', time: 5 });
    expect(v.kind === 'exception' && v.error.message).toBe('unhandled');
  });

  it('an interrupted cooperative greenlet queues for its baton and throws only when handed it', () => {
    const k = newKernel();
    const hub = new Baton('hub');
    const log: string[] = [];
    const wq = new WaitQueue('never');
    let victim: Fiber | null = null;
    victim = k.spawn(
      catcher(k, log, 'victim', () => block(wq)),
      { name: 'victim', baton: hub },
    );
    k.spawn(
      (function* () {
        k.interrupt(victim as Fiber, new Boom('boom'));
        log.push('holder goes on');
        yield* computeTicks(10); // keeps the baton: the victim cannot run yet
        log.push(`holder done at ${k.now}`);
      })(),
      { name: 'holder', baton: hub },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['holder goes on', 'holder done at 10', 'victim caught boom at 10']);
  });
});

describe('Kernel.interrupt with batons', () => {
  it('puts an interrupted greenlet at the head of its baton queue, as greenlet.throw switches to it at once', () => {
    const k = newKernel();
    const hub = new Baton('hub');
    const log: string[] = [];
    const wq = new WaitQueue('wq');
    const x = k.spawn(
      catcher(k, log, 'x', () => block(wq)),
      { name: 'x', baton: hub },
    );
    const y = k.spawn(
      catcher(k, log, 'y', () => block(wq)),
      { name: 'y', baton: hub },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(1); // x and y block
        yield* computeTicks(1); // now hold the baton while waking them
        k.wake(x);
        k.wake(y);
        k.interrupt(y, new Boom('thrown'));
      })(),
      { name: 'holder', baton: hub, cooperative: false },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['y caught thrown at 2', 'x returned at 2']);
  });
});

describe('Kernel.joinBaton and cooperatively', () => {
  it('a running fiber that joins a baton holds it; cooperatively() gives it up where the fiber would keep it', () => {
    const k = newKernel();
    const hub = new Baton('hub');
    const log: string[] = [];
    k.spawn(
      (function* () {
        const me = k.current as Fiber;
        k.joinBaton(me, hub, false);
        log.push(`holder ${hub.holder === me}`);
        k.spawn(
          (function* () {
            log.push(`greenlet ran at ${k.now}`);
            yield* cede();
          })(),
          { name: 'greenlet', baton: hub },
        );
        yield* sleepTicks(10); // uncooperative: the greenlet waits
        log.push(`main woke at ${k.now}`);
        yield* cooperatively(() => sleepTicks(10)); // gives the baton up
        log.push(`main woke at ${k.now}`);
        yield* cede();
      })(),
      { name: 'main' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['holder true', 'main woke at 10', 'greenlet ran at 10', 'main woke at 20']);
  });

  it('refuses a fiber that already has a baton, and a running fiber when the baton is held', () => {
    const k = newKernel();
    const hub = new Baton('hub');
    const errors: string[] = [];
    k.spawn(
      (function* () {
        k.joinBaton(k.current as Fiber, hub, false);
        try {
          k.joinBaton(k.current as Fiber, new Baton('other'), true);
        } catch (e) {
          errors.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
        yield* sleepTicks(5); // keeps the baton
      })(),
      { name: 'a' },
    );
    k.spawn(
      (function* () {
        try {
          k.joinBaton(k.current as Fiber, hub, true);
        } catch (e) {
          errors.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
        yield* sleepTicks(1);
      })(),
      { name: 'b' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(errors).toEqual(['UsageError: a already belongs to hub', 'UsageError: b cannot join hub: a holds it']);
  });
});

describe('Kernel.kill', () => {
  it('ends a blocked fiber where it stands (no finally) and refuses the running fiber', () => {
    const k = newKernel();
    const log: string[] = [];
    const victim = k.spawn(
      (function* () {
        try {
          yield* block(new WaitQueue('never'));
        } finally {
          log.push('finally ran');
        }
      })(),
      { name: 'victim' },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(1);
        k.kill(victim);
        try {
          k.kill(k.current as Fiber);
        } catch (e) {
          log.push(String(e instanceof UsageError && e.message));
        }
      })(),
      { name: 'killer' },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(log).toEqual(['cannot kill killer while it runs']);
    expect(victim.state).toBe('done');
  });
});
