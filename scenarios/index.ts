/** The built-in scenarios, by name, in the order `concsim list` and the tour show them. */

import type { AnyScenario } from 'concsim';
import bankTransfer from './bugs/bank-transfer.ts';
import callbackThread from './bugs/callback-thread.ts';
import checkThenAct from './bugs/check-then-act.ts';
import closeBeforeJoin from './bugs/close-before-join.ts';
import doubleCheckedInit from './bugs/double-checked-init.ts';
import eventClear from './bugs/event-clear.ts';
import greenletAtomicity from './bugs/greenlet-atomicity.ts';
import lockOrderDeadlock from './bugs/lock-order-deadlock.ts';
import lostUpdate from './bugs/lost-update.ts';
import lostWakeup from './bugs/lost-wakeup.ts';
import notifyBeforeWait from './bugs/notify-before-wait.ts';
import poolDeadlock from './bugs/pool-deadlock.ts';
import queueEmptyGet from './bugs/queue-empty-get.ts';
import semaphoreLeak from './bugs/semaphore-leak.ts';
import shortSend from './bugs/short-send.ts';
import staleCache from './bugs/stale-cache.ts';
import unpatchedStall from './bugs/unpatched-stall.ts';
import unwaitedResult from './bugs/unwaited-result.ts';
import useBeforeInit from './bugs/use-before-init.ts';
import workStealing from './bugs/work-stealing.ts';
import coroutinePipeline from './coroutines/coroutine-pipeline.ts';
import geventEchoServer from './net/gevent-echo-server.ts';
import ioModels from './net/io-models.ts';
import threadedClients from './net/threaded-clients.ts';
import callbackCrawler from './pools/callback-crawler.ts';
import cpuVsIo from './pools/cpu-vs-io.ts';
import poolMap from './pools/pool-map.ts';
import processPoolSquares from './pools/process-pool-squares.ts';
import eventWakeup from './threading/event-wakeup.ts';
import timerHello from './threading/timer-hello.ts';

export const BUILTIN_SCENARIOS: readonly AnyScenario[] = [
  eventWakeup,
  timerHello,
  processPoolSquares,
  callbackCrawler,
  cpuVsIo,
  poolMap,
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
  lostUpdate,
  doubleCheckedInit,
  queueEmptyGet,
  notifyBeforeWait,
  eventClear,
  semaphoreLeak,
  useBeforeInit,
  bankTransfer,
  staleCache,
  workStealing,
  closeBeforeJoin,
];

export function findScenario(name: string): AnyScenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.name === name);
}
