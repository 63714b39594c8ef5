/**
 * Bug: a server that ignores the return value of `send()`. On a socket that is not
 * blocking — non-blocking, with a timeout, or gevent-patched as here — `send` queues only
 * what fits in the send buffer and returns that count; the rest of the reply is silently
 * dropped unless the caller loops (or uses `sendall`). With a small send buffer
 * (SO_SNDBUF) any reply larger than it comes back short, and the client waits for bytes
 * that never come. With `fixed=true` the handler calls `sendall`.
 */

import { type Blocking, defineScenario, gevent, net, param } from 'concsim';
import { BUFSIZE, EchoLoad, echoIntegrity, HOST, upper } from '../net/echo-load.ts';

const { monkey } = gevent;
const { StreamServer } = gevent.server;
const { ConnectionError, createServer, SO_SNDBUF, SOL_SOCKET } = net;
type socket = net.socket;

export default defineScenario({
  name: 'short-send',
  summary: 'bug: a gevent echo server ignores what send() returns, and drops the rest of large replies',
  expectFailure: true,
  params: {
    clients: param.int({ default: 2, min: 1, max: 1000, checkMax: 3, doc: 'clients at once' }),
    messages: param.int({ default: 2, min: 1, max: 100, checkMax: 2, doc: 'messages per client' }),
    maxSize: param.int({
      default: 16_384,
      min: 1,
      max: 1_000_000,
      checkMax: 20_000,
      doc: 'largest message, bytes (sizes drawn from 100 to this)',
    }),
    sendBuffer: param.int({
      default: 4096,
      min: 1,
      max: 1_000_000,
      checkMax: 8192,
      doc: "the server's SO_SNDBUF, bytes",
    }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'use sendall (the fix)' }),
  },
  limits: { maxTime: 3600 },
  *main(p, ctx) {
    const port = 8200;
    const load = new EchoLoad(
      {
        clients: p.clients,
        messages: p.messages,
        minSize: Math.min(100, p.maxSize),
        maxSize: p.maxSize,
        port,
        timeout: 1,
        names: (i) => `client-${i + 1}`,
      },
      ctx.rng,
    );
    load.start();
    yield* load.started.wait();
    monkey.patchAll();
    const handle = function* (conn: socket): Blocking {
      conn.setsockopt(SOL_SOCKET, SO_SNDBUF, p.sendBuffer);
      try {
        for (;;) {
          const data = yield* conn.recv(BUFSIZE * 16);
          if (data.length === 0) return;
          if (p.fixed) yield* conn.sendall(upper(data));
          else yield* conn.send(upper(data)); // the bug: the count it returns is ignored
        }
      } catch (e) {
        if (!(e instanceof ConnectionError)) throw e;
      }
    };
    const server = new StreamServer(createServer([HOST, port]), handle, { maxConnections: p.clients });
    server.start();
    load.release();
    yield* server.join();
    server.stop();
    yield* load.join();
    return { echo: load.summary() };
  },
  invariants: [
    {
      name: 'echo-integrity',
      statement:
        'each client gets back exactly the bytes it sent, upper-cased, in order: none lost, duplicated or delivered to another client',
      check: (r) => echoIntegrity(r.echo),
    },
  ],
});
