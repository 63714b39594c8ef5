/**
 * Sockets under gevent: a greenlet server whose handlers block in socket calls and
 * `time.sleep`. Patched, those calls yield to the hub and the handlers overlap; unpatched,
 * each call stalls every greenlet of the thread, and the clients are served one by one.
 */
import { describe, expect, it } from 'vitest';
import { joinall, spawn } from '../gevent/greenlet.ts';
import { patchAll } from '../gevent/monkey.ts';
import { simulate } from '../simulate.ts';
import { FREE_SOCKET_CALLS, go } from '../testing.ts';
import { monotonic, sleep } from '../time.ts';
import { decode, encode } from './bytes.ts';
import { memoryUsage } from './memory.ts';
import { socket } from './socket.ts';

const exact = {
  strategy: 'fifo',
  costs: {
    ...FREE_SOCKET_CALLS,
    loopbackLatency: 0,
    loopbackBandwidth: 0,
  },
} as const;

function* echoServer(patched: boolean) {
  const done: string[] = [];
  const clients = [0, 1, 2].map((i) =>
    go(function* () {
      yield* sleep(0.001);
      const s = new socket();
      yield* s.connect(['127.0.0.1', 8080]);
      yield* s.sendall(encode(`hello from ${i}`));
      const reply = decode(yield* s.recv(100));
      yield* s.close();
      done.push(`${reply} @${monotonic()}`);
    }),
  );
  if (patched) patchAll();
  const srv = new socket();
  srv.bind(['127.0.0.1', 8080]);
  srv.listen();
  let greenlets = 0;
  const server = spawn(function* () {
    const handlers = [];
    for (let i = 0; i < 3; i++) {
      const [conn] = yield* srv.accept();
      handlers.push(
        spawn(function* () {
          const data = yield* conn.recv(100);
          yield* sleep(1); // time.sleep: patched, it yields to the hub
          yield* conn.sendall(encode(decode(data).toUpperCase()));
          yield* conn.close();
        }),
      );
    }
    greenlets = memoryUsage().greenlets;
    yield* joinall(handlers);
  });
  yield* joinall([server]);
  for (const c of clients) yield* c.join();
  return { done, greenlets };
}

describe('sockets under gevent', () => {
  it('patched: handlers overlap, each client answered one second after it asked', () => {
    const sim = simulate(() => echoServer(true), exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result?.done).toEqual(['HELLO FROM 0 @1.001', 'HELLO FROM 1 @1.001', 'HELLO FROM 2 @1.001']);
    expect(sim.result?.greenlets).toBeGreaterThanOrEqual(4); // the server, three handlers (and the hub's loop)
  });

  it('unpatched: a blocking call stalls the hub, and the clients are served one after another', () => {
    const sim = simulate(() => echoServer(false), exact);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result?.done).toEqual(['HELLO FROM 0 @1.001', 'HELLO FROM 1 @2.001', 'HELLO FROM 2 @3.001']);
  });
});
