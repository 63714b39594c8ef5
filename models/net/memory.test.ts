import { describe, expect, it } from 'vitest';
import { Baton, DEFAULT_COSTS, kernel } from '../../engine/index.ts';
import { sleep as asleep, createTask, run } from '../asyncio/index.ts';
import { simulate } from '../simulate.ts';
import { FREE_SOCKET_CALLS, go } from '../testing.ts';
import { sleep } from '../time.ts';
import { memoryUsage, peakMemory } from './memory.ts';
import { socket } from './socket.ts';

const costs = {
  ...FREE_SOCKET_CALLS,
  loopCallback: 0,
};

describe('memory accounting', () => {
  it('counts threads, sockets and queued bytes at their cost-model sizes', () => {
    const sim = simulate(
      function* () {
        const empty = memoryUsage();
        const srv = new socket();
        srv.bind(['127.0.0.1', 8080]);
        srv.listen();
        const c = new socket();
        yield* c.connect(['127.0.0.1', 8080]);
        yield* c.sendall(new Uint8Array(1000));
        yield* sleep(0.001);
        const t = go(function* () {
          yield* sleep(1);
        });
        const busy = memoryUsage();
        yield* t.join();
        yield* srv.close(); // resets the unaccepted connection, and frees its buffer
        yield* c.close();
        const after = memoryUsage();
        return [empty, busy, after].map((u) => [u.threads, u.processes, u.sockets, u.bufferedBytes, u.bytes.total]);
      },
      { costs },
    );
    const t = DEFAULT_COSTS.threadStackBytes;
    const p = DEFAULT_COSTS.processBytes;
    const s = DEFAULT_COSTS.socketBytes;
    expect(sim.result).toEqual([
      [1, 1, 0, 0, t + p],
      [2, 1, 3, 1000, 2 * t + p + 3 * s + 1000],
      [1, 1, 0, 0, t + p],
    ]);
  });

  it('counts a hub’s greenlets apart from its thread, and asyncio tasks; keeps the peak', () => {
    const sim = simulate(
      function* () {
        const k = kernel();
        const hub = new Baton('hub');
        k.joinBaton(k.current!, hub, true);
        for (let i = 0; i < 3; i++) {
          k.spawn(
            (function* () {
              yield* sleep(1);
            })(),
            { baton: hub },
          );
        }
        const g = memoryUsage();
        yield* sleep(2);
        const tasks = yield* run(
          (function* () {
            for (let i = 0; i < 4; i++) createTask(asleep(1));
            yield null;
            return memoryUsage();
          })(),
        );
        return [g.threads, g.greenlets, tasks.tasks, tasks.greenlets, peakMemory().time];
      },
      { costs },
    );
    expect(sim.result).toEqual([1, 3, 5, 0, 0]);
  });
});
