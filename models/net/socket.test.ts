import { describe, expect, it } from 'vitest';
import {
  Baton,
  type Blocking,
  CALIBRATED_COSTS,
  type CostModel,
  DEFAULT_COSTS,
  kernel,
  type Op,
} from '../../engine/index.ts';
import { simulate } from '../simulate.ts';
import { describeError, FREE_SOCKET_CALLS, go, raises, raisesNow } from '../testing.ts';
import { Thread } from '../threading/thread.ts';
import { compute, monotonic, sleep } from '../time.ts';
import { decode, encode } from './bytes.ts';
import { network } from './network.ts';
import {
  AF_INET,
  createConnection,
  createServer,
  newSocket,
  SHUT_WR,
  SO_REUSEADDR,
  SOCK_STREAM,
  SOL_SOCKET,
  socket,
} from './socket.ts';

/** No CPU per call and an instant loopback, so times read as latencies alone. */
const exact = {
  strategy: 'fifo',
  costs: {
    ...FREE_SOCKET_CALLS,
    loopbackLatency: 0,
    loopbackBandwidth: 0,
  },
} as const;

function listener(port: number, backlog?: number): socket {
  const s = new socket();
  s.bind(['127.0.0.1', port]);
  if (backlog === undefined) s.listen();
  else s.listen(backlog);
  return s;
}

describe('socket over a link', () => {
  it('a ping over a link with latency L and bandwidth B arrives after L + size/B, and back', () => {
    const sim = simulate(function* () {
      const net = network();
      const b = net.addHost('10.0.0.2');
      net.link(net.localhost, b, { latency: 0.005, bandwidth: 1000 });
      const srv = new socket(AF_INET, SOCK_STREAM, 0, { host: b });
      srv.bind(['', 7000]);
      srv.listen();
      const log: string[] = [];
      const t = go(function* () {
        const [conn, addr] = yield* srv.accept();
        log.push(`accept ${addr.join(':')} @${monotonic()}`);
        const data = yield* conn.recv(1000);
        log.push(`server got ${data.length} @${monotonic()}`);
        yield* conn.sendall(data);
        yield* conn.close();
      });
      const c = new socket();
      yield* c.connect(['10.0.0.2', 7000]);
      log.push(`connected ${c.getsockname().join(':')} @${monotonic()}`);
      yield* c.sendall(new Uint8Array(100));
      const back = yield* c.recv(1000);
      log.push(`client got ${back.length} @${monotonic()}`);
      log.push(`eof ${(yield* c.recv(1000)).length} @${monotonic()}`);
      yield* t.join();
      return log;
    }, exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([
      'connected 10.0.0.1:32768 @0.01', // SYN out, SYN-ACK back: one round trip
      'accept 10.0.0.1:32768 @0.015', // the client's ACK completes the handshake
      'server got 100 @0.115', // sent at 0.01: 100 bytes at 1000 B/s, plus 5 ms
      'client got 100 @0.22',
      'eof 0 @0.22', // the server's FIN follows its data at once
    ]);
  });

  it('back-to-back segments share the bandwidth exactly, with no rounding drift', () => {
    const sim = simulate(function* () {
      const net = network();
      net.link(net.localhost, net.localhost, { latency: 0, bandwidth: 3 });
      const srv = listener(9000);
      const arrivals: number[] = [];
      const t = go(function* () {
        const [conn] = yield* srv.accept();
        for (let i = 0; i < 3; i++) {
          yield* conn.recv(1);
          arrivals.push(kernel().now);
        }
      });
      const c = new socket();
      yield* c.connect(['127.0.0.1', 9000]);
      for (let i = 0; i < 3; i++) yield* c.send(new Uint8Array(1));
      yield* t.join();
      return arrivals;
    }, exact);
    expect(sim.result).toEqual([333_334, 666_667, 1_000_000]);
  });

  it('jitter is seeded: the same seed gives the same arrivals, and segments stay in order', () => {
    const run = (seed: number) =>
      simulate(
        function* () {
          const net = network();
          net.link(net.localhost, net.localhost, { latency: 0.001, jitter: 0.01 });
          const srv = listener(9000);
          const got: string[] = [];
          const t = go(function* () {
            const [conn] = yield* srv.accept();
            for (;;) {
              const d = yield* conn.recv(100);
              if (d.length === 0) break;
              got.push(`${decode(d)}@${kernel().now}`);
            }
          });
          const c = new socket();
          yield* c.connect(['127.0.0.1', 9000]);
          for (const m of 'abcdef') {
            yield* c.sendall(encode(m));
            yield* sleep(0.001);
          }
          yield* c.close();
          yield* t.join();
          return got;
        },
        { ...exact, seed },
      ).result as string[];
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(a.map((s) => s.split('@')[0]).join('')).toBe('abcdef');
    const times = a.map((s) => Number(s.split('@')[1]));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });
});

describe('connect, accept, backlog', () => {
  it('connect to a port nobody listens on raises ConnectionRefusedError after a round trip', () => {
    const sim = simulate(
      function* () {
        const c = new socket();
        const e = yield* raises(() => c.connect(['127.0.0.1', 1]));
        return [describeError(e), kernel().now, yield* new socket().connectEx(['127.0.0.1', 1])];
      },
      { ...exact, costs: { ...exact.costs, loopbackLatency: 10 } },
    );
    expect(sim.result).toEqual(['ConnectionRefusedError: [Errno 111] Connection refused', 20, 111]);
  });

  it('accept returns a connected socket and the client address; fds are the lowest free', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['localhost', 8080]);
      const [conn, addr] = yield* srv.accept();
      const fds = [srv.fileno(), c.fileno(), conn.fileno()];
      yield* c.close();
      const again = new socket();
      return [
        addr,
        conn.getpeername(),
        conn.getsockname(),
        c.fileno(),
        again.fileno(),
        fds,
        String(conn).replace(/fd=\d+/, 'fd=N'),
      ];
    }, exact);
    expect(sim.result).toEqual([
      ['127.0.0.1', 32768],
      ['127.0.0.1', 32768],
      ['127.0.0.1', 8080],
      -1,
      4,
      [3, 4, 5],
      "<socket.socket fd=N, family=2, type=1, proto=0, laddr=('127.0.0.1', 8080), raddr=('127.0.0.1', 32768)>",
    ]);
  });

  it('a full accept queue drops the SYN: the client retransmits after 1 s (Linux), backlog + 1 fit', () => {
    const sim = simulate(function* () {
      const srv = listener(8080, 1);
      const done: string[] = [];
      const clients = [0, 1, 2].map((i) =>
        go(function* () {
          const c = new socket();
          yield* c.connect(['127.0.0.1', 8080]);
          done.push(`client${i}@${monotonic()}`);
        }),
      );
      yield* sleep(0.5);
      yield* srv.accept(); // frees a slot before the retransmission at 1 s
      for (const t of clients) yield* t.join();
      return done;
    }, exact);
    expect(sim.result).toEqual(['client0@0', 'client1@0', 'client2@1']);
  });

  it("with synOverflow 'refuse', a connect beyond the backlog is refused at once", () => {
    const sim = simulate(function* () {
      network().configure({ synOverflow: 'refuse' });
      listener(8080, 0);
      const a = new socket();
      yield* a.connect(['127.0.0.1', 8080]);
      const e = yield* raises(() => new socket().connect(['127.0.0.1', 8080]));
      return [describeError(e), monotonic()];
    }, exact);
    expect(sim.result).toEqual(['ConnectionRefusedError: [Errno 111] Connection refused', 0]);
  });

  it('a SYN nobody accepts times out after 6 retransmissions (127 s), as Linux', () => {
    const sim = simulate(function* () {
      listener(8080, 0);
      yield* new socket().connect(['127.0.0.1', 8080]);
      const e = yield* raises(() => new socket().connect(['127.0.0.1', 8080]));
      return [describeError(e), monotonic()];
    }, exact);
    expect(sim.result).toEqual(['TimeoutError: [Errno 110] Connection timed out', 127]);
  });

  it('connections queue in the backlog before accept, and their data is buffered', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      yield* c.sendall(encode('early'));
      yield* sleep(1);
      const [conn] = yield* srv.accept();
      return decode(yield* conn.recv(100));
    }, exact);
    expect(sim.result).toBe('early');
  });

  it('closing a listener resets the connections waiting in its queue', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      yield* sleep(0.1);
      yield* srv.close();
      const e = yield* raises(() => c.recv(10));
      const late = yield* raises(() => new socket().connect(['127.0.0.1', 8080]));
      return [describeError(e), describeError(late)];
    }, exact);
    expect(sim.result).toEqual([
      'ConnectionResetError: [Errno 104] Connection reset by peer',
      'ConnectionRefusedError: [Errno 111] Connection refused',
    ]);
  });
});

describe('send and recv', () => {
  it('recv may return fewer bytes than asked, and joins what has arrived', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      yield* c.sendall(encode('hello '));
      yield* c.sendall(encode('world'));
      yield* sleep(0.001);
      return [decode(yield* conn.recv(3)), decode(yield* conn.recv(100)), (yield* conn.recv(0)).length];
    }, exact);
    expect(sim.result).toEqual(['hel', 'lo world', 0]);
  });

  it('send is short when the buffers are full (with a timeout), then times out; non-blocking raises', () => {
    const sim = simulate(function* () {
      network().configure({ sendBuffer: 100, recvBuffer: 50 });
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      yield* c.settimeout(5);
      const data = new Uint8Array(1000);
      const sent = [yield* c.send(data), yield* c.send(data)]; // 100 queued (50 on the wire), then 50
      const timeout = yield* raises(() => c.send(data));
      const at = monotonic();
      yield* c.setblocking(false);
      const wouldBlock = yield* raises(() => c.send(data));
      const got = (yield* conn.recv(1000)).length; // the receive window opens...
      yield* sleep(0.001); // ...and the sender learns it one latency later
      const more = yield* c.send(data);
      return [sent, describeError(timeout), at, describeError(wouldBlock), got, more];
    }, exact);
    expect(sim.result).toEqual([
      [100, 50],
      'TimeoutError: timed out',
      5,
      'BlockingIOError: [Errno 11] Resource temporarily unavailable',
      50,
      50,
    ]);
  });

  it('a blocking send copies all its data, waiting while the reader drains', () => {
    const sim = simulate(function* () {
      network().configure({ sendBuffer: 100, recvBuffer: 100 });
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      let total = 0;
      const reader = go(function* () {
        for (;;) {
          yield* sleep(1);
          const d = yield* conn.recv(100);
          if (d.length === 0) return;
          total += d.length;
        }
      });
      const n = yield* c.send(new Uint8Array(500));
      const at = monotonic();
      yield* c.close();
      yield* reader.join();
      return [n, at, total];
    }, exact);
    expect(sim.result).toEqual([500, 3, 500]);
  });

  it('sendall with a timeout bounds the whole call', () => {
    const sim = simulate(function* () {
      network().configure({ sendBuffer: 10, recvBuffer: 10 });
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      go(function* () {
        for (let i = 0; i < 10; i++) {
          yield* sleep(0.3);
          yield* conn.recv(10);
        }
      });
      yield* c.settimeout(1);
      const e = yield* raises(() => c.sendall(new Uint8Array(100)));
      return [describeError(e), monotonic()];
    }, exact);
    expect(sim.result).toEqual(['TimeoutError: timed out', 1]);
  });
});

describe('end of stream, shutdown, reset', () => {
  it('recv returns b"" after the peer shuts down writing; the other direction still works', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      yield* c.sendall(encode('request'));
      yield* c.shutdown(SHUT_WR);
      const req = decode(yield* conn.recv(100));
      const eof = (yield* conn.recv(100)).length;
      yield* conn.sendall(encode('reply'));
      yield* conn.close();
      const late = yield* raises(() => c.send(encode('x')));
      return [req, eof, decode(yield* c.recv(100)), (yield* c.recv(100)).length, describeError(late)];
    }, exact);
    expect(sim.result).toEqual(['request', 0, 'reply', 0, 'BrokenPipeError: [Errno 32] Broken pipe']);
  });

  it('closing with unread data resets the connection: ECONNRESET once, then b"" and EPIPE', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      yield* c.sendall(encode('unread'));
      yield* sleep(0.001);
      yield* conn.close();
      yield* sleep(0.001);
      const reset = yield* raises(() => c.recv(100));
      const after = (yield* c.recv(100)).length;
      const pipe = yield* raises(() => c.send(encode('x')));
      return [describeError(reset), after, describeError(pipe)];
    }, exact);
    expect(sim.result).toEqual([
      'ConnectionResetError: [Errno 104] Connection reset by peer',
      0,
      'BrokenPipeError: [Errno 32] Broken pipe',
    ]);
  });

  it('data sent to a closed socket is answered with a reset: the next send raises ConnectionResetError', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      yield* conn.close();
      const eof = (yield* c.recv(100)).length;
      const first = yield* c.send(encode('hello?')); // accepted locally; the peer answers RST
      yield* sleep(0.001);
      const second = yield* raises(() => c.send(encode('hello?')));
      const third = yield* raises(() => c.send(encode('hello?')));
      return [eof, first, describeError(second), describeError(third)];
    }, exact);
    expect(sim.result).toEqual([
      0,
      6,
      'ConnectionResetError: [Errno 104] Connection reset by peer',
      'BrokenPipeError: [Errno 32] Broken pipe',
    ]);
  });

  it('operations on a closed socket raise EBADF; closing a socket wakes a thread blocked on it', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      let woke = '';
      const t = go(function* () {
        woke = describeError(yield* raises(() => srv.accept()));
      });
      yield* sleep(1);
      yield* srv.close();
      yield* t.join();
      return [woke, describeError(raisesNow(() => srv.recv(1))), srv.fileno()];
    }, exact);
    expect(sim.result).toEqual([
      'OSError: [Errno 9] Bad file descriptor',
      'OSError: [Errno 9] Bad file descriptor',
      -1,
    ]);
  });
});

describe('processes', () => {
  it('a process that exits closes its sockets: the peer reads EOF, or a reset if data was unread', () => {
    const sim = simulate(function* () {
      const k = kernel();
      const srv = listener(8080);
      const out: string[] = [];
      for (const unread of [false, true]) {
        const p = k.newProcess(`child-${unread}`, true);
        k.spawn(
          (function* () {
            const c = new socket();
            yield* c.connect(['127.0.0.1', 8080]);
            yield* sleep(10);
          })(),
          { process: p },
        );
        const [conn] = yield* srv.accept();
        if (unread) yield* conn.sendall(encode('never read'));
        yield* sleep(1);
        k.exitProcess(p, -9);
        for (let i = 0; i < 2; i++) {
          try {
            out.push(`recv ${(yield* conn.recv(10)).length}`);
          } catch (e) {
            out.push(describeError(e));
          }
        }
      }
      return out;
    }, exact);
    expect(sim.result).toEqual([
      'recv 0',
      'recv 0',
      'ConnectionResetError: [Errno 104] Connection reset by peer',
      'recv 0',
    ]);
  });
});

describe('addresses and options', () => {
  it('binding a port in use raises EADDRINUSE; SO_REUSEADDR does not share a listening port', () => {
    const sim = simulate(function* () {
      const a = listener(8080);
      const b = new socket();
      const plain = raisesNow(() => b.bind(['127.0.0.1', 8080]));
      const wild = raisesNow(() => b.bind(['', 8080]));
      b.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
      a.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
      const reuse = raisesNow(() => b.bind(['127.0.0.1', 8080]));
      const other = raisesNow(() => b.bind(['127.0.0.1', 8081]));
      return [describeError(plain), describeError(wild), describeError(reuse), other];
    }, exact);
    expect(sim.result).toEqual([
      'OSError: [Errno 98] Address already in use',
      'OSError: [Errno 98] Address already in use',
      'OSError: [Errno 98] Address already in use',
      null,
    ]);
  });

  it('a server that closed first leaves its port in TIME_WAIT: a restart needs SO_REUSEADDR or 60 s', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      yield* conn.close(); // the server closes first: TIME_WAIT on 127.0.0.1:8080
      yield* srv.close();
      yield* sleep(1);
      yield* c.close();
      const out: unknown[] = [];
      const s1 = new socket();
      out.push(describeError(raisesNow(() => s1.bind(['127.0.0.1', 8080]))));
      const s2 = new socket();
      s2.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
      out.push(raisesNow(() => s2.bind(['127.0.0.1', 8080])));
      yield* s2.close();
      yield* sleep(60);
      out.push(raisesNow(() => s1.bind(['127.0.0.1', 8080])));
      return out;
    }, exact);
    expect(sim.result).toEqual(['OSError: [Errno 98] Address already in use', null, null]);
  });

  it('rejects bad addresses and timeouts with Python errors', () => {
    const sim = simulate(function* () {
      const s = new socket();
      return [
        raisesNow(() => s.bind('x' as never)),
        raisesNow(() => s.bind(['127.0.0.1', 70000])),
        raisesNow(() => s.bind(['10.9.9.9', 80])),
        raisesNow(() => s.settimeout(-1)),
        raisesNow(() => s.recv(-1)),
        raisesNow(() => s.send('text' as never)),
        yield* raises(() => s.connect(['10.9.9.9', 80])),
      ].map(describeError);
    }, exact);
    expect(sim.result).toEqual([
      'TypeError: AF_INET address must be tuple, not str',
      'OverflowError: bind(): port must be 0-65535.',
      'OSError: [Errno 99] Cannot assign requested address',
      'ValueError: Timeout value out of range',
      'ValueError: negative buffersize in recv',
      "TypeError: a bytes-like object is required, not 'str'",
      'OSError: [Errno 113] No route to host',
    ]);
  });
});

describe('blocking modes', () => {
  it('non-blocking calls raise BlockingIOError where Python does; timeouts raise TimeoutError', () => {
    const sim = simulate(function* () {
      const srv = listener(8080);
      yield* srv.setblocking(false);
      const accept = yield* raises(() => srv.accept());
      const c = new socket();
      yield* c.setblocking(false);
      const connect = yield* raises(() => c.connect(['127.0.0.1', 8080]));
      const recvEarly = yield* raises(() => c.recv(10));
      yield* sleep(0.001);
      const [conn] = yield* srv.accept();
      const recv = yield* raises(() => c.recv(10));
      yield* conn.settimeout(0.25);
      const timeout = yield* raises(() => conn.recv(10));
      return [accept, connect, recvEarly, recv, timeout].map(describeError).concat([String(monotonic())]);
    }, exact);
    expect(sim.result).toEqual([
      'BlockingIOError: [Errno 11] Resource temporarily unavailable',
      'BlockingIOError: [Errno 115] Operation now in progress',
      'BlockingIOError: [Errno 11] Resource temporarily unavailable',
      'BlockingIOError: [Errno 11] Resource temporarily unavailable',
      'TimeoutError: timed out',
      '0.251',
    ]);
  });

  it('each socket call spends the cost model’s socketCall CPU, so busy polling advances time', () => {
    const sim = simulate(
      function* () {
        const srv = listener(8080);
        yield* srv.setblocking(false);
        let polls = 0;
        go(function* () {
          yield* sleep(0.001);
          yield* new socket().connect(['127.0.0.1', 8080]);
        });
        for (;;) {
          try {
            yield* srv.accept();
            break;
          } catch {
            polls++;
          }
        }
        return [polls, monotonic()];
      },
      { strategy: 'fifo', costs: { ...DEFAULT_COSTS, socketCall: 1, loopbackLatency: 0 } },
    );
    // Polls at 1, 2, … 1000 µs fail; the client's connect at 1 ms waits for the GIL one poll.
    expect(sim.result).toEqual([1000, 0.001002]);
  });
});

describe('greenlets', () => {
  it('a cooperative greenlet blocked in recv lets its hub run others; an uncooperative one stalls it', () => {
    for (const cooperative of [true, false]) {
      const sim = simulate(function* () {
        const k = kernel();
        const hub = new Baton('hub');
        const srv = listener(8080);
        const log: string[] = [];
        go(function* () {
          const [conn] = yield* srv.accept();
          yield* sleep(1);
          yield* conn.sendall(encode('x'));
        });
        const c = new socket();
        yield* c.connect(['127.0.0.1', 8080]);
        k.spawn(
          (function* () {
            yield* c.recv(1);
            log.push(`reader @${monotonic()}`);
          })(),
          { name: 'reader', baton: hub, cooperative },
        );
        k.spawn(
          // biome-ignore lint/correctness/useYield: a greenlet that runs to completion in one step
          (function* () {
            log.push(`other @${monotonic()}`);
          })(),
          { name: 'other', baton: hub },
        );
        yield* sleep(2);
        return log;
      }, exact);
      expect(sim.result).toEqual(cooperative ? ['other @0', 'reader @1'] : ['reader @1', 'other @1']);
    }
  });

  it('a cooperative greenlet’s send may be short (gevent), a plain blocking send is not', () => {
    const sim = simulate(function* () {
      network().configure({ sendBuffer: 10, recvBuffer: 10 });
      const k = kernel();
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      let n = -1;
      k.spawn(
        (function* () {
          n = yield* c.send(new Uint8Array(100));
        })(),
        { name: 'g', baton: new Baton('hub') },
      );
      yield* sleep(1);
      yield* conn.recv(100);
      return n;
    }, exact);
    expect(sim.result).toBe(10);
  });

  it('a cooperative greenlet’s socket is gevent’s: made non-blocking at once, its settimeout and setblocking no system call', () => {
    // gevent/_socket3.py: __init_common calls setblocking(False) on the real socket; settimeout
    // and setblocking only set the timeout, and raise nothing on a closed socket.
    const costs = { strategy: 'fifo', costs: { ...exact.costs, socketOpen: 20, socketControl: 3 } } as const;
    const sim = simulate(function* () {
      const k = kernel();
      const log: (number | string | null)[] = [];
      k.spawn(
        (function* () {
          let t = monotonic();
          const s = yield* newSocket();
          log.push(Math.round((monotonic() - t) * 1e6));
          t = monotonic();
          yield* s.settimeout(2);
          yield* s.setblocking(false);
          log.push(Math.round((monotonic() - t) * 1e6));
          yield* s.close();
          yield* s.settimeout(1);
          log.push(s.gettimeout());
        })(),
        { name: 'g', baton: new Baton('hub') },
      );
      yield* sleep(1);
      return log;
    }, costs);
    expect(sim.result).toEqual([20 + 3, 0, 1]);
  });
});

describe('helpers', () => {
  it('createServer and createConnection', () => {
    const sim = simulate(function* () {
      const srv = createServer(['127.0.0.1', 0]);
      const port = srv.getsockname()[1];
      const c = yield* createConnection(['127.0.0.1', port], 1);
      const [conn] = yield* srv.accept();
      yield* c.sendall(encode('ok'));
      return [port, decode(yield* conn.recv(10)), srv.getsockopt(SOL_SOCKET, SO_REUSEADDR), c.gettimeout()];
    }, exact);
    expect(sim.result).toEqual([32768, 'ok', 1, 1]);
  });
});

describe('create_connection and socket() as CPython makes them', () => {
  /** Distinct costs, so that the elapsed time says which system calls were made. */
  const costed: { readonly strategy: 'fifo'; readonly costs: CostModel } = {
    strategy: 'fifo',
    costs: {
      ...exact.costs,
      getaddrinfo: 1000,
      socketCall: 1,
      pollCall: 10,
      socketConnect: 100,
      socketOpen: 20,
      socketControl: 3,
      socketClose: 0,
      pyStatementNs: 0,
    },
  };

  function elapsed(connect: (port: number) => Blocking<socket> | Op<socket>, costs = costed): number {
    const sim = simulate(function* () {
      const srv = createServer(['127.0.0.1', 0]);
      const t0 = monotonic();
      const c = yield* connect(srv.getsockname()[1]);
      const t = monotonic() - t0;
      yield* c.close();
      return Math.round(t * 1e6);
    }, costs);
    expect(sim.verdict.kind).toBe('ok');
    return sim.result as number;
  }

  it('with a timeout: getaddrinfo, socket(), ioctl(FIONBIO), connect, poll, getsockopt(SO_ERROR)', () => {
    expect(elapsed((port) => createConnection(['127.0.0.1', port], 5))).toBe(1000 + 20 + 3 + 100 + 10 + 1);
  });

  it('without one: getaddrinfo, socket() and a blocking connect', () => {
    expect(elapsed((port) => createConnection(['127.0.0.1', port]))).toBe(1000 + 20 + 100);
  });

  it('newSocket() is socket.socket() with its system call; then connect', () => {
    const viaNew = function* (port: number) {
      const s = yield* newSocket();
      yield* s.connect(['127.0.0.1', port]);
      return s;
    };
    expect(elapsed(viaNew)).toBe(20 + 100);
  });

  it("charges the Python lines of socket.py's create_connection and socket.__init__ at pyStatementNs", () => {
    const lines = { ...costed, costs: { ...costed.costs, pyStatementNs: 1000 } };
    // socketOpen is measured with socket.__init__'s 8 lines in it: its call is the other 12.
    expect(elapsed((port) => createConnection(['127.0.0.1', port]), lines)).toBe(1000 + 49 + 12 + 100);
    expect(
      elapsed(function* (port) {
        const s = yield* newSocket();
        yield* s.connect(['127.0.0.1', port]);
        return s;
      }, lines),
    ).toBe(8 + 12 + 100);
  });
});

describe('a socket with a timeout waits in its poll, then makes the call', () => {
  const costs: { readonly strategy: 'fifo'; readonly costs: CostModel } = {
    strategy: 'fifo',
    costs: { ...exact.costs, pollCall: 10, socketCall: 1, socketRecv: 100, socketSend: 50 },
  };

  /** When a recv returns the bytes a peer sends at 1000 µs, on a socket with `timeout`. */
  function recvDone(timeout: number | null): number {
    const sim = simulate(function* () {
      const srv = createServer(['127.0.0.1', 0]);
      const c = yield* createConnection(['127.0.0.1', srv.getsockname()[1]]);
      const [conn] = yield* srv.accept();
      yield* c.settimeout(timeout);
      const t0 = monotonic();
      const peer = go(function* () {
        yield* sleep(0.001);
        yield* conn.send(encode('x'));
      });
      yield* c.recv(10);
      const t = Math.round((monotonic() - t0) * 1e6);
      yield* peer.join();
      return t;
    }, costs);
    expect(sim.verdict.kind).toBe('ok');
    return sim.result as number;
  }

  it('recv with a timeout: poll (10), waiting in it until the data comes at 1000 (+50, its send), then recv (100)', () => {
    expect(recvDone(5)).toBe(1050 + 100);
  });

  it('a blocking recv: the call itself waits (a failed attempt, 1), and returns with the data', () => {
    expect(recvDone(null)).toBe(1050);
  });

  it('accept with a timeout polls until a connection is queued, then accepts (20); a blocking accept waits in the call', () => {
    const acceptDone = (timeout: number | null) => {
      const sim = simulate(
        function* () {
          const srv = createServer(['127.0.0.1', 0]);
          yield* srv.settimeout(timeout);
          let c: socket | null = null;
          const client = go(function* () {
            yield* sleep(0.001);
            c = yield* createConnection(['127.0.0.1', srv.getsockname()[1]]);
          });
          const [conn] = yield* srv.accept();
          const t = Math.round(monotonic() * 1e6);
          yield* client.join();
          yield* conn.close();
          if (c !== null) yield* (c as socket).close();
          return t;
        },
        { ...costs, costs: { ...costs.costs, socketAccept: 20 } },
      );
      expect(sim.verdict.kind).toBe('ok');
      return sim.result as number;
    };
    // The client connects at 1000 (its socket() call and its connect are free here).
    expect(acceptDone(5)).toBe(1000 + 20);
    expect(acceptDone(null)).toBe(1000);
  });
});

describe('close, shutdown, settimeout and setblocking are system calls, as in CPython', () => {
  /** Distinct costs, so that times say which call ran; a thread can run while another is in one. */
  const calls = {
    strategy: 'fifo',
    costs: { ...exact.costs, socketClose: 100, socketControl: 30, pyStatementNs: 0 },
  } as const;

  /** Connected `c` and `conn`; `body` runs in one thread while a second looks at `c` 10 µs into it. */
  function during(
    body: (c: socket, conn: socket) => Blocking | Op<void>,
    look: (c: socket, conn: socket) => string,
    costs: { readonly strategy: 'fifo'; readonly costs: CostModel } = calls,
  ) {
    const sim = simulate(function* () {
      const srv = listener(8080);
      const c = new socket();
      yield* c.connect(['127.0.0.1', 8080]);
      const [conn] = yield* srv.accept();
      const log: string[] = [];
      const t0 = monotonic();
      const at = () => Math.round((monotonic() - t0) * 1e6);
      const other = go(function* () {
        yield* sleep(0.00001);
        log.push(`@${at()} ${look(c, conn)}`);
      });
      yield* body(c, conn);
      log.push(`@${at()} returned`);
      yield* other.join();
      return log;
    }, costs);
    expect(sim.verdict.kind).toBe('ok');
    return sim.result as string[];
  }

  it('close: the socket reads as closed at once, while its close(2) takes socketClose', () => {
    // CPython's sock_close sets the descriptor to -1, then releases the GIL around close().
    const log = during(
      (c) => c.close(),
      (c) => `fileno ${c.fileno()}`,
    );
    expect(log).toEqual(['@10 fileno -1', '@100 returned']);
  });

  it('settimeout and setblocking: the timeout is set first, then the ioctl takes socketControl', () => {
    expect(
      during(
        (c) => c.settimeout(2.5),
        (c) => `timeout ${c.gettimeout()}`,
      ),
    ).toEqual(['@10 timeout 2.5', '@30 returned']);
    expect(
      during(
        (c) => c.setblocking(false),
        (c) => `blocking ${c.getblocking()}`,
      ),
    ).toEqual(['@10 blocking false', '@30 returned']);
  });

  it('shutdown acts after its system call: the peer sees EOF only then', () => {
    const log = during(
      (c) => c.shutdown(SHUT_WR),
      (_c, conn) => `peer readable ${conn.endpoint.readable()}`,
    );
    expect(log).toEqual(['@10 peer readable false', '@30 returned']);
  });

  it('errors as CPython raises them: after the call, the timeout already set; a closed socket closes again for free', () => {
    const sim = simulate(function* () {
      const s = new socket();
      yield* s.close();
      const t0 = monotonic();
      const errors = [
        describeError(yield* raises(() => s.settimeout(1))),
        describeError(yield* raises(() => s.setblocking(false))),
        describeError(yield* raises(() => s.shutdown(SHUT_WR))),
      ];
      const spent = Math.round((monotonic() - t0) * 1e6);
      const t1 = monotonic();
      yield* s.close();
      const unconnected = new socket();
      return [
        ...errors,
        s.gettimeout(),
        spent,
        Math.round((monotonic() - t1) * 1e6),
        describeError(yield* raises(() => unconnected.shutdown(SHUT_WR))),
      ];
    }, calls);
    // Real CPython 3.11: s.close(); s.settimeout(1) → OSError EBADF, and so on; gettimeout() is
    // then 0.0 (setblocking(False) set it before its ioctl failed); shutdown of an unconnected
    // socket → ENOTCONN.
    expect(sim.result).toEqual([
      'OSError: [Errno 9] Bad file descriptor',
      'OSError: [Errno 9] Bad file descriptor',
      'OSError: [Errno 9] Bad file descriptor',
      0,
      90,
      0,
      'OSError: [Errno 107] Transport endpoint is not connected',
    ]);
  });

  it('with the ideal costs they take no time and are no scheduling point', () => {
    const log = during(
      function* (c) {
        yield* c.settimeout(1);
        yield* c.shutdown(SHUT_WR);
        yield* c.close();
      },
      (c) => `fileno ${c.fileno()}`,
      exact,
    );
    expect(log).toEqual(['@0 returned', '@10 fileno -1']);
  });
});

describe('a loopback segment’s wake-up is its sender’s (the costed CPU: engine/os-cpu.ts)', () => {
  /**
   * The main thread sends 10 bytes to a reader in a process of its own that waits in recv for
   * them (or comes for them later), sleeps, then computes a millisecond: the main process's CPU
   * from just before the send.
   */
  function senderCpu(readerWaits: boolean): number {
    const sim = simulate(
      function* (k) {
        const srv = createServer(['127.0.0.1', 0]);
        const a = yield* createConnection(['127.0.0.1', srv.getsockname()[1]]);
        const [b] = yield* srv.accept();
        Thread.mainOf(
          k.newProcess('reader', true),
          (function* () {
            if (!readerWaits) yield* sleep(0.01);
            expect(decode(yield* b.recv(10))).toBe('0123456789');
          })(),
        );
        yield* sleep(0.001);
        const before = k.mainProcess.busyTicks;
        yield* a.send(encode('0123456789'));
        yield* sleep(0.001);
        yield* compute(0.001);
        return k.mainProcess.busyTicks - before;
      },
      // One core per cache: the reader wakes on the core it last ran on, not on an idle one that
      // Linux's search would find (which makes the waker pay wakeSignalIdle instead).
      { strategy: 'fifo', costs: { ...CALIBRATED_COSTS, osJitter: 0, llcCores: 1 } },
    );
    expect(sim.verdict.kind).toBe('ok');
    return sim.result as number;
  }

  it('the sender pays wakeSignal for the reader it wakes (with its next computation: the delivery comes after its send returns)', () => {
    expect(senderCpu(true) - senderCpu(false)).toBe(Math.round(CALIBRATED_COSTS.wakeSignal));
  });
});
