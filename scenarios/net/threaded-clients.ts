/**
 * Hundreds of client threads against a thread-per-connection echo server: each client
 * thread connects and, in a loop, sends `<thread name> say hello <n>` and reads the reply,
 * which must be its own line upper-cased (scenarios/echo-load.ts). The clients are threads
 * of a clients process; the server accepts in its main thread and starts a handler thread
 * per connection, which ends when its client hangs up. So the number of threads is bounded
 * by the number of clients: one client thread and at most one handler thread per client.
 */

import { defineScenario, param, type TraceRecord } from 'concsim';
import { EchoLoad, echoIntegrity, ServerGauge, threadServer, throughput } from './echo-load.ts';

export default defineScenario({
  name: 'threaded-clients',
  summary: 'hundreds of client threads say hello in a loop to a thread-per-connection echo server',
  params: {
    clients: param.int({ default: 500, min: 1, max: 10_000, checkMax: 6, doc: 'client threads' }),
    messages: param.int({ default: 3, min: 1, max: 1000, checkMax: 3, doc: 'hellos per client, one at a time' }),
    think: param.number({
      default: 0.001,
      min: 0,
      max: 60,
      checkMax: 0.002,
      doc: 'mean pause of a client before each hello, seconds',
    }),
  },
  limits: { maxTime: 3600 },
  *main(p, ctx) {
    const port = 9000;
    const load = new EchoLoad(
      {
        clients: p.clients,
        messages: p.messages,
        minSize: 0,
        maxSize: 0,
        port,
        timeout: null,
        think: p.think,
        connect: 'socket',
        drain: false,
        goAtStart: true,
      },
      ctx.rng,
    );
    const gauge = new ServerGauge();
    gauge.watch(load, Math.ceil((p.clients * p.messages) / 8));
    // As the twin: the server listens, then the client process starts its threads and sets the go.
    yield* threadServer({ port, connections: p.clients, backlog: 1024, gauge, onListening: () => load.start() });
    yield* load.join();
    const echo = load.summary();
    return {
      echo,
      first: load.records[0]?.name ?? null,
      peakServerThreads: gauge.peakThreads,
      throughput: throughput(echo),
    };
  },
  invariants: [
    {
      name: 'echo-integrity',
      statement:
        'each client thread gets back exactly its own hellos, upper-cased, in order: none lost, duplicated or delivered to another thread',
      check: (r) => echoIntegrity(r.echo),
    },
    {
      name: 'bounded-threads',
      statement:
        'at every step, at most 2 × clients + 2 threads are alive (a thread per client, at most one handler thread per connection, and the two processes’ main threads); none is left when the run ends',
      monitor: (p) => {
        const bound = 2 * p.clients + 2;
        let live = 0;
        let peak = 0;
        return {
          onRecord(r: TraceRecord) {
            if (r.kind === 'spawn') {
              live++;
              if (live > peak) peak = live;
              if (live > bound) return `${live} threads alive at once, more than 2 × ${p.clients} clients + 2`;
            } else if (r.kind === 'finish') {
              live--;
            }
            return undefined;
          },
          end: () => (live !== 0 ? `${live} threads still alive at the end` : undefined),
        };
      },
    },
  ],
});
