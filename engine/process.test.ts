import { describe, expect, it } from 'vitest';
import { Kernel } from './kernel.ts';
import { makeStrategy } from './strategy.ts';
import { block, computeTicks, exitProcess, sleepTicks } from './syscalls.ts';
import { WaitQueue } from './wait-queue.ts';

const fifo = () => new Kernel({ strategy: makeStrategy({ strategy: 'fifo', seed: 0 }) });

describe('process lifecycle', () => {
  it('exitProcess kills every fiber of the process where it stands, frees its core and wakes joiners', () => {
    const k = fifo();
    const child = k.newProcess('child', true);
    const log: string[] = [];
    const wq = new WaitQueue('never');
    k.spawn(
      (function* () {
        try {
          yield* computeTicks(1_000_000);
        } finally {
          log.push('finally ran'); // must not: a killed process runs no cleanup
        }
      })(),
      { name: 'busy', process: child },
    );
    k.spawn(
      (function* () {
        yield* block(wq);
      })(),
      { name: 'blocked', process: child },
    );
    k.spawn(
      (function* () {
        yield* sleepTicks(100);
        k.exitProcess(child, -15);
      })(),
      { name: 'killer' },
    );
    k.spawn(
      (function* () {
        yield* block(child.exited);
        log.push(`joined at ${k.now}`);
      })(),
      { name: 'joiner' },
    );
    const other = k.newProcess('other', true);
    k.spawn(
      (function* () {
        yield* sleepTicks(50);
        yield* computeTicks(10); // waits for no core: one of the 2 is free
        yield* computeTicks(10);
        log.push(`other done at ${k.now}`);
      })(),
      { name: 'other', process: other },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(child.exitcode).toBe(-15);
    expect(child.alive).toBe(false);
    expect(child.live).toBe(0);
    expect(log).toEqual(['other done at 70', 'joined at 100']);
    expect(k.cpu.busyTicks).toBe(100 + 20);
  });

  it('a fiber can end its own process (os._exit); the run goes on', () => {
    const k = fifo();
    const child = k.newProcess('child', true);
    let after = false;
    k.spawn(
      (function* () {
        yield* sleepTicks(5);
        yield* exitProcess(3);
        after = true;
      })(),
      { name: 'worker', process: child },
    );
    const seen: number[] = [];
    child.onExit.push((p) => seen.push(p.exitcode as number, k.now));
    expect(k.run()).toEqual({ kind: 'ok' });
    expect(after).toBe(false);
    expect(seen).toEqual([3, 5]);
  });

  it("a daemonic process's fibers do not keep the run alive", () => {
    const k = fifo();
    const d = k.newProcess('worker', true, { daemon: true });
    k.spawn(
      (function* () {
        yield* block(new WaitQueue('forever'));
      })(),
      { name: 'w', process: d },
    );
    expect(k.run()).toEqual({ kind: 'ok' });
  });

  it('refuses to start a thread in an exited process', () => {
    const k = fifo();
    const p = k.newProcess('gone', true);
    k.exitProcess(p, 0);
    expect(() => k.spawn((function* () {})(), { process: p })).toThrow(/gone: the process has exited/);
  });
});
