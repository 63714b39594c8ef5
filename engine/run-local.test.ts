import { describe, expect, it } from 'vitest';
import { RunLocal } from './run-local.ts';
import { newKernel } from './testing.ts';

describe('RunLocal', () => {
  it('RunLocal: created on first use, once per kernel, separately in each kernel', () => {
    let made = 0;
    const key = new RunLocal((k) => ({ n: ++made, k }));
    const a = newKernel();
    const b = newKernel();
    expect(made).toBe(0);
    const sa = a.local(key);
    expect(a.local(key)).toBe(sa);
    expect(sa).toEqual({ n: 1, k: a });
    expect(b.local(key)).toEqual({ n: 2, k: b });
    expect(made).toBe(2);
  });
});
