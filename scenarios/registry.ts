/** The built-in scenarios, by name, in the order `concsim list` and the tour show them. */
import callbackThread from './bugs/callback-thread.ts';
import checkThenAct from './bugs/check-then-act.ts';
import greenletAtomicity from './bugs/greenlet-atomicity.ts';
import lockOrderDeadlock from './bugs/lock-order-deadlock.ts';
import lostWakeup from './bugs/lost-wakeup.ts';
import poolDeadlock from './bugs/pool-deadlock.ts';
import shortSend from './bugs/short-send.ts';
import unpatchedStall from './bugs/unpatched-stall.ts';
import unwaitedResult from './bugs/unwaited-result.ts';
import callbackCrawler from './callback-crawler.ts';
import coroutinePipeline from './coroutine-pipeline.ts';
import cpuVsIo from './cpu-vs-io.ts';
import eventWakeup from './event-wakeup.ts';
import geventEchoServer from './gevent-echo-server.ts';
import ioModels from './io-models.ts';
import processPoolSquares from './process-pool-squares.ts';
import type { AnyScenario } from './scenario.ts';
import threadedClients from './threaded-clients.ts';
import timerHello from './timer-hello.ts';

export const BUILTIN_SCENARIOS: readonly AnyScenario[] = [
  eventWakeup,
  timerHello,
  processPoolSquares,
  callbackCrawler,
  cpuVsIo,
  coroutinePipeline,
  geventEchoServer,
  threadedClients,
  ioModels,
  lostWakeup,
  lockOrderDeadlock,
  checkThenAct,
  poolDeadlock,
  callbackThread,
  unwaitedResult,
  greenletAtomicity,
  unpatchedStall,
  shortSend,
];

export function findScenario(name: string): AnyScenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.name === name);
}
