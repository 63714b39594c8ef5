/**
 * The echo scenarios under drawn seeds, schedules and loads:
 * - echo integrity for each I/O model (thread per connection, gevent, busy polling,
 *   epoll, asyncio) and for the gevent echo server and the threaded clients: every client
 *   gets back exactly its own bytes, upper-cased, in order;
 * - the five models under one load see the same bytes, the single-threaded ones run in
 *   one OS thread, and where clients pause between messages busy polling burns more server
 *   CPU than epoll, at least the time it ran;
 * - the two network bugs show exactly when they should: a short send loses data whenever
 *   a reply is larger than the send buffer, and `sendall` fixes it; an unpatched
 *   `time.sleep` stalls the gevent server whenever two requests overlap, and
 *   `monkey.patchAll()` fixes it.
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CHECK_MAX_STEPS } from '../runner/check.ts';
import { type RunOptions, runScenario } from '../runner/run.ts';
import shortSend from '../scenarios/bugs/short-send.ts';
import unpatchedStall from '../scenarios/bugs/unpatched-stall.ts';
import geventEchoServer from '../scenarios/net/gevent-echo-server.ts';
import ioModels, { IO_MODELS, type IoResult } from '../scenarios/net/io-models.ts';
import threadedClients from '../scenarios/net/threaded-clients.ts';
import { seedArb, seededStrategyArb } from './support.ts';

const runArb = fc.record({ seed: seedArb, strategy: seededStrategyArb });

function opts(r: { seed: number; strategy: 'fifo' | 'random' | 'pct' }, params: Record<string, unknown>): RunOptions {
  return {
    seed: r.seed,
    strategy: r.strategy,
    params,
    maxSteps: CHECK_MAX_STEPS,
    ...(r.strategy === 'pct' ? { pctSteps: 500 } : {}),
  };
}

const loadArb = fc.record({
  clients: fc.integer({ min: 1, max: 6 }),
  messages: fc.integer({ min: 1, max: 3 }),
  size: fc.integer({ min: 1, max: 5000 }),
  think: fc.constantFrom(0, 0.0001, 0.0003),
});

describe('io-models', () => {
  for (const model of IO_MODELS) {
    test.prop([loadArb, runArb], { numRuns: 20 })(
      `${model}: echo integrity — every message comes back whole, upper-cased, to its own client`,
      (load, run) => {
        const r = runScenario(ioModels, opts(run, { model, ...load }));
        expect(r.verdict).toEqual({ kind: 'ok' });
        const m = (r.result as IoResult).models[0]!;
        expect(m.model).toBe(model);
        expect(m.echo.errors).toEqual([]);
        expect(m.echo.answered).toBe(load.clients * load.messages);
        expect(m.echo.bytesReceived).toBe(m.echo.bytesSent);
        expect(m.latencyMs.p50).toBeLessThanOrEqual(m.latencyMs.p99);
        expect(m.latencyMs.p99).toBeLessThanOrEqual(m.latencyMs.max);
      },
    );
  }

  test.prop([loadArb.filter((l) => l.think > 0), runArb], { numRuns: 10 })(
    'all five under one load: the same bytes each; one OS thread for all but thread-per-connection; busy polling outspends epoll',
    (load, run) => {
      const r = runScenario(ioModels, opts(run, { model: 'all', ...load }));
      expect(r.verdict).toEqual({ kind: 'ok' });
      const res = r.result as IoResult;
      expect(res.models.map((m) => m.model)).toEqual([...IO_MODELS]);
      const sent = new Set(res.models.map((m) => m.echo.bytesSent));
      expect(sent.size).toBe(1);
      for (const m of res.models) {
        expect(m.echo.errors, m.model).toEqual([]);
        if (m.model === 'thread') expect(m.peakThreads).toBeGreaterThan(1);
        else expect(m.peakThreads, m.model).toBe(1);
        if (m.model === 'gevent') expect(m.peakMemory.greenlets).toBeGreaterThan(0);
        if (m.model === 'asyncio') expect(m.peakMemory.tasks).toBeGreaterThan(0);
      }
      const polling = res.models.find((m) => m.model === 'polling')!;
      const epoll = res.models.find((m) => m.model === 'epoll')!;
      expect(polling.serverCpuMs).toBeGreaterThan(epoll.serverCpuMs);
      // The polling thread never blocks: it is on a core from the go until it has served all.
      expect(polling.serverCpuMs).toBeGreaterThanOrEqual(polling.elapsed * 1000 * 0.5);
    },
  );
});

describe('echo scenarios', () => {
  test.prop(
    [
      fc.record({
        clients: fc.integer({ min: 1, max: 5 }),
        messages: fc.integer({ min: 1, max: 3 }),
        minSize: fc.integer({ min: 1, max: 3000 }),
        maxSize: fc.integer({ min: 1, max: 30_000 }),
        think: fc.constantFrom(0, 0.0005),
      }),
      runArb,
    ],
    { numRuns: 25 },
  )('gevent-echo-server: echo integrity in one OS thread', (params, run) => {
    const r = runScenario(geventEchoServer, opts(run, params));
    expect(r.verdict).toEqual({ kind: 'ok' });
    expect(r.result!.echo.answered).toBe(params.clients * params.messages);
    expect(r.result!.serverThreads).toBe(1);
  });

  test.prop(
    [fc.record({ clients: fc.integer({ min: 1, max: 30 }), messages: fc.integer({ min: 1, max: 3 }) }), runArb],
    { numRuns: 25 },
  )('threaded-clients: every thread gets its own hellos back; threads stay bounded', (params, run) => {
    const r = runScenario(threadedClients, opts(run, { ...params, think: 0 }));
    expect(r.verdict).toEqual({ kind: 'ok' });
    expect(r.invariants.every((i) => i.ok && i.checked)).toBe(true);
    expect(r.result!.echo.answered).toBe(params.clients * params.messages);
    expect(r.result!.peakServerThreads).toBeLessThanOrEqual(params.clients + 1);
  });
});

describe('network bugs', () => {
  test.prop(
    [
      fc.record({
        clients: fc.integer({ min: 1, max: 3 }),
        messages: fc.integer({ min: 1, max: 2 }),
        maxSize: fc.integer({ min: 100, max: 16_000 }),
        sendBuffer: fc.integer({ min: 1, max: 20_000 }),
        fixed: fc.boolean(),
      }),
      runArb,
    ],
    { numRuns: 40 },
  )(
    'short-send: sendall keeps the echo whole; a send that ignores its count loses data once a reply outgrows the buffer',
    (params, run) => {
      const r = runScenario(shortSend, opts(run, params));
      const broken = r.verdict.kind === 'invariant' && r.verdict.monitor === 'echo-integrity';
      if (params.fixed) expect(r.verdict).toEqual({ kind: 'ok' });
      else if (params.sendBuffer < 100)
        expect(broken).toBe(true); // every message is 100 bytes or more
      else if (params.sendBuffer >= params.maxSize) expect(r.verdict).toEqual({ kind: 'ok' });
      else expect(r.verdict.kind === 'ok' || broken).toBe(true);
    },
  );

  test.prop(
    [
      fc.record({
        clients: fc.integer({ min: 2, max: 4 }),
        messages: fc.integer({ min: 1, max: 2 }),
        work: fc.constantFrom(0.001, 0.01, 0.1),
        fixed: fc.boolean(),
      }),
      runArb,
    ],
    { numRuns: 30 },
  )(
    'unpatched-stall: unpatched, the hub serves one client at a time and a request waits for others; patched, none does',
    (params, run) => {
      const r = runScenario(unpatchedStall, opts(run, params));
      if (params.fixed) {
        expect(r.verdict).toEqual({ kind: 'ok' });
        expect(r.result!.echo.latencyMs.max).toBeLessThan(params.work * 1000 * 1.5);
      } else {
        expect(r.verdict.kind).toBe('invariant');
        if (r.verdict.kind === 'invariant') expect(r.verdict.monitor).toBe('request-latency');
      }
    },
  );
});
