import { describe, expect, it } from 'vitest';
import { kernel } from '../../engine/index.ts';
import { Process } from '../multiprocessing/process.ts';
import { simulate } from '../simulate.ts';
import { FREE_SOCKET_CALLS } from '../testing.ts';
import { Thread } from '../threading/thread.ts';
import { IDNA_IMPORT_CALLS } from './idna.ts';
import { createConnection, createServer } from './socket.ts';

/** Only the codec's import costs anything: 10 ticks of Python and 3 of a file system call, 29 times. */
const opts = {
  strategy: 'fifo',
  cores: 4,
  costs: { ...FREE_SOCKET_CALLS, loopbackLatency: 0, codecImport: 10 * IDNA_IMPORT_CALLS, fileCall: 3 },
} as const;
const IMPORT = 13 * IDNA_IMPORT_CALLS;

/** Ticks each `create_connection` took, in order, `n` of them at once from threads of the running process. */
function* connectAtOnce(port: number, n: number) {
  const k = kernel();
  const took: number[] = [];
  const ts = Array.from(
    { length: n },
    () =>
      new Thread({
        *target() {
          const t0 = k.now;
          const c = yield* createConnection(['127.0.0.1', port]);
          took.push(k.now - t0);
          yield* c.close();
        },
      }),
  );
  for (const t of ts) yield* t.start();
  for (const t of ts) yield* t.join();
  return took;
}

describe("getaddrinfo's IDNA codec, imported on first use (models/net/idna.ts)", () => {
  it('the first create_connection of a process imports the codec; the next ones do not', () => {
    const sim = simulate(function* () {
      const srv = createServer(['127.0.0.1', 0]);
      const port = srv.getsockname()[1];
      return [...(yield* connectAtOnce(port, 1)), ...(yield* connectAtOnce(port, 1))];
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([IMPORT, 0]);
  });

  it('threads that encode a host while another imports the codec wait for it', () => {
    const sim = simulate(function* () {
      const srv = createServer(['127.0.0.1', 0]);
      return yield* connectAtOnce(srv.getsockname()[1], 3);
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    for (const took of sim.result as number[]) expect(took).toBeGreaterThanOrEqual(IMPORT);
  });

  it('a child forked after the import has the codec; one forked before imports it again', () => {
    const sim = simulate(function* () {
      const srv = createServer(['127.0.0.1', 0]);
      const port = srv.getsockname()[1];
      const took: number[][] = [];
      const child = () =>
        new Process({
          *target() {
            const k = kernel();
            const t0 = k.now;
            const c = yield* createConnection(['127.0.0.1', port]);
            took.push([k.now - t0]);
            yield* c.close();
          },
        });
      const before = child();
      before.start();
      yield* before.join();
      yield* connectAtOnce(port, 1);
      const after = child();
      after.start();
      yield* after.join();
      return took;
    }, opts);
    expect(sim.verdict.kind).toBe('ok');
    expect(sim.result).toEqual([[IMPORT], [0]]);
  });
});
