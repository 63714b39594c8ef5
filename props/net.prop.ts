/**
 * Sockets, greenlets and coroutines under drawn inputs and schedules:
 * - a TCP connection delivers every byte sent, once, in order, to its own peer, whatever
 *   the message sizes, buffer sizes, link, the way the sender writes (`sendall`, a loop on
 *   `send` with a timeout, non-blocking `send` after `select`) and the way the receiver
 *   reads (blocking `recv`, or non-blocking after `epoll`);
 * - greenlets never interleave between switch points: CPU work, kernel preemption points
 *   and (unpatched) blocking calls inside a greenlet let no other greenlet of its hub run;
 * - an unpatched blocking call stalls every greenlet of the hub for its whole duration,
 *   while an OS thread outside the hub goes on; patched, the others run meanwhile [GEV-3];
 * - generator coroutines follow Python's send/throw/close protocol for drawn call
 *   sequences, checked against a reference state machine written from the research notes
 *   [GEN-1..10, GEN-15, GEN-16].
 */

import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Blocking } from '../engine/index.ts';
import { preempt } from '../engine/index.ts';
import { Coroutine } from '../models/coroutines/coroutine.ts';
import { GeneratorExit, StopIteration, ValueError } from '../models/errors.ts';
import { Greenlet, sleep as geventSleep, joinall, monkey } from '../models/gevent/index.ts';
import { concatBytes } from '../models/net/bytes.ts';
import { BlockingIOError } from '../models/net/errors.ts';
import { network } from '../models/net/network.ts';
import { EPOLLIN, epoll, select } from '../models/net/select.ts';
import { createConnection, createServer, SO_RCVBUF, SO_SNDBUF, SOL_SOCKET, type socket } from '../models/net/socket.ts';
import { type SimulateOptions, simulate } from '../models/simulate.ts';
import { go } from '../models/testing.ts';
import { compute, sleep as timeSleep } from '../models/time.ts';
import { CHECK_MAX_STEPS } from '../runner/check.ts';
import { nowTicks, scheduleArb, simOptions } from './support.ts';

// ---- sockets ------------------------------------------------------------------------------------

/** Byte `i` of message `j` on connection `c`: a pattern that differs between connections. */
function payload(c: number, j: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (c * 61 + j * 7 + i) & 0xff;
  return out;
}

type SendMode = 'sendall' | 'send-timeout' | 'nonblocking-select';
type RecvMode = 'blocking' | 'epoll';

const connCaseArb = fc.record({
  conns: fc.array(
    fc.record({
      sizes: fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 4 }),
      send: fc.constantFrom<SendMode>('sendall', 'send-timeout', 'nonblocking-select'),
      recv: fc.constantFrom<RecvMode>('blocking', 'epoll'),
      bufsize: fc.integer({ min: 1, max: 70_000 }),
      sndbuf: fc.option(fc.integer({ min: 1, max: 70_000 }), { nil: null }),
      rcvbuf: fc.option(fc.integer({ min: 1, max: 70_000 }), { nil: null }),
      /** The server side sends (else the client does). */
      serverSends: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  latencyUs: fc.integer({ min: 0, max: 500 }),
  bandwidth: fc.constantFrom(0, 1_000_000, 100_000_000, 5_000_000_000),
  jitterUs: fc.integer({ min: 0, max: 200 }),
  mss: fc.constantFrom(536, 1460, 65_536),
});

type ConnCase = typeof connCaseArb extends fc.Arbitrary<infer T> ? T : never;
type ConnSpec = ConnCase['conns'][number];

function* sendAll(s: socket, data: Uint8Array, mode: SendMode): Blocking {
  if (mode === 'sendall') {
    yield* s.sendall(data);
    return;
  }
  let sent = 0;
  while (sent < data.length) {
    if (mode === 'nonblocking-select') {
      try {
        sent += yield* s.send(data.subarray(sent));
      } catch (e) {
        if (!(e instanceof BlockingIOError)) throw e;
        yield* select([], [s], []);
      }
    } else {
      sent += yield* s.send(data.subarray(sent)); // with a timeout: may be short
    }
  }
}

function* receiveAll(s: socket, bufsize: number, mode: RecvMode): Blocking<Uint8Array> {
  const parts: Uint8Array[] = [];
  const ep = mode === 'epoll' ? new epoll() : null;
  if (ep !== null) {
    yield* s.setblocking(false);
    yield* ep.register(s, EPOLLIN);
  }
  for (;;) {
    let d: Uint8Array;
    if (ep !== null) {
      try {
        d = yield* s.recv(bufsize);
      } catch (e) {
        if (!(e instanceof BlockingIOError)) throw e;
        yield* ep.poll();
        continue;
      }
    } else {
      d = yield* s.recv(bufsize);
    }
    if (d.length === 0) break;
    if (d.length > bufsize) throw new Error(`recv(${bufsize}) returned ${d.length} bytes`);
    parts.push(d);
  }
  ep?.close();
  return concatBytes(parts);
}

function* transfer(c: number, spec: ConnSpec, a: socket, b: socket): Blocking<string> {
  const [tx, rx] = spec.serverSends ? [b, a] : [a, b];
  if (spec.sndbuf !== null) tx.setsockopt(SOL_SOCKET, SO_SNDBUF, spec.sndbuf);
  if (spec.rcvbuf !== null) rx.setsockopt(SOL_SOCKET, SO_RCVBUF, spec.rcvbuf);
  if (spec.send === 'send-timeout') yield* tx.settimeout(30);
  if (spec.send === 'nonblocking-select') yield* tx.setblocking(false);
  const expected = concatBytes(spec.sizes.map((n, j) => payload(c, j, n)));
  const writer = go(function* () {
    for (const [j, n] of spec.sizes.entries()) yield* sendAll(tx, payload(c, j, n), spec.send);
    yield* tx.close();
  }, `writer-${c}`);
  const got = yield* receiveAll(rx, spec.bufsize, spec.recv);
  yield* writer.join();
  yield* rx.close();
  if (got.length !== expected.length) return `connection ${c}: sent ${expected.length} bytes, received ${got.length}`;
  for (let i = 0; i < got.length; i++) {
    if (got[i] !== expected[i]) return `connection ${c}: byte ${i} differs`;
  }
  return 'ok';
}

/**
 * The step budget for a case: the usual one, plus a few steps for every piece its bytes move
 * in (the smallest of the read size, the buffers and the MSS). A drawn case can move 116 KB
 * through a 1-byte send buffer, ~2 steps a byte: beyond CHECK_MAX_STEPS alone. A runaway
 * still ends as `budget`.
 */
function withBudgetFor(c: ConnCase, o: SimulateOptions): SimulateOptions {
  const pieces = c.conns.reduce((n, k) => {
    const piece = Math.min(k.bufsize, k.sndbuf ?? Infinity, k.rcvbuf ?? Infinity, c.mss);
    return n + Math.ceil(k.sizes.reduce((a, b) => a + b, 0) / piece) + 1;
  }, 0);
  return { ...o, maxSteps: (o.maxSteps ?? CHECK_MAX_STEPS) + 8 * pieces };
}

describe('sockets', () => {
  test.prop([connCaseArb, scheduleArb], { numRuns: 60 })(
    'every byte sent on a connection arrives once, in order, at its own peer; recv never returns more than asked',
    (c, schedule) => {
      const sim = simulate(
        function* () {
          const net = network();
          net.configure({ mss: c.mss });
          net.link(net.localhost, net.localhost, {
            latency: c.latencyUs / 1e6,
            bandwidth: c.bandwidth,
            jitter: c.jitterUs / 1e6,
          });
          const srv = createServer(['127.0.0.1', 7000]);
          const pairs: [socket, socket][] = [];
          for (let i = 0; i < c.conns.length; i++) {
            const a = yield* createConnection(['127.0.0.1', 7000]);
            const [b] = yield* srv.accept();
            pairs.push([a, b]);
          }
          yield* srv.close();
          const workers = pairs.map(([a, b], i) => {
            let out = '';
            const t = go(function* () {
              out = yield* transfer(i, c.conns[i] as ConnSpec, a, b);
            }, `conn-${i}`);
            return { t, out: () => out };
          });
          for (const w of workers) yield* w.t.join();
          return workers.map((w) => w.out());
        },
        withBudgetFor(c, simOptions(schedule)),
      );
      expect(sim.verdict).toEqual({ kind: 'ok' });
      expect(sim.result).toEqual(c.conns.map(() => 'ok'));
    },
  );
});

// ---- greenlets ------------------------------------------------------------------------------------

/** What a greenlet does inside a segment that must run alone. */
type Inside = 'compute' | 'preempt' | 'unpatched-sleep' | 'plain';
/** The switch point between two segments. */
type Between = 'sleep0' | 'sleep' | 'patched-socket';

const atomicCaseArb = fc.record({
  greenlets: fc.integer({ min: 2, max: 5 }),
  segments: fc.integer({ min: 1, max: 4 }),
  inside: fc.array(fc.constantFrom<Inside>('compute', 'preempt', 'unpatched-sleep', 'plain'), {
    minLength: 1,
    maxLength: 3,
  }),
  between: fc.constantFrom<Between>('sleep0', 'sleep', 'patched-socket'),
});

describe('greenlets', () => {
  test.prop([atomicCaseArb, scheduleArb], { numRuns: 80 })(
    '[GEV-3] code between two switch points is atomic: no other greenlet of the hub runs inside a segment, and no update is lost',
    (c, schedule) => {
      const sim = simulate(function* () {
        const patched = c.between === 'patched-socket';
        if (patched) monkey.patchAll();
        const log: string[] = [];
        let counter = 0;
        let srv: socket | null = null;
        let peer: socket | null = null;
        let conn: socket | null = null;
        if (patched) {
          srv = createServer(['127.0.0.1', 7100]);
          peer = yield* createConnection(['127.0.0.1', 7100]);
          [conn] = yield* srv.accept();
        }
        const body = function* (g: number): Blocking {
          for (let s = 0; s < c.segments; s++) {
            log.push(`enter ${g}`);
            const read = counter;
            for (const op of c.inside) {
              if (op === 'compute') yield* compute(0.0001);
              else if (op === 'preempt') yield* preempt();
              else if (op === 'unpatched-sleep' && !patched) yield* timeSleep(0.0002);
            }
            counter = read + 1;
            log.push(`exit ${g}`);
            if (c.between === 'sleep0') yield* geventSleep(0);
            else if (c.between === 'sleep') yield* geventSleep(0.0001 * (g + 1));
            else if (conn !== null && peer !== null) {
              yield* (peer as socket).sendall(new Uint8Array([g]));
              yield* (conn as socket).recv(1); // a patched socket call: a switch point
            }
          }
        };
        const gs = Array.from({ length: c.greenlets }, (_, g) => Greenlet.spawn(body, g));
        yield* joinall(gs);
        for (const s of [conn, peer, srv]) if (s !== null) yield* (s as socket).close();
        return { log, counter };
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const r = sim.result!;
      expect(r.counter).toBe(c.greenlets * c.segments);
      for (let i = 0; i < r.log.length; i += 2) {
        const g = (r.log[i] as string).split(' ')[1];
        expect(r.log[i]).toBe(`enter ${g}`);
        expect(r.log[i + 1], `a segment of greenlet ${g} was interleaved: ${r.log.join(', ')}`).toBe(`exit ${g}`);
      }
    },
  );

  test.prop(
    [
      fc.record({
        patched: fc.boolean(),
        others: fc.integer({ min: 1, max: 4 }),
        stallMs: fc.integer({ min: 7, max: 20 }),
        startMs: fc.integer({ min: 0, max: 5 }),
        tickMs: fc.integer({ min: 1, max: 3 }),
      }),
      scheduleArb,
    ],
    { numRuns: 60 },
  )(
    '[GEV-3] an unpatched time.sleep stalls every greenlet of its hub for its whole length, not an OS thread; patched, the others run meanwhile',
    (c, schedule) => {
      const sim = simulate(function* () {
        if (c.patched) monkey.patchAll();
        const ms = 1000; // ticks
        const runs: { who: string; at: number }[] = [];
        let stall: [number, number] = [0, 0];
        const end = (c.startMs + c.stallMs + 3) * ms;
        const thread = go(function* () {
          while (nowTicks() < end) {
            yield* timeSleep(c.tickMs / 1000);
            runs.push({ who: 'thread', at: nowTicks() });
          }
        }, 'os-thread');
        const staller = Greenlet.spawn(function* () {
          yield* geventSleep(c.startMs / 1000);
          const t0 = nowTicks();
          yield* timeSleep(c.stallMs / 1000);
          stall = [t0, nowTicks()];
        });
        const others = Array.from({ length: c.others }, (_, i) =>
          Greenlet.spawn(function* () {
            while (nowTicks() < end) {
              yield* geventSleep(c.tickMs / 1000);
              runs.push({ who: `g${i}`, at: nowTicks() });
            }
          }),
        );
        yield* joinall([staller, ...others]);
        yield* thread.join();
        return { runs, stall };
      }, simOptions(schedule));
      expect(sim.verdict).toEqual({ kind: 'ok' });
      const { runs, stall } = sim.result!;
      const [t0, t1] = stall;
      expect(t1 - t0).toBe(c.stallMs * 1000);
      const during = (who: (w: string) => boolean) => runs.filter((r) => who(r.who) && r.at > t0 && r.at < t1);
      const green = during((w) => w !== 'thread');
      if (c.patched) expect(green.length).toBeGreaterThan(0);
      else expect(green, 'a greenlet ran while its hub was stalled').toEqual([]);
      expect(during((w) => w === 'thread').length).toBeGreaterThan(0);
    },
  );
});

// ---- generator coroutines ------------------------------------------------------------------------

class Boom extends Error {
  override name = 'Boom';
}

type ExitMode = 'propagate' | 'ignore' | 'return';
type Call =
  | { readonly op: 'next' }
  | { readonly op: 'send'; readonly value: number | null }
  | { readonly op: 'throw'; readonly error: 'ValueError' | 'Boom' }
  | { readonly op: 'close' };

const callArb: fc.Arbitrary<Call> = fc.oneof(
  fc.constant<Call>({ op: 'next' }),
  fc.record({ op: fc.constant('send' as const), value: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }) }),
  fc.record({ op: fc.constant('throw' as const), error: fc.constantFrom('ValueError' as const, 'Boom' as const) }),
  fc.constant<Call>({ op: 'close' }),
);

/**
 * The generator under test, in Python:
 *
 *     def gen(k, exit_mode):
 *         try:
 *             for i in range(k):
 *                 try:
 *                     x = yield i
 *                     log(f'got {x}')
 *                 except ValueError:
 *                     log(f'caught {i}')
 *                 except GeneratorExit:
 *                     if exit_mode == 'ignore': log('ignored exit')      # and yields again
 *                     elif exit_mode == 'return': log('exit'); return 'exit'
 *                     else: raise
 *             return 'done'
 *         finally:
 *             log('finally')
 */
function* subject(k: number, mode: ExitMode, log: string[]): Generator<number, string, number | null | undefined> {
  try {
    for (let i = 0; i < k; i++) {
      try {
        const x = yield i;
        log.push(`got ${x === undefined ? 'None' : x === null ? 'None' : x}`);
      } catch (e) {
        if (e instanceof ValueError) log.push(`caught ${i}`);
        else if (e instanceof GeneratorExit && mode === 'ignore') log.push('ignored exit');
        else if (e instanceof GeneratorExit && mode === 'return') {
          log.push('exit');
          return 'exit';
        } else throw e;
      }
    }
    return 'done';
  } finally {
    log.push('finally');
  }
}

type State = { readonly s: 'created' } | { readonly s: 'suspended'; readonly at: number } | { readonly s: 'closed' };

/** What Python does for each call, from GEN-1..10, GEN-15, GEN-16: outcomes, log lines, states. */
function reference(k: number, mode: ExitMode, calls: readonly Call[]) {
  const log: string[] = [];
  const outcomes: string[] = [];
  let st = { s: 'created' } as State;
  /** The body moves on from `yield i` (or from the start, i = -1): the next yield, or the return. */
  const advance = (from: number): string => {
    if (from + 1 < k) {
      st = { s: 'suspended', at: from + 1 };
      return `-> ${from + 1}`;
    }
    log.push('finally');
    st = { s: 'closed' };
    return 'StopIteration(done)';
  };
  for (const c of calls) {
    if (st.s === 'closed') {
      // GEN-6: a throw raises the exception; GEN-7: close is a no-op; GEN-3: StopIteration(None).
      outcomes.push(c.op === 'throw' ? `${c.error}: thrown` : c.op === 'close' ? 'None' : 'StopIteration(None)');
      continue;
    }
    if (st.s === 'created') {
      if (c.op === 'send' && c.value !== null) {
        outcomes.push("TypeError: can't send non-None value to a just-started generator"); // GEN-1
      } else if (c.op === 'throw') {
        st = { s: 'closed' }; // GEN-4: raised before any line, not even finally
        outcomes.push(`${c.error}: thrown`);
      } else if (c.op === 'close') {
        st = { s: 'closed' }; // GEN-10
        outcomes.push('None');
      } else {
        outcomes.push(advance(-1)); // GEN-2
      }
      continue;
    }
    const i = st.at;
    if (c.op === 'next' || c.op === 'send') {
      log.push(`got ${c.op === 'send' && c.value !== null ? c.value : 'None'}`);
      outcomes.push(advance(i));
    } else if (c.op === 'throw' && c.error === 'ValueError') {
      log.push(`caught ${i}`); // GEN-5
      outcomes.push(advance(i));
    } else if (c.op === 'throw') {
      log.push('finally'); // GEN-6
      st = { s: 'closed' };
      outcomes.push('Boom: thrown');
    } else if (mode === 'propagate') {
      log.push('finally'); // GEN-7
      st = { s: 'closed' };
      outcomes.push('None');
    } else if (mode === 'return') {
      log.push('exit', 'finally'); // GEN-9: close returns None, not the value
      st = { s: 'closed' };
      outcomes.push('None');
    } else {
      log.push('ignored exit');
      const r = advance(i); // GEN-8: yielding again is a RuntimeError; returning is fine
      outcomes.push(r.startsWith('->') ? 'RuntimeError: generator ignored GeneratorExit' : 'None');
    }
  }
  const state = st.s === 'created' ? 'GEN_CREATED' : st.s === 'closed' ? 'GEN_CLOSED' : 'GEN_SUSPENDED';
  return { outcomes, log, state };
}

function outcome(f: () => unknown): string {
  try {
    const v = f();
    return v === undefined ? 'None' : `-> ${String(v)}`;
  } catch (e) {
    if (e instanceof StopIteration) return `StopIteration(${e.value === null ? 'None' : String(e.value)})`;
    if (e instanceof Boom || e instanceof ValueError) return `${e.name}: thrown`;
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
}

describe('generator coroutines', () => {
  test.prop(
    [
      fc.integer({ min: 0, max: 4 }),
      fc.constantFrom<ExitMode>('propagate', 'ignore', 'return'),
      fc.array(callArb, { maxLength: 10 }),
    ],
    { numRuns: 300 },
  )('[GEN-1..10] send, throw and close give what Python gives, for any sequence of calls', (k, mode, calls) => {
    const log: string[] = [];
    const co = new Coroutine<number, number | null, string>(subject(k, mode, log));
    const outcomes = calls.map((c) =>
      outcome(() => {
        switch (c.op) {
          case 'next':
            return co.next();
          case 'send':
            return co.send(c.value);
          case 'throw':
            return co.throw(c.error === 'Boom' ? new Boom('thrown') : new ValueError('thrown'));
          default:
            return co.close();
        }
      }),
    );
    expect({ outcomes, log, state: co.state }).toEqual(reference(k, mode, calls));
  });
});
