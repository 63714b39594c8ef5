// @ts-check
/**
 * Lists the public exports of concsim (every name `index.ts` exports, and inside each
 * exported namespace — `net.select`, `multiprocessing.Pool` — every name it exports) that
 * have no doc comment, read with TypeScript's compiler API: `node docs/tools/undocumented.mjs`
 * prints one per line and exits 1 if there is any (`--json` prints them as a JSON array).
 *
 * JavaScript, and here, because the compiler API is TypeScript 6's: the project builds with
 * TypeScript 7, whose package has no JavaScript API, and one node_modules cannot hold both as
 * `typescript` (see package.json in this folder). An export counts as documented when its
 * declaration, or the `export` that re-exports it, carries a `/** … *\/` comment with text.
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @param {string} root the project folder (holding tsconfig.json and index.ts)
 * @returns {{ name: string; file: string }[]} the undocumented exports, by public name
 */
export function undocumentedExports(root = ROOT) {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram([join(root, 'index.ts')], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(root, 'index.ts'));
  const moduleSymbol = index && checker.getSymbolAtLocation(index);
  if (!moduleSymbol) throw new Error(`cannot read ${join(root, 'index.ts')}`);

  /** @type {{ name: string; file: string }[]} */
  const missing = [];
  /** @type {Set<ts.Symbol>} */
  const seen = new Set();
  /** @param {ts.Symbol} s */
  const documented = (s) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim() !== '';
  /** @param {ts.Symbol} s */
  const fileOf = (s) => {
    const d = s.declarations?.[0];
    return d ? relative(root, d.getSourceFile().fileName) : '?';
  };

  /** @param {ts.Symbol} mod @param {string} prefix */
  const visit = (mod, prefix) => {
    for (const exp of checker.getExportsOfModule(mod)) {
      if (exp.name === 'default') continue;
      const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const name = `${prefix}${exp.name}`;
      const isModule = (target.flags & ts.SymbolFlags.ValueModule) !== 0 && target.declarations?.some(ts.isSourceFile);
      if (isModule) {
        // `export * as net from './net/index.ts'`: the namespace is documented by the comment
        // on that export or by the first comment of its file; then each of its names.
        const file = /** @type {ts.SourceFile} */ (target.declarations?.find(ts.isSourceFile));
        const header = ts.getLeadingCommentRanges(file.text, 0)?.some((c) => file.text.startsWith('/**', c.pos));
        if (!documented(exp) && !header) missing.push({ name, file: relative(root, file.fileName) });
        if (!seen.has(target)) {
          seen.add(target);
          visit(target, `${name}.`);
        }
        continue;
      }
      if (!documented(exp) && !documented(target)) missing.push({ name, file: fileOf(target) });
    }
  };
  visit(moduleSymbol, '');
  return missing.sort((a, b) => a.name.localeCompare(b.name));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = undocumentedExports();
  if (process.argv.includes('--json')) console.log(JSON.stringify(missing));
  else for (const m of missing) console.log(`${m.name}  (${m.file})`);
  if (!process.argv.includes('--json'))
    console.error(
      missing.length === 0
        ? 'every public export has a doc comment'
        : `${missing.length} public exports have no doc comment`,
    );
  process.exitCode = missing.length === 0 ? 0 : 1;
}
