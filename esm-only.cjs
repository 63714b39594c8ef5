// concsim is published as ES modules only, with no CommonJS build: two copies of the
// package (one per module system) would each have their own kernel context, run-local
// slots and classes, so a Thread from one would not be a Thread to the other. Node.js
// 20.19+ and 22.12+ load the ES modules from require() too, through the "module-sync"
// export condition, and never reach this file; older versions land here.
'use strict';
const e = new Error(
  `concsim is published as ES modules only, and Node.js ${process.version} cannot require() them.\n` +
    '  From an ES module (.mjs, or "type": "module"):  import { run } from \'concsim\';\n' +
    "  From CommonJS:  const { run } = await import('concsim');\n" +
    "  Or use Node.js 20.19+ or 22.12+, where require('concsim') loads the same modules.",
);
e.code = 'ERR_REQUIRE_ESM';
throw e;
