/**
 * End to end: build the bug-hunt and cpu-vs-io reports at a small size, open them and the
 * index from the file system in headless Chromium (Debian's `chromium`, driven by playwright-core), and
 * check what a reader would see: every chart and timeline rendered with data (every step of
 * the bug-hunt timelines wide enough to see, though those runs take next to no time), the embedded
 * JSON readable, the command at the top, no page error, no console error, and no request
 * other than file: ones (every other request is aborted, and the test fails if any was
 * attempted). Then every registered report at the tour's size (what `npm start` writes),
 * on a desktop and a 390 px phone screen, light and dark: a full-page screenshot of each
 * (kept in $CONCSIM_SCREENSHOTS when set, for a human to look at), no page wider than its
 * screen, every legend inside its chart, process labels on timelines of several processes.
 * Skips, saying why, only when no `chromium` binary is on the PATH; .ci/run installs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveParams } from '../runner/params.ts';
import { IDEAL_PROFILE, setActiveProfile } from '../runner/profile.ts';
import { type BugHuntResults, bugHunt, bugHuntReport, runBugHunt } from './suites/bug-hunt.ts';
import { type CpuVsIoResults, cpuVsIoReport, cpuVsIoSuite, runCpuVsIo, WAYS } from './suites/cpu-vs-io.ts';
import { SUITES } from './suites/index.ts';
import { suiteCommand } from './suites/suite.ts';
import { CONCSIM_VERSION } from './version.ts';
import { writeIndex, writeReport } from './write.ts';

function findChromium(): string | null {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path === '' ? null : path;
  } catch {
    return null;
  }
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const chromiumPath = findChromium();

if (chromiumPath === null) {
  const why = 'no `chromium` binary on the PATH: install it (apt-get install -y chromium) to run the browser test';
  console.warn(`reports/report.e2e.ts skipped: ${why}`);
  describe('reports in headless Chromium', () => {
    it.skipIf(true)(`skipped: ${why}`, () => {});
  });
} else {
  describe('reports in headless Chromium', () => {
    let browser: Browser;
    let dir: string;
    let results: BugHuntResults;
    let cpuVsIo: CpuVsIoResults;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'concsim-report-'));
      const params = resolveParams('suite bug-hunt', bugHunt.params, { runs: 40, dfsBudget: 200 });
      const seeds = 3;
      results = runBugHunt({ params, seeds, command: suiteCommand(bugHunt, params, seeds) });
      writeReport(dir, bugHuntReport(results));
      const cvParams = resolveParams('suite cpu-vs-io', cpuVsIoSuite.params, {
        tasks: 4,
        maxWorkers: 4,
        seconds: 0.02,
      });
      // The ideal costs, so that the charts show the textbook GIL: threads flat at 1×.
      setActiveProfile(IDEAL_PROFILE);
      try {
        cpuVsIo = runCpuVsIo({ params: cvParams, seeds: 2, command: suiteCommand(cpuVsIoSuite, cvParams, 2) });
      } finally {
        setActiveProfile(null);
      }
      writeReport(dir, cpuVsIoReport(cpuVsIo));
      writeIndex(dir, CONCSIM_VERSION);
      browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    });

    afterAll(async () => {
      await browser?.close();
    });

    /** Opens a file in a fresh page that records errors and aborts every non-file: request. */
    async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(`page error: ${String(e)}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
      });
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.route(
        (u) => u.protocol !== 'file:',
        (route) => {
          requests.push(route.request().url());
          return route.abort();
        },
      );
      await page.goto(pathToFileURL(join(dir, file)).href, { waitUntil: 'load' });
      return { page, errors, requests };
    }

    it('renders every chart and timeline of the bug-hunt report with data', async () => {
      const { page, errors, requests } = await open('bug-hunt.html');
      const scenarios = results.scenarios.length;
      expect(scenarios).toBeGreaterThanOrEqual(3);

      expect(await page.locator('[data-testid="command"]').textContent()).toBe(results.command);
      expect(await page.locator('[data-testid="headline"] li').count()).toBeGreaterThan(scenarios);

      const charts = page.locator('[data-testid^="chart-"]');
      // Two summary bar charts, and one line chart per scenario.
      expect(await charts.count()).toBe(2 + scenarios);
      for (const chart of await charts.all()) {
        const id = await chart.getAttribute('data-testid');
        const svg = chart.locator('svg');
        const box = await svg.boundingBox();
        expect(box?.width, `${id} width`).toBeGreaterThan(300);
        expect(box?.height, `${id} height`).toBeGreaterThan(200);
        expect(await chart.locator('.legend-item').count(), `${id} legend`).toBe(results.strategies.length);
        expect(await chart.locator('.axis-label').count(), `${id} axis labels`).toBe(2);
        expect(await chart.locator('.tick').count(), `${id} ticks`).toBeGreaterThanOrEqual(2);
        expect(await chart.locator('.reading').textContent(), `${id} reading`).toMatch(/\w+.*\./);
        const values = await chart.locator('.mark').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
        expect(values.filter((v) => v !== null && v !== '').length, `${id} marks with data`).toBeGreaterThan(0);
        // Drawn, not just present: the marks occupy space on the page.
        const sizes = await chart.locator('.mark').evaluateAll((els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return r.width + r.height;
          }),
        );
        expect(Math.max(...sizes), `${id} mark size`).toBeGreaterThan(2);
        expect(await chart.locator('.mark title').count(), `${id} tooltips`).toBeGreaterThan(0);
      }

      const timelines = page.locator('[data-testid^="timeline-"]');
      expect(await timelines.count()).toBe(results.scenarios.filter((s) => s.example !== null).length);
      for (const t of await timelines.all()) {
        const id = await t.getAttribute('data-testid');
        expect(await t.locator('.slice').count(), `${id} slices`).toBeGreaterThan(2);
        expect(await t.locator('.row-label').count(), `${id} rows`).toBeGreaterThan(1);
        const w = await t
          .locator('.slice')
          .first()
          .evaluate((e) => e.getBoundingClientRect().width);
        expect(w, `${id} slice width`).toBeGreaterThan(0);
        // Every step is seen (at least a pixel wide), though most of these runs take no time, or act at a few instants.
        const steps = await t
          .locator('.state-running')
          .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
        expect(Math.min(...steps), `${id} narrowest step`).toBeGreaterThanOrEqual(1);
      }

      const data = JSON.parse((await page.locator('script#data').textContent()) ?? 'null');
      expect(data).toEqual(JSON.parse(JSON.stringify(results)));
      await page.screenshot({ path: join(dir, 'bug-hunt.png'), fullPage: true });
      await page.close();

      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    });

    it('renders the cpu-vs-io speed-up charts with data, the GIL visible, and a timeline per kind', async () => {
      const { page, errors, requests } = await open('cpu-vs-io.html');
      expect(await page.locator('[data-testid="command"]').textContent()).toBe(cpuVsIo.command);
      expect(await page.locator('[data-testid="headline"] li').count()).toBe(2);
      const charts = page.locator('[data-testid^="chart-"]');
      expect(await charts.count()).toBe(2);
      for (const kind of ['cpu', 'io']) {
        const chart = page.locator(`[data-testid="chart-speedup-${kind}"]`);
        const box = await chart.locator('svg').boundingBox();
        expect(box?.width, `${kind} width`).toBeGreaterThan(300);
        expect(box?.height, `${kind} height`).toBeGreaterThan(200);
        // One line per way, plus the ideal.
        expect(await chart.locator('.legend-item').count(), `${kind} legend`).toBe(WAYS.length + 1);
        expect(await chart.locator('.axis-label').count(), `${kind} axis labels`).toBe(2);
        expect(await chart.locator('.x-axis .tick').allTextContents()).toEqual(cpuVsIo.workers.map(String));
        expect(await chart.locator('.reading').textContent(), `${kind} reading`).toMatch(/\w+.*\./);
        const lines = chart.locator('path.mark.line');
        expect(await lines.count()).toBe(WAYS.length + 1);
        for (const line of await lines.all()) {
          const r = await line.evaluate((e) => e.getBoundingClientRect());
          expect(r.width, `${kind} line drawn`).toBeGreaterThan(50);
        }
        // A point with a tooltip for every way and worker count.
        expect(await chart.locator('circle.point').count()).toBe((WAYS.length + 1) * cpuVsIo.workers.length);
        expect(await chart.locator('circle.point title').count()).toBe((WAYS.length + 1) * cpuVsIo.workers.length);
      }
      // The GIL, as a reader sees it: on CPU-bound work the thread pool's line ends where it
      // starts (flat at 1×), while the process pool's ends higher.
      const cpu = page.locator('[data-testid="chart-speedup-cpu"]');
      const endValue = async (series: string) =>
        Number(await cpu.locator(`path.mark.line[data-series="${series}"]`).getAttribute('data-value'));
      expect(await endValue('thread pool')).toBe(1);
      expect(await endValue('greenlet pool')).toBe(1);
      expect(await endValue('process pool')).toBeGreaterThan(1.5);
      const flat = await cpu
        .locator('path.mark.line[data-series="thread pool"]')
        .evaluate((e) => e.getBoundingClientRect().height);
      expect(flat).toBeLessThan(4);

      const table = page.locator('table[data-testid^="table-elapsed-virtual-time"]');
      expect(await table.locator('tbody tr').count()).toBe(2 * cpuVsIo.workers.length * (1 + WAYS.length));
      const timelines = page.locator('[data-testid^="timeline-"]');
      expect(await timelines.count()).toBe(2);
      for (const t of await timelines.all()) {
        expect(await t.locator('.slice').count()).toBeGreaterThan(10);
        expect(await t.locator('.state-computing').count()).toBeGreaterThan(0);
      }
      expect(await page.locator('[data-testid="timeline-run-cpu"] .state-gil-wait').count()).toBeGreaterThan(0);
      const data = JSON.parse((await page.locator('script#data').textContent()) ?? 'null');
      expect(data).toEqual(JSON.parse(JSON.stringify(cpuVsIo)));
      await page.screenshot({ path: join(dir, 'cpu-vs-io.png'), fullPage: true });
      await page.close();
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    });

    it('lays out every report at tour size on a desktop and a 390 px screen, light and dark', async () => {
      // What `npm start` writes: each suite at its tour size (as cli/tour.ts, which reports/ may not import).
      const tour = mkdtempSync(join(tmpdir(), 'concsim-tour-'));
      for (const suite of SUITES) {
        const seeds = suite.tour?.seeds ?? Math.min(2, suite.defaultSeeds);
        const params = resolveParams(`suite ${suite.name}`, suite.params, suite.tour?.params ?? {});
        writeReport(tour, suite.report(suite.run({ params, seeds, command: suiteCommand(suite, params, seeds) })));
      }
      writeIndex(tour, CONCSIM_VERSION);
      const shots = process.env['CONCSIM_SCREENSHOTS'] || join(tour, 'screenshots');
      mkdirSync(shots, { recursive: true });
      const pages = readdirSync(tour).filter((f) => f.endsWith('.html'));
      expect(pages.sort()).toEqual([...SUITES.map((s) => `${s.name}.html`), 'index.html'].sort());
      const screens = [
        { name: 'desktop', width: 1280, scheme: 'light' },
        { name: 'phone', width: 390, scheme: 'light' },
        { name: 'phone-dark', width: 390, scheme: 'dark' },
      ] as const;
      for (const file of pages) {
        for (const screen of screens) {
          const what = `${file} on a ${screen.width} px ${screen.scheme} screen`;
          const page = await browser.newPage({
            viewport: { width: screen.width, height: 800 },
            colorScheme: screen.scheme,
          });
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(String(e)));
          await page.goto(pathToFileURL(join(tour, file)).href, { waitUntil: 'load' });
          const width = await page.locator('html').evaluate((e) => e.scrollWidth);
          expect(width, `${what}: page width`).toBeLessThanOrEqual(screen.width);
          // Legends fit inside their chart: no item's text runs past the SVG's right edge.
          const overflow = await page.locator('svg').evaluateAll((svgs) =>
            svgs.flatMap((svg) => {
              const right = svg.getBoundingClientRect().right;
              return [...svg.querySelectorAll('.legend-item')]
                .filter((g) => g.getBoundingClientRect().right > right + 0.5)
                .map((g) => `${svg.id}: ${g.textContent}`);
            }),
          );
          expect(overflow, `${what}: legend items past the edge`).toEqual([]);
          const background = await page
            .locator('body')
            .evaluate((e) => e.ownerDocument.defaultView?.getComputedStyle(e).backgroundColor);
          expect(background, `${what}: background`).toBe(
            screen.scheme === 'dark' ? 'rgb(22, 23, 26)' : 'rgb(255, 255, 255)',
          );
          await page.screenshot({
            path: join(shots, `${file.replace(/\.html$/, '')}-${screen.name}.png`),
            fullPage: true,
          });
          await page.close();
          expect(errors, what).toEqual([]);
        }
      }
      // Worker processes each have a MainThread: their rows sit under a label naming the process.
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(pathToFileURL(join(tour, 'cpu-vs-io.html')).href);
      const labels = await page.locator('[data-testid="timeline-run-cpu"] .process-label').allTextContents();
      expect(labels.length, 'process labels').toBeGreaterThan(2);
      expect(new Set(labels).size, 'distinct process labels').toBe(labels.length);
      await page.close();
    }, 240_000);

    it('links every report from the index', async () => {
      const { page, errors, requests } = await open('index.html');
      expect(await page.locator('a[href="cpu-vs-io.html"]').count()).toBe(1);
      const link = page.locator('a[href="bug-hunt.html"]');
      expect(await link.count()).toBe(1);
      expect(await page.locator('a[href="bug-hunt.md"]').count()).toBe(1);
      await link.click();
      await page.waitForURL(/bug-hunt\.html$/);
      expect(await page.title()).toMatch(/^Bug hunt/);
      await page.close();
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    });
  });
}
