import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { TimeoutError } from '../errors.ts';
import { decode, encode } from '../net/bytes.ts';
import { network } from '../net/network.ts';
import { socket } from '../net/socket.ts';
import { simulate } from '../simulate.ts';
import { describeError, FREE_SOCKET_CALLS, go, raises } from '../testing.ts';
import { monotonic, sleep as timeSleep } from '../time.ts';
import {
  CancelledError,
  createTask,
  EventLoop,
  gather,
  getRunningLoop,
  IncompleteReadError,
  openConnection,
  printingExceptionHandler,
  run,
  type StreamReader,
  type StreamWriter,
  sleep,
  startServer,
  waitFor,
} from './index.ts';

const exact = {
  strategy: 'fifo',
  costs: {
    ...FREE_SOCKET_CALLS,
    pollNsPerFd: 0,
    loopCallback: 0,
    loopbackLatency: 0,
    loopbackBandwidth: 0,
  },
} as const;

describe('event loop, tasks and futures', () => {
  it('run() returns the coroutine’s value; gather runs awaitables concurrently, results in order', () => {
    const sim = simulate(function* () {
      return yield* run(
        (function* () {
          const t0 = monotonic();
          const r = yield* gather(
            sleep(2, 'slow'),
            sleep(1, 'fast'),
            (function* () {
              yield* sleep(0.5);
              return 42;
            })(),
          );
          return [t0, r, monotonic()];
        })(),
      );
    }, exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([0, ['slow', 'fast', 42], 2]);
  });

  it('tasks interleave at awaits; a bare yield gives the loop one turn', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      yield* run(
        (function* () {
          const worker = (name: string) =>
            (function* () {
              for (let i = 0; i < 2; i++) {
                log.push(`${name}${i}`);
                yield null;
              }
            })();
          const a = createTask(worker('a'));
          const b = createTask(worker('b'), { name: 'bee' });
          log.push(`names ${a.getName()} ${b.getName()}`);
          yield* a;
          yield* b;
        })(),
      );
      return log;
    }, exact);
    expect(sim.result).toEqual(['names Task-2 bee', 'a0', 'b0', 'a1', 'b1']);
  });

  it('asyncio.sleep wakes when epoll’s timeout, rounded up to a millisecond, expires', () => {
    const sim = simulate(function* () {
      return yield* run(
        (function* () {
          yield* sleep(0.0015);
          return [monotonic(), getRunningLoop().time()];
        })(),
      );
    }, exact);
    expect(sim.result).toEqual([0.002, 0.002]);
  });

  it('gather fails with the first exception, or returns exceptions as results', () => {
    const sim = simulate(function* () {
      return yield* run(
        (function* () {
          const boom = function* (): Blocking<never> {
            yield* sleep(0.1);
            throw new Error('boom');
          };
          const e = yield* raises(() => gather(sleep(1), boom()));
          const at = monotonic();
          const all = yield* gather(boom(), sleep(0.2, 'ok'), { returnExceptions: true });
          return [describeError(e), at, all.map((x) => (x instanceof Error ? x.message : x))];
        })(),
      );
    }, exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['Error: boom', 0.1, ['boom', 'ok']]);
  });

  it('wait_for cancels the awaitable and raises TimeoutError; cancel throws CancelledError inside', () => {
    const sim = simulate(function* () {
      return yield* run(
        (function* () {
          let inner = '';
          const slow = function* () {
            try {
              yield* sleep(10);
            } catch (e) {
              inner = describeError(e);
              throw e;
            }
          };
          const e = yield* raises(() => waitFor(slow(), 0.5));
          return [e instanceof TimeoutError, monotonic(), inner];
        })(),
      );
    }, exact);
    expect(sim.result).toEqual([true, 0.5, 'CancelledError: ']);
  });

  it('a blocking call inside a coroutine stalls every task of the loop, as in Python', () => {
    const sim = simulate(function* () {
      const log: string[] = [];
      yield* run(
        (function* () {
          const polite = createTask(
            (function* () {
              yield* sleep(0.5);
              log.push(`polite woke @${monotonic()}`);
            })(),
          );
          yield null;
          yield* timeSleep(1); // time.sleep, not asyncio.sleep
          log.push(`blocker done @${monotonic()}`);
          yield* polite;
        })(),
      );
      return log;
    }, exact);
    expect(sim.result).toEqual(['blocker done @1', 'polite woke @1']);
  });

  it('asyncio.run cancels the tasks left when main returns', () => {
    const sim = simulate(function* () {
      let seen = '';
      yield* run(
        (function* () {
          createTask(
            (function* () {
              try {
                yield* sleep(100);
              } catch (e) {
                seen = e instanceof CancelledError ? 'cancelled' : 'other';
                throw e;
              }
            })(),
          );
          yield* sleep(1);
        })(),
      );
      return [seen, monotonic()];
    }, exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['cancelled', 1]);
  });

  it('a task exception nobody retrieves ends the run by default, when the loop closes', () => {
    const sim = simulate(function* () {
      yield* run(
        (function* () {
          createTask(
            // biome-ignore lint/correctness/useYield: a coroutine that fails at its first step
            (function* () {
              throw new Error('lost');
            })(),
          );
          yield* sleep(1);
        })(),
      );
    }, exact);
    expect(sim.verdict).toMatchObject({ kind: 'exception', thread: 'MainThread', error: { message: 'lost' } });
  });

  it('each callback costs loopCallback CPU ticks', () => {
    const sim = simulate(
      function* () {
        yield* run(
          (function* () {
            for (let i = 0; i < 10; i++) yield null;
          })(),
        );
        return monotonic();
      },
      { ...exact, costs: { ...exact.costs, loopCallback: 3 } },
    );
    // 11 steps of the main task, one callback stopping the loop (its done-callback).
    expect(sim.result).toBe(0.000036);
  });

  it('rejects misuse with asyncio’s errors', () => {
    const sim = simulate(function* () {
      const notCoro = describeError(raises(() => [run(42 as never)]).next().value);
      const loop = new EventLoop();
      loop.close();
      return [
        notCoro,
        describeError(
          (() => {
            try {
              loop.callSoon(() => {});
            } catch (e) {
              return e;
            }
          })(),
        ),
        describeError(
          (() => {
            try {
              getRunningLoop();
            } catch (e) {
              return e;
            }
          })(),
        ),
      ];
    }, exact);
    expect(sim.result).toEqual([
      'ValueError: a coroutine was expected, got 42',
      'RuntimeError: Event loop is closed',
      'RuntimeError: no running event loop',
    ]);
  });
});

/** An echo handler that upper-cases each line after `delay` seconds. */
function upperEcho(delay: number) {
  return function* (reader: StreamReader, writer: StreamWriter): Blocking {
    for (;;) {
      const line = yield* reader.readline();
      if (line.length === 0) break;
      yield* sleep(delay);
      writer.write(encode(decode(line).toUpperCase()));
      yield* writer.drain();
    }
    writer.close();
    yield* writer.waitClosed();
  };
}

describe('streams', () => {
  it('serves several clients concurrently on one thread', () => {
    const sim = simulate(function* () {
      network().link('10.0.0.1', '10.0.0.1', { latency: 0.001 });
      return yield* run(
        (function* () {
          const server = yield* startServer(upperEcho(1), '127.0.0.1', 8888);
          const client = function* (i: number): Blocking<string> {
            const [r, w] = yield* openConnection('127.0.0.1', 8888);
            const out: string[] = [];
            for (let n = 0; n < 2; n++) {
              w.write(encode(`client ${i} says hello ${n}\n`));
              yield* w.drain();
              out.push(decode(yield* r.readline()).trim());
            }
            w.close();
            yield* w.waitClosed();
            return `${out.join(' / ')} @${monotonic()}`;
          };
          const results = yield* gather(...[0, 1, 2, 3, 4].map(client));
          server.close();
          yield* server.waitClosed();
          return results;
        })(),
      );
    }, exact);
    expect(sim.verdict.kind).toBe('ok');
    // Connect: 2 ms; each line: 1 ms there, 1 s in the handler, 1 ms back; all five together.
    expect(sim.result).toEqual(
      [0, 1, 2, 3, 4].map((i) => `CLIENT ${i} SAYS HELLO 0 / CLIENT ${i} SAYS HELLO 1 @2.006`),
    );
  });

  it('an asyncio server answers blocking clients in threads, every byte to its own client', () => {
    const sim = simulate(function* () {
      const results: string[] = [];
      const server = go(function* () {
        yield* run(
          (function* () {
            const srv = yield* startServer(upperEcho(0.01), null, 9000);
            yield* sleep(5);
            srv.close();
          })(),
        );
      }, 'asyncio');
      yield* timeSleep(0.001);
      const clients = [0, 1, 2].map((i) =>
        go(function* () {
          const s = new socket();
          yield* s.connect(['127.0.0.1', 9000]);
          let got = '';
          for (let n = 0; n < 3; n++) {
            yield* s.sendall(encode(`t${i} m${n}\n`));
            while (!got.endsWith('\n')) got += decode(yield* s.recv(100));
            results.push(`${got.trim()}`);
            got = '';
          }
          yield* s.close();
        }),
      );
      for (const c of clients) yield* c.join();
      yield* server.join();
      return results.sort();
    }, exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual(['T0 M0', 'T0 M1', 'T0 M2', 'T1 M0', 'T1 M1', 'T1 M2', 'T2 M0', 'T2 M1', 'T2 M2']);
  });

  it('readexactly raises IncompleteReadError at EOF; readline returns the partial line; read() reads to EOF', () => {
    const sim = simulate(function* () {
      return yield* run(
        (function* () {
          const server = yield* startServer(
            function* (_r, w) {
              w.write(encode('line one\nrest without newline'));
              yield* w.drain();
              w.close();
            },
            '127.0.0.1',
            8888,
          );
          const [r1, w1] = yield* openConnection('127.0.0.1', 8888);
          const first = decode(yield* r1.readline());
          const e = yield* raises(() => r1.readexactly(100));
          const partial = e instanceof IncompleteReadError ? [decode(e.partial), e.expected, e.message] : e;
          w1.close();
          const [r2, w2] = yield* openConnection('127.0.0.1', 8888);
          const all = decode(yield* r2.read());
          const [r3, w3] = yield* openConnection('127.0.0.1', 8888);
          yield* r3.readline();
          const tail = decode(yield* r3.readline());
          const eof = (yield* r3.readline()).length;
          for (const w of [w2, w3]) w.close();
          server.close();
          return [first, partial, all, tail, eof, r3.atEof()];
        })(),
      );
    }, exact);
    expect(sim.result).toEqual([
      'line one\n',
      ['rest without newline', 100, '20 bytes read on a total of 100 expected bytes'],
      'line one\nrest without newline',
      'rest without newline',
      0,
      true,
    ]);
  });

  it('open_connection to a closed port raises ConnectionRefusedError', () => {
    const sim = simulate(function* () {
      return yield* run(
        (function* () {
          return describeError(yield* raises(() => openConnection('127.0.0.1', 1)));
        })(),
      );
    }, exact);
    expect(sim.result).toBe("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 1)");
  });

  it('drain applies back-pressure: a fast writer waits for a slow reader, and nothing is lost', () => {
    const sim = simulate(function* () {
      network().configure({ sendBuffer: 4096, recvBuffer: 4096 });
      return yield* run(
        (function* () {
          let received = 0;
          let maxBuffered = 0;
          const server = yield* startServer(
            function* (r, w) {
              for (;;) {
                const d = yield* r.read(1024);
                if (d.length === 0) break;
                received += d.length;
                yield* sleep(0.01);
              }
              w.close();
            },
            '127.0.0.1',
            8888,
          );
          const [, w] = yield* openConnection('127.0.0.1', 8888);
          const transport = w.transport;
          for (let i = 0; i < 100; i++) {
            w.write(new Uint8Array(10_000));
            maxBuffered = Math.max(maxBuffered, transport.getWriteBufferSize());
            yield* w.drain();
          }
          w.close();
          yield* w.waitClosed();
          yield* sleep(10);
          server.close();
          return [received, maxBuffered <= 65_536 + 10_000];
        })(),
      );
    }, exact);
    expect(sim.result).toEqual([1_000_000, true]);
  });

  it('a failing client_connected_cb ends the run by default; with the printing handler the client reads EOF', () => {
    const failing = function* (): Blocking {
      yield* sleep(0.1);
      throw new Error('handler bug');
    };
    for (const printing of [false, true]) {
      const sim = simulate(function* () {
        return yield* run(
          (function* () {
            if (printing) getRunningLoop().setExceptionHandler(printingExceptionHandler);
            const server = yield* startServer(failing, '127.0.0.1', 8888);
            const [r] = yield* openConnection('127.0.0.1', 8888);
            const eof = (yield* r.read(10)).length;
            server.close();
            return eof;
          })(),
        );
      }, exact);
      if (printing) expect(sim.result).toBe(0);
      else expect(sim.verdict).toMatchObject({ kind: 'exception', error: { message: 'handler bug' } });
    }
  });
});
