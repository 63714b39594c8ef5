import { describe, expect, it } from 'vitest';
import { preempt } from './syscalls.ts';
import { newKernel, type Opts } from './testing.ts';

describe('recorded choices', () => {
  it('grow past their initial capacity, and replaying them gives the same run', () => {
    const run = (o: Opts) => {
      const k = newKernel(o);
      const order: number[] = [];
      for (let i = 0; i < 40; i++) {
        k.spawn(
          (function* () {
            for (let j = 0; j < 10; j++) {
              order.push(i);
              yield* preempt();
            }
          })(),
        );
      }
      expect(k.run().kind).toBe('ok');
      return { order, choices: k.choices, decisions: k.decisions };
    };
    const a = run({ strategy: 'random', seed: 9 });
    expect(a.decisions).toBeGreaterThan(300);
    expect(a.choices.length).toBe(a.decisions);
    expect(Array.isArray(a.choices)).toBe(true);
    const b = run({ strategy: 'replay', choices: [...a.choices] });
    expect(b.order).toEqual(a.order);
    expect(b.choices).toEqual(a.choices);
  });
});
