/** concsim's version, read once from package.json: every report and trace states it. */
import { readFileSync } from 'node:fs';

export const CONCSIM_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
