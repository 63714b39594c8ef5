// Entry point of a check campaign's worker thread: loader hooks are per thread, so
// register tsx and the 'concsim' resolver here too (as bin.js does), then run the worker.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./resolve-concsim.js', import.meta.url);
await import('../campaign-worker.ts');
