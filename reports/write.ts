/**
 * Writing outputs: every file is written to a temporary file in its directory and renamed
 * into place, so that no half-written trace or report ever exists under its name. Errors
 * are `OutputError`s with one line saying what could not be written and why.
 */
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ReportDoc } from './html/doc.ts';
import { type IndexEntry, renderHtml, renderIndex, renderMarkdown } from './html/render.ts';

export class OutputError extends Error {
  override name = 'OutputError';
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** Checks, before any work, that `path` can be written as a file; throws an `OutputError` if not. */
export function checkWritableFile(path: string, what: string): void {
  if (path.trim() === '') throw new OutputError(`cannot write ${what} to '': an empty path`);
  const abs = resolve(path);
  let dir: ReturnType<typeof statSync>;
  try {
    dir = statSync(dirname(abs));
  } catch (e) {
    throw new OutputError(`cannot write ${what} to '${path}': ${reason(e)}`);
  }
  if (!dir.isDirectory())
    throw new OutputError(`cannot write ${what} to '${path}': ${dirname(path)} is not a directory`);
  try {
    if (statSync(abs).isDirectory()) throw new OutputError(`cannot write ${what} to '${path}': it is a directory`);
  } catch (e) {
    if (e instanceof OutputError) throw e;
  }
  try {
    accessSync(dirname(abs), constants.W_OK);
  } catch (e) {
    throw new OutputError(`cannot write ${what} to '${path}': ${reason(e)}`);
  }
}

/** Writes `text` to `path` atomically: a temporary file in the same directory, then a rename. */
export function writeFileAtomic(path: string, text: string, what = 'the output'): void {
  writeFilesAtomic([{ path, text }], what);
}

/**
 * Writes several files that belong together (a report's .html and .md): every one to a
 * temporary file first, then renamed into place in the order given — so a failed write
 * leaves none of them, and the last (the one readers look for) appears last. Temporary
 * files that a killed concsim left beside them are removed first.
 */
export function writeFilesAtomic(files: readonly { path: string; text: string }[], what = 'the output'): void {
  const staged: { path: string; abs: string; tmp: string }[] = [];
  let at = '';
  try {
    for (const f of files) {
      at = f.path;
      const abs = resolve(f.path);
      removeStaleTemps(abs);
      const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.tmp`);
      staged.push({ path: f.path, abs, tmp });
      writeFileSync(tmp, f.text);
    }
    for (const f of staged) {
      at = f.path;
      renameSync(f.tmp, f.abs);
    }
  } catch (e) {
    for (const f of staged) rmSync(f.tmp, { force: true });
    throw new OutputError(`cannot write ${what} to '${at}': ${reason(e)}`);
  }
}

/** Removes `.<name>.<pid>.tmp` files beside `abs` whose process no longer runs (it was killed mid-write). */
function removeStaleTemps(abs: string): void {
  const dir = dirname(abs);
  const prefix = `.${basename(abs)}.`;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  } catch {
    return; // the write itself will say why the folder cannot be used
  }
  for (const n of names) {
    const pid = Number(n.slice(prefix.length, -'.tmp'.length));
    if (Number.isInteger(pid) && pid !== process.pid && !running(pid)) rmSync(join(dir, n), { force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Creates `dir` (and its parents) for reports; throws an `OutputError` if it cannot. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(`cannot create the output directory '${dir}': ${reason(e)}`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new OutputError(`cannot write to the output directory '${dir}': ${reason(e)}`);
  }
}

/** Writes `<dir>/<suite>.html` and `<dir>/<suite>.md`; returns their paths. */
export function writeReport(dir: string, doc: ReportDoc): { html: string; markdown: string } {
  const html = join(dir, `${doc.suite}.html`);
  const markdown = join(dir, `${doc.suite}.md`);
  // The index lists a report by its .html: it appears after its .md, both or neither.
  writeFilesAtomic(
    [
      { path: markdown, text: renderMarkdown(doc) },
      { path: html, text: renderHtml(doc) },
    ],
    'the report',
  );
  return { html, markdown };
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The reports present in `dir`: every `*.html` but the index, with its title and description. */
function listReports(dir: string): IndexEntry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.html') && f !== 'index.html' && !f.startsWith('.'))
    .sort();
  const present = new Set(readdirSync(dir));
  return files.map((file) => {
    const text = readFileSync(join(dir, file), 'utf8').slice(0, 20_000);
    const title = /<title>([^<]*)<\/title>/.exec(text)?.[1] ?? file;
    const description = /<meta name="description" content="([^"]*)">/.exec(text)?.[1] ?? '';
    const md = file.replace(/\.html$/, '.md');
    return {
      file,
      title: unescapeHtml(title.replace(/ · concsim report$/, '')),
      description: unescapeHtml(description),
      ...(present.has(md) ? { markdown: md } : {}),
    };
  });
}

/** Writes `<dir>/index.html` linking every report present; returns its path. */
export function writeIndex(dir: string, version: string): string {
  const path = join(dir, 'index.html');
  writeFileAtomic(path, renderIndex(listReports(dir), version), 'the index');
  return path;
}
