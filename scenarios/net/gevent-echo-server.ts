/**
 * The classic gevent echo server: `monkey.patch_all()`, then a StreamServer whose handler
 * upper-cases what each client sends — `while data := sock.recv(4096): sock.sendall(data.upper())`
 * — in a greenlet per connection, all in one OS thread. Many clients talk to it at once
 * (threads of a clients process; scenarios/echo-load.ts), each sending `messages`
 * messages of drawn sizes and checking every reply. Patched socket calls yield to the
 * hub, so the handlers overlap wherever they wait, and code between two switch points
 * runs alone.
 */

import { defineScenario, gevent, param } from 'concsim';
import { EchoLoad, echoIntegrity, geventServer, ServerGauge, throughput } from './echo-load.ts';

const { monkey } = gevent;

export default defineScenario({
  name: 'gevent-echo-server',
  summary: 'a monkey-patched gevent StreamServer upper-cases what many clients send, a greenlet each',
  params: {
    clients: param.int({ default: 50, min: 1, max: 10_000, checkMax: 4, doc: 'clients talking at once' }),
    messages: param.int({ default: 4, min: 1, max: 1000, checkMax: 3, doc: 'messages per client, one at a time' }),
    minSize: param.int({ default: 16, min: 1, max: 1_000_000, checkMax: 2048, doc: 'smallest message, bytes' }),
    maxSize: param.int({
      default: 8192,
      min: 1,
      max: 1_000_000,
      checkMax: 20_000,
      doc: 'largest message, bytes (sizes are drawn between minSize and this)',
    }),
    think: param.number({
      default: 0.001,
      min: 0,
      max: 60,
      checkMax: 0.002,
      doc: 'mean pause of a client before each message, seconds',
    }),
  },
  limits: { maxTime: 3600 },
  *main(p, ctx) {
    const port = 8000;
    const load = new EchoLoad(
      {
        clients: p.clients,
        messages: p.messages,
        minSize: Math.min(p.minSize, p.maxSize),
        maxSize: p.maxSize,
        port,
        timeout: null,
        drain: false,
        think: p.think,
        names: (i) => `client-${i + 1}`,
      },
      ctx.rng,
    );
    load.start();
    yield* load.started.wait(); // the clients are OS threads of their own process: patch after they exist
    monkey.patchAll();
    const gauge = new ServerGauge();
    gauge.watch(load, Math.ceil((p.clients * p.messages) / 8));
    yield* geventServer({
      port,
      connections: p.clients,
      backlog: 1024,
      gauge,
      onListening: () => load.release(),
    });
    yield* load.join();
    const echo = load.summary();
    return {
      echo,
      serverThreads: gauge.peakThreads,
      peakGreenlets: gauge.peak.greenlets,
      throughput: throughput(echo),
    };
  },
  invariants: [
    {
      name: 'echo-integrity',
      statement:
        'each client gets back exactly the bytes it sent, upper-cased, in order: none lost, duplicated or delivered to another client',
      check: (r) => echoIntegrity(r.echo),
    },
    {
      name: 'one-os-thread',
      statement: 'the whole server — accept loop and every handler — runs in one OS thread, as greenlets',
      check: (r) => (r.serverThreads !== 1 ? `the server ran in ${r.serverThreads} OS threads` : undefined),
    },
  ],
});
