// Entry point of the watchdog's worker thread (see watchdog.ts): runs one command with
// main.ts's `workerMain`, compiled (dist/cli/main.js beside this file) or, in a checkout
// run from the sources, through tsx — loader hooks are per thread, so tsx and the
// 'concsim' resolver are registered here as the CLI registers them.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const compiled = existsSync(new URL('./main.js', import.meta.url));
if (!compiled) {
  (await import('tsx/esm/api')).register();
  register('../runner/resolve-concsim.js', import.meta.url);
}
const { workerMain } = await import(compiled ? './main.js' : './main.ts');
parentPort.postMessage({ kind: 'exit', code: await workerMain(workerData) });
