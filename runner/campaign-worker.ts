/**
 * A campaign's worker thread: claims batches of a check's runs from the counter it shares
 * with the main thread and the other workers, explores them, and reports progress; a
 * failure lowers the shared stop index (see `exploreShare`). The thread's entry point
 * finds the scenario — a bundle built for the campaign (`worker-bundle.ts`) imports it,
 * the TypeScript fallback (`campaign-worker-entry.js`) loads it — and calls `work`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exploreShare, type WorkerMessage, type WorkerTask } from './campaign.ts';
import { passesAt } from './check.ts';
import type { AnyScenario } from './scenario.ts';

export async function work(find: () => AnyScenario | Promise<AnyScenario>): Promise<void> {
  const task = workerData as WorkerTask;
  const port = parentPort;
  if (port === null) throw new Error('campaign-worker must run in a worker thread');
  const send = (m: WorkerMessage) => port.postMessage(m);
  try {
    const scenario = await find();
    await exploreShare(task.indices, new Int32Array(task.shared), passesAt(scenario, task.options), (runs) =>
      send({ kind: 'progress', runs }),
    );
    send({ kind: 'done' });
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
