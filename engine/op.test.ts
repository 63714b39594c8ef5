import { describe, expect, it } from 'vitest';
import { NoKernelError } from './errors.ts';
import { TOKEN } from './kernel.ts';
import { block, computeTicks, preempt, sleepTicks } from './syscalls.ts';
import { expectException, newKernel } from './testing.ts';
import { WaitQueue } from './wait-queue.ts';

describe('Kernel: misuse is reported, not dropped', () => {
  it('a blocking op created without yield* and followed by another op names the call', () => {
    const k = newKernel();
    let after = false;
    k.spawn(
      (function* () {
        sleepTicks(5);
        yield* preempt();
        after = true;
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect(v.thread).toBe('u');
    expect(v.time).toBe(0);
    expect(v.error.name).toBe('UsageError');
    expect(v.error.message).toBe(
      'sleepTicks() was called without yield*, so it never ran: write `yield* sleepTicks()`',
    );
    expect(after).toBe(false);
  });

  it('a blocking op created without yield* before the generator returns is reported', () => {
    const k = newKernel();
    const q = new WaitQueue('q');
    k.spawn(
      (function* () {
        yield* sleepTicks(1);
        block(q);
        return 'returned';
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect([v.thread, v.time, v.error.name]).toEqual(['u', 1, 'UsageError']);
    expect(v.error.message).toContain('block() was called without yield*');
    expect(v.error.message).toContain('yield* block()');
    expect(q.length).toBe(0);
  });

  it('catching the error of the second op does not hide the first', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        computeTicks(5);
        try {
          yield* preempt();
        } catch {
          // swallowed
        }
        yield* sleepTicks(1);
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toContain('computeTicks() was called without yield*');
  });

  it('an op created without yield* before a plain yield of the token is reported', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        preempt();
        k.makeRunnable(k.current as NonNullable<typeof k.current>);
        yield TOKEN;
      })(),
      { name: 'u' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toContain('preempt() was called without yield*');
  });

  it('yielding a value directly is reported as misuse', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield 5;
      })(),
      { name: 'y' },
    );
    expect(k.run()).toMatchObject({
      kind: 'exception',
      thread: 'y',
      time: 0,
      error: {
        name: 'UsageError',
        message: 'thread yielded number to the kernel: blocking calls must use yield*, not yield',
      },
    });
  });

  it('yielding an object with a label names it', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield { label: 'Lock.acquire()' };
      })(),
      { name: 'y' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toBe(
      'thread yielded Lock.acquire() to the kernel: blocking calls must use yield*, not yield',
    );
  });

  it('yield op (instead of yield* op) is reported naming the call', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield sleepTicks(5);
      })(),
      { name: 'y' },
    );
    const v = expectException(k.run());
    expect(v.error.message).toContain('sleepTicks() was called without yield*');
  });

  it('syscalls outside a simulated thread fail with a clear error', () => {
    expect(() => sleepTicks(1)[Symbol.iterator]().next()).toThrow(NoKernelError);
    expect(() => sleepTicks(1)[Symbol.iterator]().next()).toThrow('sleep needs a running simulation');
    const k = newKernel();
    expect(() => k.within(() => preempt()[Symbol.iterator]().next())).toThrow(
      'preempt must be called from a simulated thread',
    );
  });
});

describe('undriven operations outside any fiber', () => {
  it('within reports an op created and not driven, instead of blaming the next fiber', () => {
    const k = newKernel();
    expect(() => k.within(() => sleepTicks(5))).toThrow(/sleepTicks\(\) was called without yield\*/);
    expect(k.undriven).toBeNull();
  });

  it('a scheduled callback that creates an op without driving it ends the run as an exception of the kernel', () => {
    const k = newKernel();
    k.spawn(
      (function* () {
        yield* sleepTicks(10);
      })(),
      { name: 'sleeper' },
    );
    k.schedule(5, () => {
      preempt();
    });
    const v = expectException(k.run());
    expect(v.thread).toBe('kernel');
    expect(v.error.message).toMatch(/preempt\(\) was called without yield\*/);
  });
});
