// Entry point of a check campaign's worker thread when no bundle could be built for it
// (see worker-bundle.ts): loader hooks are per thread, so register tsx and the 'concsim'
// resolver here too (as the CLI does for a user's file), then load the scenario and run
// the worker. The modules are .js in the package (dist/) and .ts in the sources.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./resolve-concsim.js', import.meta.url);
const ext = existsSync(new URL('./load.js', import.meta.url)) ? 'js' : 'ts';
const [{ work }, { importScenario }] = await Promise.all([import(`./campaign-worker.${ext}`), import(`./load.${ext}`)]);
await work(() => importScenario(workerData.ref));
