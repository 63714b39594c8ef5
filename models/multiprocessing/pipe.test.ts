import { describe, expect, it } from 'vitest';
import { kernel } from '../../engine/index.ts';
import { PicklingError } from '../pickle.ts';
import { simulate } from '../simulate.ts';
import { describeError, raises, raisesNow } from '../testing.ts';
import { sleep } from '../time.ts';
import { type Connection, Pipe, wait } from './pipe.ts';
import { getpid, Process } from './process.ts';
import { setStartMethod } from './start-method.ts';

const opts = { strategy: 'fifo', cores: 4 } as const;

describe('Pipe', () => {
  it('carries deep copies between processes, both ways, in order', () => {
    const sim = simulate(function* () {
      const [parentEnd, childEnd] = Pipe();
      const sent = { items: [1, 2, 3] };
      function* child(conn: Connection) {
        const got = (yield* conn.recv()) as { items: number[] };
        got.items.push(getpid());
        yield* conn.send(got);
        yield* conn.send('second');
      }
      const p = new Process({ target: child, args: [childEnd] });
      p.start();
      yield* parentEnd.send(sent);
      const back = yield* parentEnd.recv();
      const second = yield* parentEnd.recv();
      yield* p.join();
      return [sent, back, second];
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([{ items: [1, 2, 3] }, { items: [1, 2, 3, 2] }, 'second']);
  });

  it('a message is readable ipcMessage ticks after it is sent; pickling and unpickling cost CPU on each side', () => {
    const sim = simulate(function* () {
      const [a, b] = Pipe();
      const k = kernel();
      yield* a.send('x'.repeat(10_000)); // 10,016 bytes: 51 µs to pickle at 5 ns/byte
      const sentAt = k.now;
      const early = yield* b.poll();
      const got = (yield* b.recv()) as string; // arrives 20 µs after the send, then 51 µs to unpickle
      return [sentAt, early, got.length, k.now];
    }, opts);
    expect(sim.result).toEqual([51, false, 10_000, 51 + 20 + 51]);
  });

  it('poll(timeout) waits for a message or gives up; poll() does not wait', () => {
    const sim = simulate(function* () {
      const [a, b] = Pipe();
      const p = new Process({
        target: function* (c: Connection) {
          yield* sleep(2);
          yield* c.send(1);
        },
        args: [a],
      });
      p.start();
      const k = kernel();
      const r = [yield* b.poll(), k.now, yield* b.poll(1), k.now, yield* b.poll(null), yield* b.recv()];
      yield* p.join();
      return r;
    }, opts);
    expect(sim.result).toEqual([false, 0, false, 1_000_000, true, 1]);
  });

  it('recv raises EOFError once the other end is closed and everything it sent has been read', () => {
    const sim = simulate(function* () {
      const [a, b] = Pipe();
      yield* a.send('last words');
      a.close();
      a.close(); // idempotent
      const got = yield* b.recv();
      const readable = yield* b.poll(); // the end of the stream is readable
      const eof = yield* raises(() => b.recv());
      return [got, readable, describeError(eof)];
    }, opts);
    expect(sim.result).toEqual(['last words', true, 'EOFError: ']);
  });

  it('a reader blocked in recv wakes with EOFError when the writer closes', () => {
    const sim = simulate(function* () {
      const [r, w] = Pipe(false);
      const p = new Process({
        target: function* (c: Connection) {
          yield* sleep(1);
          c.close();
        },
        args: [w],
      });
      p.start();
      const e = yield* raises(() => r.recv());
      return [describeError(e), kernel().now];
    }, opts);
    expect(sim.result).toEqual(['EOFError: ', 1_002_000]);
  });

  it("Python's errors: closed handles, one-way ends, a closed reader, what cannot be pickled", () => {
    const sim = simulate(function* () {
      const [r, w] = Pipe(false);
      const writeOnly = raisesNow(() => w.recv());
      const readOnly = raisesNow(() => r.send(1));
      const [lambda] = [(x: number) => x];
      const unpicklable = yield* raises(() => w.send({ f: lambda }));
      r.close();
      const closed = raisesNow(() => r.recv());
      const broken = yield* raises(() => w.send(1));
      return [writeOnly, readOnly, unpicklable instanceof PicklingError, closed, broken].map((e) =>
        typeof e === 'boolean' ? e : describeError(e),
      );
    }, opts);
    expect(sim.result).toEqual([
      'OSError: connection is write-only',
      'OSError: connection is read-only',
      true,
      'OSError: handle is closed',
      'BrokenPipeError: [Errno 32] Broken pipe',
    ]);
  });

  it('crosses to a spawned child by reference', () => {
    const sim = simulate(function* () {
      setStartMethod('spawn');
      const [a, b] = Pipe();
      function* child(c: Connection) {
        yield* c.send('hello from spawn');
      }
      const p = new Process({ target: child, args: [b] });
      p.start();
      const got = yield* a.recv();
      yield* p.join();
      return got;
    }, opts);
    expect(sim.result).toBe('hello from spawn');
  });

  it('wait() returns the ready connections and ended processes, or [] after the timeout', () => {
    const sim = simulate(function* () {
      const [a, b] = Pipe();
      const [c, d] = Pipe();
      const p = new Process({
        target: function* () {
          yield* sleep(3);
        },
      });
      p.start();
      const none = yield* wait([a, c, p.sentinel], 1);
      yield* d.send('x');
      const one = yield* wait([a, c, p.sentinel]);
      yield* c.recv();
      const ended = yield* wait([a, c, p.sentinel]);
      yield* b.send('y');
      yield* sleep(1);
      const both = yield* wait([a, p.sentinel]);
      return [none.length, one.map(String), ended.length, both.length, kernel().now];
    }, opts);
    expect(sim.result).toEqual([0, ['<multiprocessing.connection.Connection Pipe-2[0]>'], 1, 2, 4_002_001]);
  });
});
