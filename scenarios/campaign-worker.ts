/**
 * A campaign's worker thread: explores its share of a check's runs, in order, and reports
 * progress and the first failure to the main thread; skips runs past a failure found by
 * any worker (the shared stop index).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage, WorkerTask } from './campaign.ts';
import { checkInputs, runPasses } from './check.ts';
import { loadScenario } from './cli/load.ts';

const task = workerData as WorkerTask;
const port = parentPort;
if (port === null) throw new Error('campaign-worker must run in a worker thread');
const stopAt = new Int32Array(task.stop);
const send = (m: WorkerMessage) => port.postMessage(m);
const BATCH = 25;

try {
  const { scenario } = await loadScenario(task.target);
  const inputs = checkInputs(scenario, task.options);
  const passes = runPasses(scenario, task.options);
  let pending = 0;
  for (const i of task.indices) {
    if (i > Atomics.load(stopAt, 0)) break;
    const passed = passes(inputs[i] as (typeof inputs)[number]);
    if (++pending === BATCH) {
      send({ kind: 'progress', runs: pending });
      pending = 0;
    }
    if (!passed) {
      send({ kind: 'fail', index: i });
      break;
    }
  }
  if (pending > 0) send({ kind: 'progress', runs: pending });
  send({ kind: 'done' });
} catch (e) {
  send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
}
