/** concsim's version, read once from package.json: every report and trace states it. */
import { existsSync, readFileSync } from 'node:fs';

// reports/version.ts in the sources, dist/reports/version.js in the package: one or two up.
const pkg = ['../package.json', '../../package.json']
  .map((p) => new URL(p, import.meta.url))
  .find((u) => existsSync(u)) as URL;

export const CONCSIM_VERSION: string = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
