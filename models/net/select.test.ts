import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Blocking } from '../../engine/index.ts';
import { simulate } from '../simulate.ts';
import { describeError, FREE_SOCKET_CALLS, go, raises, raisesNow } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { decode, encode } from './bytes.ts';
import { BlockingIOError, OSError } from './errors.ts';
import { network } from './network.ts';
import { EPOLLERR, EPOLLET, EPOLLHUP, EPOLLIN, EPOLLONESHOT, EPOLLOUT, EPOLLRDHUP, epoll, select } from './select.ts';
import { SHUT_WR, socket } from './socket.ts';

const ONE = new Uint8Array(1);

const exact = {
  strategy: 'fifo',
  costs: {
    ...FREE_SOCKET_CALLS,
    pollNsPerFd: 0,
    loopbackLatency: 0,
    loopbackBandwidth: 0,
  },
} as const;

/** A connected pair over the loopback: [client, server side]. */
function* pair(port = 8080): Blocking<[socket, socket]> {
  const srv = new socket();
  srv.bind(['127.0.0.1', port]);
  srv.listen();
  const c = new socket();
  yield* c.connect(['127.0.0.1', port]);
  const [conn] = yield* srv.accept();
  yield* srv.close();
  return [c, conn];
}

describe('select.select', () => {
  it('reports a listener readable when a connection waits, and a connected socket writable', () => {
    const sim = simulate(function* () {
      const srv = new socket();
      srv.bind(['127.0.0.1', 8080]);
      srv.listen();
      const before = yield* select([srv], [], [], 0);
      const c = new socket();
      const fresh = yield* select([], [c], [], 0);
      yield* c.connect(['127.0.0.1', 8080]);
      yield* sleep(0.001);
      const [r, w] = yield* select([srv], [c], [], 0);
      return [before[0].length, fresh[1].length, r[0] === srv, w[0] === c];
    }, exact);
    // A fresh, unconnected socket is writable (and hung up) for Linux's tcp_poll.
    expect(sim.result).toEqual([0, 1, true, true]);
  });

  it('blocks until data arrives, at exactly the arrival time; times out with three empty lists', () => {
    const sim = simulate(function* () {
      network().link('10.0.0.1', '10.0.0.1', { latency: 0.002 });
      const [c, conn] = yield* pair();
      const t0 = monotonic();
      const none = yield* select([conn], [], [], 0.5);
      const t1 = monotonic();
      go(function* () {
        yield* sleep(1);
        yield* c.sendall(encode('x'));
      });
      // The same socket twice, as an object and as its number: both are reported, as in CPython.
      const [r] = yield* select([conn, conn.fileno()], [], []);
      return [t0, none, t1, r.map((x) => typeof x), monotonic(), decode(yield* conn.recv(10))];
    }, exact);
    expect(sim.result).toEqual([0.006, [[], [], []], 0.506, ['object', 'number'], 1.508, 'x']);
  });

  it('returns the objects given, in the order given, and accepts descriptor numbers', () => {
    const sim = simulate(function* () {
      const [a, b] = yield* pair(8080);
      const [c, d] = yield* pair(8081);
      yield* a.sendall(encode('1'));
      yield* c.sendall(encode('2'));
      yield* sleep(0.001);
      const [r] = yield* select([d.fileno(), b, c], [], [], 0);
      return r.map((x) => (typeof x === 'number' ? 'fd' : x === b ? 'b' : 'c'));
    }, exact);
    expect(sim.result).toEqual(['fd', 'b']);
  });

  it('a peer close makes the socket readable, and recv returns b""', () => {
    const sim = simulate(function* () {
      const [c, conn] = yield* pair();
      yield* c.close();
      const [r] = yield* select([conn], [], [], 1);
      return [r.length, monotonic(), (yield* conn.recv(10)).length];
    }, exact);
    expect(sim.result).toEqual([1, 0, 0]);
  });

  it('refuses descriptors from FD_SETSIZE up, negative ones and closed sockets', () => {
    const sim = simulate(function* () {
      const socks: socket[] = [];
      for (let i = 0; i < 1021; i++) socks.push(new socket());
      const last = socks[socks.length - 1] as socket;
      const ok = yield* raises(() => select([last], [], [], 0));
      const beyond = new socket();
      const closed = new socket();
      yield* closed.close();
      const freed = (socks[0] as socket).fileno();
      yield* (socks[0] as socket).close();
      return [
        last.fileno(),
        ok,
        beyond.fileno(),
        describeError(raisesNow(() => select([beyond], [], [], 0))),
        describeError(raisesNow(() => select([closed], [], [], 0))),
        describeError(yield* raises(() => select([freed], [], [], 0))),
        describeError(raisesNow(() => select([], [], [], -1))),
      ];
    }, exact);
    expect(sim.result).toEqual([
      1024 - 1,
      null,
      1024,
      'ValueError: filedescriptor out of range in select()',
      'ValueError: file descriptor cannot be a negative integer (-1)',
      'OSError: [Errno 9] Bad file descriptor',
      'ValueError: timeout must be non-negative',
    ]);
  });

  it('costs pollCall plus pollNsPerFd per descriptor', () => {
    const sim = simulate(
      function* () {
        const socks = Array.from({ length: 100 }, () => new socket());
        yield* select(socks, [], [], 0);
        return monotonic();
      },
      { ...exact, costs: { ...exact.costs, pollCall: 1, pollNsPerFd: 100 } },
    );
    expect(sim.result).toBe(0.000011);
  });
});

describe('select.epoll', () => {
  it('level-triggered: reports EPOLLIN while data is unread, EPOLLOUT while there is room', () => {
    const sim = simulate(function* () {
      const [c, conn] = yield* pair();
      const ep = new epoll();
      yield* ep.register(conn, EPOLLIN);
      yield* ep.register(c.fileno(), EPOLLOUT);
      const first = yield* ep.poll(0);
      yield* c.sendall(encode('hello'));
      yield* sleep(0.001);
      const second = yield* ep.poll(0);
      const third = yield* ep.poll(0);
      yield* conn.recv(100);
      const fourth = yield* ep.poll(0);
      return [first, second, third, fourth].map((evs) => evs.map(([fd, e]) => [fd === c.fileno() ? 'c' : 'conn', e]));
    }, exact);
    expect(sim.result).toEqual([
      [['c', EPOLLOUT]],
      [
        ['c', EPOLLOUT],
        ['conn', EPOLLIN],
      ],
      [
        ['c', EPOLLOUT],
        ['conn', EPOLLIN],
      ],
      [['c', EPOLLOUT]],
    ]);
  });

  it('edge-triggered: reports once per arrival; EPOLLONESHOT once until modify', () => {
    const sim = simulate(function* () {
      const [c, conn] = yield* pair();
      const ep = new epoll();
      yield* ep.register(conn, EPOLLIN | EPOLLET);
      const [c2, conn2] = yield* pair(8081);
      yield* ep.register(conn2, EPOLLIN | EPOLLONESHOT);
      const counts: number[] = [];
      for (const msg of ['a', 'b']) {
        yield* c.sendall(encode(msg));
        yield* c2.sendall(encode(msg));
        yield* sleep(0.001);
        counts.push((yield* ep.poll(0)).length, (yield* ep.poll(0)).length);
      }
      yield* ep.modify(conn2, EPOLLIN);
      counts.push((yield* ep.poll(0)).length);
      return counts;
    }, exact);
    // After modify, only the re-armed one-shot entry is reported: the edge-triggered one saw no new data.
    expect(sim.result).toEqual([2, 0, 1, 0, 1]);
  });

  it('a peer close gives EPOLLIN|EPOLLRDHUP (readable EOF); EPOLLHUP once we shut down too', () => {
    const sim = simulate(function* () {
      const [c, conn] = yield* pair();
      const ep = new epoll();
      yield* ep.register(conn, EPOLLIN | EPOLLRDHUP);
      const wait = yield* ep.poll(1);
      const t = monotonic();
      yield* c.close();
      const closed = yield* ep.poll(1);
      const eof = (yield* conn.recv(10)).length;
      yield* conn.shutdown(SHUT_WR);
      const hup = yield* ep.poll(1);
      return [wait, t, closed, eof, hup, conn.fileno()];
    }, exact);
    expect(sim.result).toEqual([[], 1, [[5, EPOLLIN | EPOLLRDHUP]], 0, [[5, EPOLLIN | EPOLLRDHUP | EPOLLHUP]], 5]);
  });

  it('a reset gives EPOLLERR and EPOLLHUP, reported even when not registered for', () => {
    const sim = simulate(function* () {
      const [c, conn] = yield* pair();
      yield* conn.sendall(encode('unread'));
      yield* sleep(0.001);
      yield* c.close(); // unread data: RST
      const ep = new epoll();
      yield* ep.register(conn, EPOLLOUT);
      yield* ep.modify(conn, 0);
      const evs = yield* ep.poll(1);
      const err = describeError(yield* raises(() => conn.recv(10)));
      const after = yield* ep.poll(0);
      return [evs, err, after, conn.fileno()];
    }, exact);
    expect(sim.result).toEqual([
      [[5, EPOLLERR | EPOLLHUP]],
      'ConnectionResetError: [Errno 104] Connection reset by peer',
      [[5, EPOLLHUP]],
      5,
    ]);
  });

  it('poll blocks until readiness, rounds its timeout up to milliseconds, and honours maxevents round-robin', () => {
    const sim = simulate(function* () {
      const ep = new epoll();
      const none = yield* ep.poll(0.0015);
      const t = monotonic();
      const conns: socket[] = [];
      for (let i = 0; i < 3; i++) {
        const [c, conn] = yield* pair(8080 + i);
        yield* c.sendall(encode('x'));
        conns.push(conn);
        yield* ep.register(conn, EPOLLIN);
      }
      yield* sleep(0.001);
      const fds = (evs: [number, number][]) => evs.map(([fd]) => fd);
      const rounds = [fds(yield* ep.poll(0, 2)), fds(yield* ep.poll(0, 2)), fds(yield* ep.poll(0, 2))];
      return [none, t, conns.map((s) => s.fileno()), rounds];
    }, exact);
    expect(sim.result).toEqual([
      [],
      0.002,
      [6, 8, 10],
      [
        [6, 8],
        [10, 6],
        [8, 10],
      ],
    ]);
  });

  it('register twice raises FileExistsError; unknown fds FileNotFoundError; closing a socket unregisters it', () => {
    const sim = simulate(function* () {
      const [c] = yield* pair();
      const ep = new epoll();
      yield* ep.register(c);
      const twice = yield* raises(() => ep.register(c));
      const other = new socket();
      const unknown = yield* raises(() => ep.unregister(other));
      yield* c.close();
      const left = ep.registered;
      ep.close();
      return [describeError(twice), describeError(unknown), left, describeError(raisesNow(() => ep.poll(0)))];
    }, exact);
    expect(sim.result).toEqual([
      'FileExistsError: [Errno 17] File exists',
      'FileNotFoundError: [Errno 2] No such file or directory',
      0,
      'ValueError: I/O operation on closed epoll object',
    ]);
  });

  test.prop(
    [
      fc.record({
        buffers: fc.integer({ min: 16, max: 256 }),
        jitterMs: fc.integer({ min: 0, max: 3 }),
        actions: fc.array(
          fc.record({
            sock: fc.integer({ min: 0, max: 5 }),
            op: fc.constantFrom('send', 'send', 'recv', 'recv', 'sleep', 'shutdown', 'close'),
            n: fc.integer({ min: 1, max: 300 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
      }),
    ],
    { numRuns: 40 },
  )(
    'never reports a socket that would block, and never misses one that would not',
    ({ buffers, jitterMs, actions }) => {
      const sim = simulate(
        function* () {
          network().configure({ sendBuffer: buffers, recvBuffer: buffers });
          network().link('10.0.0.1', '10.0.0.1', { latency: 0.001, jitter: jitterMs / 1000 });
          const all: socket[] = [];
          for (let i = 0; i < 3; i++) all.push(...(yield* pair(8080 + i)));
          for (const s of all) yield* s.setblocking(false);
          const ep = new epoll();
          for (const s of all) yield* ep.register(s, EPOLLIN | EPOLLOUT);
          for (const a of actions) {
            const s = all[a.sock] as socket;
            try {
              if (a.op === 'send') yield* s.send(new Uint8Array(a.n));
              else if (a.op === 'recv') yield* s.recv(a.n);
              else if (a.op === 'sleep') yield* sleep((a.n % 4) / 1000);
              else if (a.op === 'shutdown') yield* s.shutdown(SHUT_WR);
              else yield* s.close();
            } catch (e) {
              if (!(e instanceof OSError)) throw e;
            }
            const open = all.filter((x) => !x.closed);
            const evs = new Map((yield* ep.poll(0)).map(([fd, e]) => [fd, e]));
            const [r, w] = yield* select(open, open, [], 0);
            for (const x of open) {
              const e = evs.get(x.fileno()) ?? 0;
              const canRead = x.endpoint.readable();
              const canWrite = x.endpoint.writable();
              expect((e & EPOLLIN) !== 0).toBe(canRead);
              expect((e & EPOLLOUT) !== 0).toBe(canWrite);
              expect(r.includes(x)).toBe(canRead);
              expect(w.includes(x)).toBe(canWrite);
              // Ready means the call returns at once (data, b'', a count or an error), never BlockingIOError.
              if ((e & EPOLLIN) !== 0) expect(yield* raises(() => x.recv(1))).not.toBeInstanceOf(BlockingIOError);
              if ((e & EPOLLOUT) !== 0) expect(yield* raises(() => x.send(ONE))).not.toBeInstanceOf(BlockingIOError);
            }
          }
        },
        { ...exact, seed: actions.length },
      );
      expect(sim.verdict.kind).toBe('ok');
    },
  );
});

describe('epoll_ctl, as CPython calls it', () => {
  const ctl = { ...exact, costs: { ...exact.costs, epollCtl: 20 } } as const;

  it('register, modify and unregister each make one epoll_ctl (epollCtl) without the GIL; errors come after it', () => {
    const sim = simulate(function* () {
      const [c] = yield* pair();
      const ep = new epoll();
      const t0 = monotonic();
      const us = () => Math.round((monotonic() - t0) * 1e6);
      const log: string[] = [];
      yield* ep.register(c, EPOLLIN);
      log.push(`register @${us()}`);
      yield* ep.modify(c, EPOLLOUT);
      log.push(`modify @${us()}`);
      log.push(`${describeError(yield* raises(() => ep.register(c)))} @${us()}`);
      yield* ep.unregister(c);
      log.push(`unregister @${us()}`);
      ep.close();
      // CPython checks for a closed epoll before its epoll_ctl.
      log.push(`${describeError(yield* raises(() => ep.register(c)))} @${us()}`);
      return log;
    }, ctl);
    expect(sim.result).toEqual([
      'register @20',
      'modify @40',
      'FileExistsError: [Errno 17] File exists @60',
      'unregister @80',
      'ValueError: I/O operation on closed epoll object @80',
    ]);
  });
});
