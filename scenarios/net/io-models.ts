/**
 * The four I/O models (five servers) under the same echo load: `clients` clients, arriving
 * `arrival` seconds apart, each send `messages` messages of `size` bytes, pausing about
 * `think` seconds before each, and read each reply, upper-cased, before the next
 * (scenarios/echo-load.ts; every model gets the same sizes and pauses). The clients run
 * in processes of 100, each with its own GIL and core, so the load generator is not the
 * bottleneck; the server gets one core. The server is written five ways:
 * - `thread`: blocking sockets, a thread per connection;
 * - `gevent`: `monkey.patchAll()`, a StreamServer spawning a greenlet per connection;
 * - `polling`: one thread looping over non-blocking sockets, catching BlockingIOError;
 * - `epoll`: one thread waiting in `select.epoll().poll()`, serving the sockets it reports;
 * - `asyncio`: `asyncio.start_server`, a task per connection on the event loop.
 * `model=all` runs the five one after another (gevent last: patching is for the rest of
 * the run), each against a fresh clients process.
 *
 * For each model the result gives, in virtual time: throughput (messages per second from
 * the moment the server listens until the last client has hung up), round-trip latency
 * percentiles, CPU busy time (`kernel.cpu.busyTicks` over the same span — the server's
 * and the clients', whose share is the same load for every model), the server's peak
 * OS threads, and its peak memory at the cost model's sizes (threads' stacks, greenlets,
 * tasks, sockets and queued bytes of the server process, as models/net/memory.ts counts
 * them; `runPeakBytes` is the same accounting for the whole run, clients included).
 *
 * Connections overlap when the clients' sessions (about `messages` × `think`) outlast
 * their arrival (`clients` × `arrival`): for 10,000 connections open at once, give them
 * time, e.g. `--param clients=10000 --param think=0.05 --param arrival=0.000002`. With
 * `arrival=0` they all connect at once, overflow the listen backlog (SOMAXCONN, 4096) and
 * retry their SYNs a second later, as Linux clients do.
 */

import { type Blocking, defineScenario, gevent, kernel, makeRng, net, param, type Rng } from 'concsim';
import {
  asyncioServer,
  EchoLoad,
  echoIntegrity,
  epollServer,
  geventServer,
  type LoadSummary,
  ProcessCpu,
  pollingServer,
  type ServeOptions,
  ServerGauge,
  type ServerUsage,
  threadServer,
  throughput,
} from './echo-load.ts';

const { monkey } = gevent;
const { SOMAXCONN } = net;

export const IO_MODELS = ['thread', 'gevent', 'polling', 'epoll', 'asyncio'] as const;
export type IoModel = (typeof IO_MODELS)[number];
/** The order of `model=all`: gevent last, since `monkey.patchAll()` holds for the rest of the run. */
const RUN_ORDER: readonly IoModel[] = ['thread', 'polling', 'epoll', 'asyncio', 'gevent'];

/** Clients per load-generator process: each has its own GIL, so the load is not the bottleneck. */
const CLIENTS_PER_PROCESS = 100;

const SERVERS: Record<IoModel, (o: ServeOptions) => Blocking> = {
  thread: threadServer,
  gevent: geventServer,
  polling: pollingServer,
  epoll: epollServer,
  asyncio: asyncioServer,
};

export interface IoParams {
  readonly model: IoModel | 'all';
  readonly clients: number;
  readonly messages: number;
  readonly size: number;
  readonly think: number;
  readonly arrival: number;
  readonly timeout: number;
}

export interface ModelResult {
  readonly model: IoModel;
  /** Messages answered per second of virtual time. */
  readonly throughput: number;
  readonly latencyMs: LoadSummary['latencyMs'];
  /** Core time used (`kernel.cpu.busyTicks`), server and clients, in virtual milliseconds. */
  readonly cpuMs: number;
  /** The server process's share of it. */
  readonly serverCpuMs: number;
  /** Virtual seconds from the server listening to the last client's end. */
  readonly elapsed: number;
  readonly peakThreads: number;
  /** The server's resources when its memory peaked. */
  readonly peakMemory: ServerUsage & { readonly MiB: number };
  /** models/net `memoryUsage()` of the whole run (clients included) at its peak, in bytes. */
  readonly runPeakBytes: number;
  readonly echo: LoadSummary;
}

export interface IoResult {
  readonly clients: number;
  readonly messages: number;
  readonly size: number;
  readonly models: readonly ModelResult[];
}

function* runModel(model: IoModel, p: IoParams, rng: Rng, port: number): Blocking<ModelResult> {
  const k = kernel();
  const load = new EchoLoad(
    {
      clients: p.clients,
      messages: p.messages,
      minSize: p.size,
      maxSize: p.size,
      port,
      timeout: p.timeout,
      think: p.think,
      arrival: p.arrival,
      process: `clients-${model}`,
      perProcess: CLIENTS_PER_PROCESS,
      names: (i) => `client-${i + 1}`,
    },
    rng,
  );
  load.start();
  yield* load.started.wait();
  if (model === 'gevent') monkey.patchAll();
  const gauge = new ServerGauge();
  gauge.watch(load, Math.ceil((p.clients * p.messages) / 16));
  let cpu0 = 0;
  const serverCpu = new ProcessCpu();
  yield* SERVERS[model]({
    port,
    connections: p.clients,
    backlog: SOMAXCONN,
    gauge,
    onListening: () => {
      cpu0 = k.cpu.busyTicks;
      load.release();
    },
  });
  yield* load.join();
  const cpu = k.cpu.busyTicks - cpu0;
  const server = serverCpu.stop();
  gauge.sample();
  const echo = load.summary();
  return {
    model,
    throughput: throughput(echo),
    latencyMs: echo.latencyMs,
    cpuMs: cpu / 1000,
    serverCpuMs: server / 1000,
    elapsed: echo.elapsed,
    peakThreads: gauge.peakThreads,
    peakMemory: { ...gauge.peak, MiB: Math.round((gauge.peak.bytes / 1_048_576) * 100) / 100 },
    runPeakBytes: gauge.runPeakBytes,
    echo,
  };
}

function byModel(r: IoResult, m: IoModel): ModelResult | undefined {
  return r.models.find((x) => x.model === m);
}

export default defineScenario({
  name: 'io-models',
  summary: 'one echo load served five ways: thread per connection, gevent, busy polling, epoll, asyncio',
  params: {
    model: param.choice(['all', ...IO_MODELS] as const, {
      default: 'all',
      doc: 'which server: thread, gevent, polling, epoll, asyncio, or all five in turn',
    }),
    clients: param.int({ default: 50, min: 1, max: 10_000, checkMax: 4, doc: 'concurrent clients' }),
    messages: param.int({ default: 3, min: 1, max: 1000, checkMax: 3, doc: 'messages per client, one at a time' }),
    size: param.int({ default: 64, min: 1, max: 1_000_000, checkMax: 4096, doc: 'bytes per message' }),
    think: param.number({
      default: 0.002,
      min: 0,
      max: 60,
      checkMax: 0.0005,
      doc: 'mean pause of a client before each message, seconds (drawn from 0 to twice this)',
    }),
    arrival: param.number({
      default: 0.00001,
      min: 0,
      max: 1,
      checkMax: 0.0001,
      doc: 'seconds between two clients connecting (0: all at once, a SYN storm past the backlog)',
    }),
    timeout: param.number({ default: 60, min: 0.001, max: 3600, doc: 'client socket timeout, seconds' }),
  },
  // A core for the server, and one per clients process (up to 8).
  limits: (p) => ({
    cores: 1 + Math.min(8, Math.ceil(p.clients / CLIENTS_PER_PROCESS)),
    maxTime: 3600 + p.timeout * 2,
  }),
  *main(p, ctx) {
    const models = p.model === 'all' ? RUN_ORDER : [p.model];
    // Every model gets the same load: message sizes and pauses from one seed.
    const loadSeed = String(ctx.rng.int(2 ** 31));
    const results: ModelResult[] = [];
    for (const [i, m] of models.entries()) {
      results.push(yield* runModel(m, p, makeRng(loadSeed, 'echo-load'), 8001 + i));
      ctx.log(`${m}: ${results[results.length - 1]?.throughput} msg/s`);
    }
    const ordered = IO_MODELS.flatMap((m) => results.filter((r) => r.model === m));
    return { clients: p.clients, messages: p.messages, size: p.size, models: ordered } satisfies IoResult;
  },
  invariants: [
    {
      name: 'echo-integrity',
      statement:
        'under every model, each client gets back exactly its own bytes, upper-cased, in order: none lost, duplicated or delivered to another client',
      check: (r) => {
        for (const m of r.models) {
          const e = echoIntegrity(m.echo, m.model);
          if (e) return e;
        }
        return undefined;
      },
    },
    {
      name: 'model-sanity',
      statement:
        'the single-threaded servers (gevent, polling, epoll, asyncio) run in one OS thread and the thread-per-connection server in more; where the epoll server was idle part of the time (its CPU under 90% of its elapsed time), busy polling burned more server CPU for the same load',
      check: (r) => {
        for (const m of r.models) {
          if (m.model === 'thread' ? m.peakThreads < 2 : m.peakThreads !== 1) {
            return `the ${m.model} server peaked at ${m.peakThreads} OS threads`;
          }
        }
        const polling = byModel(r, 'polling');
        const epoll = byModel(r, 'epoll');
        const pc = polling?.serverCpuMs ?? null;
        const ec = epoll?.serverCpuMs ?? null;
        // Where epoll's server sat idle part of the time, busy polling spun through it.
        if (pc !== null && ec !== null && epoll !== undefined && ec < epoll.elapsed * 1000 * 0.9 && !(pc > ec)) {
          return `busy polling used ${pc} ms of server CPU, no more than epoll's ${ec} ms`;
        }
        return undefined;
      },
    },
  ],
});
