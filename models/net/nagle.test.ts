import { describe, expect, it } from 'vitest';
import { type Blocking, UNCALIBRATED_COSTS } from '../../engine/index.ts';
import { simulate } from '../simulate.ts';
import { Thread } from '../threading/thread.ts';
import { monotonic } from '../time.ts';
import { IPPROTO_TCP, socket, TCP_NODELAY } from './socket.ts';

/** Free calls, an instant loopback, and Linux's 40 ms delayed ACK: times are the ACK delays alone. */
const nagle = {
  strategy: 'fifo',
  costs: {
    ...UNCALIBRATED_COSTS,
    socketCall: 0,
    socketConnect: 0,
    socketAccept: 0,
    socketSend: 0,
    socketRecv: 0,
    loopbackLatency: 0,
    loopbackBandwidth: 0,
    delayedAck: 40_000,
  },
} as const;

/** write-write-read: two 100-byte sends, then a 1-byte reply once the server has all 200. */
function* writeWriteRead(nodelay: boolean): Blocking<number[]> {
  const srv = new socket();
  srv.bind(['127.0.0.1', 9100]);
  srv.listen();
  const server = new Thread({
    *target() {
      const [conn] = yield* srv.accept();
      for (let round = 0; round < 2; round++) {
        let got = 0;
        while (got < 200) got += (yield* conn.recv(4096)).length;
        yield* conn.sendall(new Uint8Array(1));
      }
      yield* conn.close();
    },
  });
  yield* server.start();
  const c = new socket();
  yield* c.connect(['127.0.0.1', 9100]);
  if (nodelay) c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
  const times: number[] = [];
  for (let round = 0; round < 2; round++) {
    const t0 = monotonic();
    yield* c.send(new Uint8Array(100));
    yield* c.send(new Uint8Array(100));
    yield* c.recv(1);
    times.push(Math.round((monotonic() - t0) * 1e6));
  }
  yield* c.close();
  yield* server.join();
  yield* srv.close();
  return times;
}

/**
 * A one-way stream of small messages: `rounds` times, two 64-byte sends, then the receiver
 * reads both (it never sends, so the connection never turns interactive). Returns each
 * round's time, in µs.
 */
function* oneWay(rounds: number): Blocking<number[]> {
  const srv = new socket();
  srv.bind(['127.0.0.1', 9101]);
  srv.listen();
  const a = new socket();
  yield* a.connect(['127.0.0.1', 9101]);
  const [b] = yield* srv.accept();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = monotonic();
    yield* a.send(new Uint8Array(64));
    yield* a.send(new Uint8Array(64));
    let got = 0;
    while (got < 128) got += (yield* b.recv(128)).length;
    times.push(Math.round((monotonic() - t0) * 1e6));
  }
  for (const s of [a, b, srv]) yield* s.close();
  return times;
}

describe("Nagle's algorithm with delayed ACKs", () => {
  it('holds a second small segment until the peer’s delayed ACK: write-write-read stalls 40 ms once the connection is interactive', () => {
    // The first round rides the server's quick-ACK mode; its reply makes the connection
    // interactive (ping-pong), and from then on the server delays its ACKs. Linux 6.18 on
    // loopback, the same exchange: [0.34, 42.17, 43.97, 44.04, …] ms.
    expect(simulate(() => writeWriteRead(false), nagle).result).toEqual([0, 40_000]);
  });

  it('a read that empties the buffer after a small segment ACKs at once outside ping-pong mode (tcp_cleanup_rbuf)', () => {
    // Past the 16 quick ACKs, each second send waits for the ACK of the first, which the
    // reader's recv sends at once: no round waits for a delayed ACK. Linux 6.18 on
    // loopback, 20 rounds: 0.037 ms at most.
    expect(simulate(() => oneWay(20), nagle).result).toEqual(new Array(20).fill(0));
  });

  it('TCP_NODELAY sends at once', () => {
    expect(simulate(() => writeWriteRead(true), nagle).result).toEqual([0, 0]);
  });

  it('is off when delayedAck is 0', () => {
    const off = { ...nagle, costs: { ...nagle.costs, delayedAck: 0 } };
    expect(simulate(() => writeWriteRead(false), off).result).toEqual([0, 0]);
  });
});
