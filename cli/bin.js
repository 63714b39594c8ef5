#!/usr/bin/env node
// The `concsim` command: Node 20 cannot run TypeScript itself, so register tsx, map the
// bare specifier 'concsim' to this package (so users' scenario files anywhere on disk can
// `import ... from 'concsim'`), then load the TypeScript entry point.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('../runner/resolve-concsim.js', import.meta.url);
await import('./main.ts');
