/**
 * A crawler whose fetches complete through done-callbacks: a ThreadPoolExecutor fetches
 * pages over a simulated network (each URL has its own latency and size; the transfer
 * time is latency + size / bandwidth), and each completed future's callback — run in
 * the worker thread that completed it [FUT-5] — parses the page and appends one line to
 * a simulated file. The file must end with exactly one line per page, whatever the
 * order in which fetches complete.
 */
import {
  type Blocking,
  boundedConcurrency,
  currentThread,
  defineScenario,
  type Future,
  mark,
  param,
  sleep,
  ThreadPoolExecutor,
} from 'concsim';

interface Page {
  readonly url: string;
  readonly latency: number;
  readonly bytes: number;
}

/** A simulated file: lines appended in order. */
class SimFile {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}

function* fetch(page: Page, bandwidth: number): Blocking<string> {
  mark('task.start', page.url);
  yield* sleep(page.latency + page.bytes / bandwidth);
  mark('task.end', page.url);
  return `<html>${'x'.repeat(Math.min(page.bytes, 64))}</html>`;
}

export default defineScenario({
  name: 'callback-crawler',
  summary: 'a thread pool fetches pages; done-callbacks append one line per page to a file',
  params: {
    pages: param.int({ default: 20, min: 0, max: 10_000, checkMax: 12, doc: 'URLs to fetch' }),
    workers: param.int({ default: 5, min: 1, max: 256, checkMax: 6, doc: 'ThreadPoolExecutor maxWorkers' }),
    latency: param.number({ default: 0.2, min: 0, max: 60, checkMax: 1, doc: 'mean network latency, seconds' }),
    bandwidth: param.number({ default: 1e6, min: 1e5, max: 1e10, doc: 'bytes per second' }),
  },
  *main(p, ctx) {
    const pages: Page[] = Array.from({ length: p.pages }, (_, i) => ({
      url: `http://example.test/page/${i}`,
      latency: Math.round(p.latency * (0.5 + ctx.rng.next()) * 1e6) / 1e6,
      bytes: 1000 + Math.floor(ctx.rng.next() * 200_000),
    }));
    const file = new SimFile();
    const callbackThreads = new Set<string>();
    const pool = new ThreadPoolExecutor({ maxWorkers: p.workers, threadNamePrefix: 'crawler' });
    yield* pool.with(function* () {
      for (const page of pages) {
        const f: Future<string> = yield* pool.submit(fetch, page, p.bandwidth);
        yield* f.addDoneCallback(function* (done) {
          callbackThreads.add(currentThread().name);
          // Inside a done-callback the future is finished: result() returns at once.
          const html = yield* done.result();
          file.write(`${page.url} ${html.length}`);
        });
      }
    });
    // The drawn pages too, as [latency, bytes]: the real twin (callback-crawler.py) fetches the same.
    const work = pages.map((pg) => [pg.latency, pg.bytes]);
    return { lines: file.lines, callbackThreads: [...callbackThreads].sort(), work };
  },
  invariants: [
    {
      name: 'one-line-per-page',
      statement: 'the file ends with exactly one line per page, none lost or duplicated',
      check(r, p) {
        const urls = r.lines.map((l) => l.split(' ')[0]);
        if (urls.length !== p.pages) return `${urls.length} lines for ${p.pages} pages`;
        if (new Set(urls).size !== urls.length) return 'a page was written twice';
        return undefined;
      },
    },
    {
      name: 'bounded-workers',
      statement: 'never more than maxWorkers fetches run at once',
      monitor: (p) => boundedConcurrency('task', p.workers),
    },
  ],
});
