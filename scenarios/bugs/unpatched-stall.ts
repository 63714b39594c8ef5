/**
 * Bug: an unpatched blocking call stalls a gevent server. The server is a StreamServer of
 * greenlets, and each request waits on a backend (`time.sleep(work)`, standing for a
 * database call) before the reply. Without `monkey.patch_all()`, `time.sleep` and the
 * socket calls block the OS thread itself — every greenlet of its hub with it — so the
 * handlers no longer overlap: one client is served from its first request to its last
 * while the others wait, and a request that should take `work` seconds takes several
 * times that. With `fixed=true` (patched) the same server overlaps the waits and every request is
 * answered in about `work` seconds.
 */

import { defineScenario, gevent, param, sleep } from 'concsim';
import { EchoLoad, echoIntegrity, geventServer, ServerGauge } from '../net/echo-load.ts';

const { monkey } = gevent;

export default defineScenario({
  name: 'unpatched-stall',
  summary: 'bug: a gevent server without monkey patching blocks its hub in time.sleep and serves clients one by one',
  expectFailure: true,
  params: {
    clients: param.int({ default: 2, min: 2, max: 1000, checkMax: 4, doc: 'clients at once' }),
    messages: param.int({ default: 2, min: 1, max: 100, checkMax: 2, doc: 'requests per client' }),
    work: param.number({ default: 0.05, min: 0.001, max: 10, checkMax: 0.1, doc: 'backend wait per request, seconds' }),
    fixed: param.boolean({ default: false, drawn: false, doc: 'call monkey.patchAll() first (the fix)' }),
  },
  limits: { maxTime: 3600 },
  *main(p, ctx) {
    const port = 8100;
    const load = new EchoLoad(
      {
        clients: p.clients,
        messages: p.messages,
        minSize: 0,
        maxSize: 64,
        port,
        timeout: 600,
        names: (i) => `client-${i + 1}`,
      },
      ctx.rng,
    );
    load.start();
    yield* load.started.wait();
    if (p.fixed) monkey.patchAll();
    const gauge = new ServerGauge();
    yield* geventServer({
      port,
      connections: p.clients,
      backlog: 128,
      gauge,
      work: p.work,
      sleep, // time.sleep: patched, it yields to the hub; unpatched, it blocks the thread
      onListening: () => load.release(),
    });
    yield* load.join();
    return { echo: load.summary() };
  },
  invariants: [
    {
      name: 'request-latency',
      statement:
        'every request is answered within 1.5 × work: requests that wait on the backend at the same time overlap their waits',
      check: (r, p) => {
        const bound = Math.round(1.5 * p.work * 1e6) / 1000;
        const max = r.echo.latencyMs.max;
        return max > bound
          ? `a request took ${max} ms, more than 1.5 × work = ${bound} ms (p50 ${r.echo.latencyMs.p50} ms): the hub was stalled`
          : undefined;
      },
    },
    {
      name: 'echo-integrity',
      statement: 'each client gets back exactly its own bytes, upper-cased, in order',
      check: (r) => echoIntegrity(r.echo),
    },
  ],
});
