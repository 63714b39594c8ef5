import { describe, expect, it } from 'vitest';
import { GeneratorExit, RuntimeError, StopIteration, ValueError } from '../errors.ts';
import { describeError, raisesNow } from '../testing.ts';
import { Coroutine, coroutine, getGeneratorState } from './coroutine.ts';

/** What `send`/`next`/`throw` returned or raised, in one line: `-> 1`, `StopIteration(5)`. */
function outcome(f: () => unknown): string {
  try {
    return `-> ${JSON.stringify(f())}`;
  } catch (e) {
    if (e instanceof StopIteration) return `StopIteration(${JSON.stringify(e.value)})`;
    return describeError(e);
  }
}

function* echo(log: string[]): Generator<number, string, number | undefined> {
  try {
    log.push('started');
    let got = yield 1;
    log.push(`got ${got}`);
    got = yield 2;
    log.push(`got ${got}`);
    return 'done';
  } finally {
    log.push('finally');
  }
}

describe('Coroutine: send', () => {
  it('[GEN-1] a first send of a non-None value is a TypeError; nothing runs and the coroutine stays usable', () => {
    const log: string[] = [];
    const c = new Coroutine(echo(log));
    expect(outcome(() => c.send(5))).toBe("TypeError: can't send non-None value to a just-started generator");
    expect(log).toEqual([]);
    expect(c.state).toBe('GEN_CREATED');
    expect(outcome(() => c.next())).toBe('-> 1');
    expect(log).toEqual(['started']);
  });

  it('[GEN-1, GEN-2] a first send(None) (undefined or null) starts it like next()', () => {
    for (const none of [undefined, null]) {
      const c = new Coroutine(echo([]));
      expect(outcome(() => c.send(none as unknown as undefined))).toBe('-> 1');
    }
  });

  it('[GEN-2] the value of a yield is the value sent; for next() it is None', () => {
    const log: string[] = [];
    const c = new Coroutine(echo(log));
    c.next();
    expect(outcome(() => c.send(7))).toBe('-> 2');
    expect(outcome(() => c.next())).toBe('StopIteration("done")');
    expect(log).toEqual(['started', 'got 7', 'got undefined', 'finally']);
  });

  it('[GEN-3] return v travels in StopIteration.value; afterwards every send raises StopIteration(None), with no TypeError', () => {
    const c = new Coroutine(echo([]));
    c.next();
    c.send(1);
    expect(outcome(() => c.send(2))).toBe('StopIteration("done")');
    expect(c.state).toBe('GEN_CLOSED');
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
    expect(outcome(() => c.send(99))).toBe('StopIteration(null)');
    const e = raisesNow(() => c.next());
    expect(e).toBeInstanceOf(StopIteration);
    expect(e).toBeInstanceOf(Error);
  });

  it('[GEN-3] a coroutine that returns nothing stops with value None', () => {
    const c = new Coroutine(
      (function* () {
        yield 1;
      })(),
    );
    c.next();
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
  });

  it('[GEN-15] send() with no argument is a TypeError', () => {
    const c = new Coroutine(echo([]));
    const send = c.send.bind(c) as unknown as () => number;
    expect(outcome(() => send())).toBe('TypeError: generator.send() takes exactly one argument (0 given)');
  });
});

describe('Coroutine: throw', () => {
  it('[GEN-4] throw() into a just-started coroutine raises at once: no body code, no finally; it is closed', () => {
    const log: string[] = [];
    const c = new Coroutine(echo(log));
    expect(outcome(() => c.throw(new ValueError('early')))).toBe('ValueError: early');
    expect(log).toEqual([]);
    expect(c.state).toBe('GEN_CLOSED');
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
  });

  it('[GEN-5] a caught throw() returns the next yielded value', () => {
    const c = new Coroutine(
      (function* () {
        for (;;) {
          try {
            yield 'waiting';
          } catch (e) {
            yield `caught ${describeError(e)}`;
          }
        }
      })(),
    );
    c.next();
    expect(outcome(() => c.throw(new ValueError('x')))).toBe('-> "caught ValueError: x"');
    expect(c.state).toBe('GEN_SUSPENDED');
  });

  it('[GEN-6] an uncaught throw() propagates after finally and closes it; throw() on a closed one just raises', () => {
    const log: string[] = [];
    const c = new Coroutine(echo(log));
    c.next();
    expect(outcome(() => c.throw(new ValueError('boom')))).toBe('ValueError: boom');
    expect(log).toEqual(['started', 'finally']);
    expect(c.state).toBe('GEN_CLOSED');
    expect(outcome(() => c.throw(new RuntimeError('again')))).toBe('RuntimeError: again');
  });

  it('[GEN-15] throw(42) is a TypeError; throw(Class) instantiates the class', () => {
    const c = new Coroutine(echo([]));
    c.next();
    expect(outcome(() => c.throw(42 as unknown as Error))).toBe(
      'TypeError: exceptions must be classes or instances deriving from BaseException, not int',
    );
    expect(c.state).toBe('GEN_SUSPENDED');
    const e = raisesNow(() => c.throw(ValueError));
    expect(e).toBeInstanceOf(ValueError);
  });

  it('[GEN-15] an explicit throw(GeneratorExit) answered by a yield returns the yielded value', () => {
    const c = new Coroutine(
      (function* () {
        try {
          yield 1;
        } catch {
          yield 'ignored it';
        }
      })(),
    );
    c.next();
    expect(outcome(() => c.throw(GeneratorExit))).toBe('-> "ignored it"');
  });
});

describe('Coroutine: close', () => {
  it('[GEN-7] close() raises GeneratorExit at the yield, where except sees it; finally runs; returns None; a second close is a no-op', () => {
    const log: string[] = [];
    const c = new Coroutine(
      (function* () {
        try {
          yield 1;
        } catch (e) {
          log.push(`caught ${(e as Error).name}`);
          throw e;
        } finally {
          log.push('finally');
        }
      })(),
    );
    c.next();
    expect(c.close()).toBeUndefined();
    expect(log).toEqual(['caught GeneratorExit', 'finally']);
    expect(c.state).toBe('GEN_CLOSED');
    c.close();
    expect(log).toHaveLength(2);
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
  });

  it('[GEN-8] yielding after GeneratorExit makes close() raise RuntimeError', () => {
    const c = new Coroutine(
      (function* () {
        try {
          yield 1;
        } catch {
          yield 2;
        }
      })(),
    );
    c.next();
    expect(outcome(() => c.close())).toBe('RuntimeError: generator ignored GeneratorExit');
    expect(c.state).toBe('GEN_SUSPENDED');
  });

  it('[GEN-9] catching GeneratorExit and returning a value: close() returns None (3.11); another exception propagates', () => {
    const returns = new Coroutine(
      (function* () {
        try {
          yield 1;
        } catch {
          return 'value';
        }
      })(),
    );
    returns.next();
    expect(returns.close()).toBeUndefined();
    expect(returns.state).toBe('GEN_CLOSED');

    const raises = new Coroutine(
      (function* () {
        try {
          yield 1;
        } catch {
          throw new ValueError('in close');
        }
      })(),
    );
    raises.next();
    expect(outcome(() => raises.close())).toBe('ValueError: in close');
    expect(raises.state).toBe('GEN_CLOSED');
  });

  it('[GEN-10] close() on a never-started coroutine runs nothing, not even finally', () => {
    const log: string[] = [];
    const c = new Coroutine(echo(log));
    c.close();
    expect(log).toEqual([]);
    expect(c.state).toBe('GEN_CLOSED');
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
  });
});

describe('Coroutine: protocol errors and states', () => {
  it('[GEN-11] a StopIteration raised in the body becomes RuntimeError (PEP 479)', () => {
    const c = new Coroutine(
      (function* () {
        yield 1;
        throw new StopIteration();
      })(),
    );
    c.next();
    const e = raisesNow(() => c.next());
    expect(describeError(e)).toBe('RuntimeError: generator raised StopIteration');
    expect((e as Error).cause).toBeInstanceOf(StopIteration);
  });

  it('[GEN-12, GEN-13] a re-entrant next() is ValueError; the state goes CREATED, RUNNING, SUSPENDED, CLOSED', () => {
    const states: string[] = [];
    let self: Coroutine<number> | null = null;
    const c: Coroutine<number> = new Coroutine(
      (function* () {
        states.push(getGeneratorState(self as unknown as Coroutine<number>));
        states.push(outcome(() => (self as unknown as Coroutine<number>).next()));
        yield 1;
      })(),
    );
    self = c;
    states.push(c.state);
    c.next();
    states.push(c.state);
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
    states.push(c.state);
    expect(states).toEqual([
      'GEN_CREATED',
      'GEN_RUNNING',
      'ValueError: generator already executing',
      'GEN_SUSPENDED',
      'GEN_CLOSED',
    ]);
  });

  it('[GEN-14] yield* delegates: send and throw reach the inner generator, its return is the value, close runs inner finally first', () => {
    const log: string[] = [];
    function* inner(): Generator<string, number, unknown> {
      try {
        const a = yield 'inner 1';
        log.push(`inner got ${a}`);
        try {
          yield 'inner 2';
        } catch (e) {
          log.push(`inner caught ${describeError(e)}`);
        }
        yield 'inner 3';
        return 42;
      } finally {
        log.push('inner finally');
      }
    }
    function* outer(): Generator<string, void, unknown> {
      try {
        const r = yield* inner();
        log.push(`inner returned ${r}`);
        yield 'outer';
      } finally {
        log.push('outer finally');
      }
    }
    const c = new Coroutine(outer());
    expect(c.next()).toBe('inner 1');
    expect(c.send('x')).toBe('inner 2');
    expect(c.throw(new ValueError('v'))).toBe('inner 3');
    expect(c.next()).toBe('outer');
    expect(log).toEqual(['inner got x', 'inner caught ValueError: v', 'inner finally', 'inner returned 42']);

    const log2: string[] = [];
    log.length = 0;
    const d = new Coroutine(outer());
    d.next();
    d.close();
    log2.push(...log);
    expect(log2).toEqual(['inner finally', 'outer finally']);
  });

  it('[GEN-16] an exception escaping the body finishes it: the next next() raises StopIteration', () => {
    const c = new Coroutine(
      (function* () {
        yield 1;
        throw new ValueError('bad');
      })(),
    );
    c.next();
    expect(outcome(() => c.next())).toBe('ValueError: bad');
    expect(outcome(() => c.next())).toBe('StopIteration(null)');
  });

  it('iterates like a Python generator', () => {
    const c = new Coroutine(
      (function* () {
        yield 'a';
        yield 'b';
        return 'ignored';
      })(),
    );
    expect([...c]).toEqual(['a', 'b']);
  });
});

describe('coroutine()', () => {
  it('creates the coroutine and advances it to its first yield, ready for send', () => {
    const grep = coroutine(function* (
      pattern: string,
      found: string[],
    ): Generator<undefined, never, string | undefined> {
      for (;;) {
        const line = yield;
        if (line?.includes(pattern)) found.push(line);
      }
    });
    const found: string[] = [];
    const g = grep('python', found);
    expect(g.state).toBe('GEN_SUSPENDED');
    g.send('yeah, but no, but yeah');
    g.send('python generators rock!');
    g.close();
    expect(found).toEqual(['python generators rock!']);
    expect(g.state).toBe('GEN_CLOSED');
  });

  it('lets a StopIteration from a coroutine that ends before its first yield propagate', () => {
    const early = coroutine(function* (skip: boolean) {
      if (skip) yield 'never';
      return 'no yield';
    });
    const e = raisesNow(() => early(false));
    expect(e).toBeInstanceOf(StopIteration);
    expect((e as StopIteration).value).toBe('no yield');
  });
});
