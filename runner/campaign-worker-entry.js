// Entry point of a check campaign's worker thread when no bundle could be built for it
// (see worker-bundle.ts): loader hooks are per thread, so register tsx and the 'concsim'
// resolver here too (as bin.js does), then load the scenario and run the worker.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./resolve-concsim.js', import.meta.url);
const [{ work }, { importScenario }] = await Promise.all([import('./campaign-worker.ts'), import('./load.ts')]);
await work(() => importScenario(workerData.ref));
