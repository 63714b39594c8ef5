/**
 * A fidelity workload, not a built-in scenario: how the cost of I/O calls grows with the
 * threads of one process that make them. Each of `threads` threads has its own loopback TCP
 * connection; released together by an Event, they share `calls` rounds, each a 64-byte
 * `send` and the `recv` that reads it back on the other end — two system calls that release
 * the GIL and never block. The result is the time from the go to the last thread's end and
 * the core time used meanwhile (all processes' — here the only one), its real twin
 * gil_contention.py's too.
 *
 * On CPython 3.11 on a 2-core PVM machine (sessions 1–10), a round cost 7–9 µs of core time with
 * one thread; with more, the process fell into a convoy, every GIL release waking a sleeping
 * thread — from 30 threads or from as few as 2, depending on the machine's moment — and a round
 * cost up to ~70 µs at 50–100 threads (5 voluntary context switches a round). What keeps it
 * going: `drop_gil` signals its waiter under the GIL's mutex, a woken thread takes the core from a
 * GIL holder that has run ahead of its core's average, and glibc's condition variable makes a
 * signaller whose earlier waiters have not yet run wait for them, mutex held (engine/futex.ts;
 * MEASUREMENTS-2026-12-07.md, sessions 3 to 5 and 9). The model reproduced it within 7% at 2 to
 * 100 threads there. On the KVM machine with a shared L3 whose profile is now built in
 * (session 11), CPython's convoy is milder (2 threads finish faster than 1; 49 µs of core time
 * a round at 100) and the model's, with that profile, 1.4–3.0 times too long at 2–30
 * threads: not yet understood. On one core (`cores` 1; the twin pins itself there) there is no
 * convoy at any thread count, and the model agrees.
 */
import { type Blocking, kernel, toSeconds } from '../../engine/index.ts';
import { createConnection, createServer, type socket } from '../../models/net/socket.ts';
import { Event } from '../../models/threading/event.ts';
import { Thread } from '../../models/threading/thread.ts';
import { monotonic, sleep } from '../../models/time.ts';
import { param } from '../../runner/params.ts';
import { defineScenario } from '../../runner/scenario.ts';

const MESSAGE = new Uint8Array(64);

export default defineScenario({
  name: 'gil-contention',
  summary: 'threads of one process each send and receive on their own loopback connection',
  params: {
    threads: param.int({ default: 10, min: 1, max: 1000, checkMax: 3, doc: 'threads making the calls' }),
    calls: param.int({ default: 20_000, min: 1, max: 10_000_000, checkMax: 30, doc: 'rounds in all, shared evenly' }),
    cores: param.int({ default: 2, min: 1, max: 256, checkMax: 2, doc: 'CPU cores (the twin pins itself there)' }),
  },
  limits: (p) => ({ cores: p.cores }),
  *main(p) {
    const port = 8500;
    const server = createServer(['127.0.0.1', port], { backlog: p.threads });
    const pairs: [socket, socket][] = [];
    for (let i = 0; i < p.threads; i++) {
      const a = yield* createConnection(['127.0.0.1', port]);
      const [b] = yield* server.accept();
      pairs.push([a, b]);
    }
    const go = new Event();
    const rounds = Math.floor(p.calls / p.threads);
    const threads = pairs.map(
      ([a, b]) =>
        new Thread({
          *target(): Blocking {
            yield* go.wait();
            for (let i = 0; i < rounds; i++) {
              yield* a.send(MESSAGE);
              yield* b.recv(MESSAGE.length);
            }
          },
        }),
    );
    for (const t of threads) yield* t.start();
    yield* sleep(0.05); // every thread waits on the Event
    const k = kernel();
    const cpu0 = k.cpu.busyTicks;
    const t0 = monotonic();
    go.set();
    for (const t of threads) yield* t.join();
    const elapsed = monotonic() - t0;
    const cpu = toSeconds(k.cpu.busyTicks - cpu0);
    for (const [a, b] of pairs) {
      yield* a.close();
      yield* b.close();
    }
    yield* server.close();
    return { elapsed, cpu, rounds: rounds * p.threads };
  },
});
