import { describe, expect, it } from 'vitest';
import { decodeChoices, encodeChoices } from './choices.ts';
import { makeRng } from './rng.ts';

describe('encodeChoices', () => {
  it('writes runs of three or more as v*n, pairs and singles in full', () => {
    expect(encodeChoices([])).toBe('');
    expect(encodeChoices([3])).toBe('3');
    expect(encodeChoices([1, 1])).toBe('1,1');
    expect(encodeChoices([0, 0, 0])).toBe('0*3');
    expect(encodeChoices([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])).toBe('0*12,1,0*3');
    expect(encodeChoices([2, 1, 1, 2, 2, 2, 0])).toBe('2,1,1,2*3,0');
    expect(encodeChoices([10, 10, 10, 10])).toBe('10*4');
  });
});

describe('decodeChoices', () => {
  it('reads plain lists and v*n runs', () => {
    expect(decodeChoices('')).toEqual([]);
    expect(decodeChoices('   ')).toEqual([]);
    expect(decodeChoices('0*12,1,0*3')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(decodeChoices('3,1,4')).toEqual([3, 1, 4]);
    expect(decodeChoices('5*1')).toEqual([5]);
    expect(decodeChoices('5*2')).toEqual([5, 5]);
    expect(decodeChoices('5*0,1')).toEqual([1]);
  });

  it('tolerates whitespace around parts', () => {
    expect(decodeChoices(' 1 , 2*2 ,3 ')).toEqual([1, 2, 2, 3]);
  });

  it('round-trips any list of naturals', () => {
    const rng = makeRng(7, 'choices-test');
    for (let trial = 0; trial < 300; trial++) {
      const len = rng.int(60);
      const max = 1 + rng.int(4);
      const list: number[] = [];
      for (let i = 0; i < len; i++) list.push(rng.next() < 0.1 ? rng.int(1_000_000) : rng.int(max));
      const text = encodeChoices(list);
      expect(decodeChoices(text)).toEqual(list);
      // The encoding is canonical: encoding the decoded list gives the same text.
      expect(encodeChoices(decodeChoices(text))).toBe(text);
    }
  });

  it('the run-length form is much shorter for long runs', () => {
    const list = [...Array<number>(100_000).fill(0), 1, ...Array<number>(5).fill(2)];
    const text = encodeChoices(list);
    expect(text).toBe('0*100000,1,2*5');
    expect(decodeChoices(text)).toEqual(list);
  });

  it.each([['a'], ['1,,2'], ['1,'], [',1'], ['-1'], ['1.5'], ['1*'], ['*3'], ['1*2*3'], ['1 2'], ['0x10'], ['1;2']])(
    'rejects malformed input %j with a one-line error saying what is accepted',
    (text) => {
      let err: unknown = null;
      try {
        decodeChoices(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Error);
      const message = (err as Error).message;
      expect(message).toMatch(/^malformed choice '.*' in --choices: expected comma-separated non-negative integers/);
      expect(message).toContain('v*n');
      expect(message).not.toContain('\n');
    },
  );

  it('names the offending part', () => {
    expect(() => decodeChoices('0,1,x,2')).toThrow("malformed choice 'x' in --choices");
  });

  it('rejects values and repeat counts out of range', () => {
    expect(() => decodeChoices('99999999999999999999')).toThrow(
      "choice '99999999999999999999' in --choices is out of range",
    );
    expect(() => decodeChoices('1*100000001')).toThrow("choice '1*100000001' in --choices is out of range");
    expect(decodeChoices('9007199254740991')).toEqual([Number.MAX_SAFE_INTEGER]);
  });
});
