import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('./index.ts', import.meta.url));

// .ci/run asks for a JSON report, from which it prints the plain "N passed, N failed" line.
const jsonReport = process.env['CONCSIM_TEST_REPORT'];

export default defineConfig({
  resolve: { alias: { concsim: root } },
  test: {
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'layers.test.ts',
            'engine/**/*.test.ts',
            'models/**/*.test.ts',
            'python/**/*.test.ts',
            'runner/**/*.test.ts',
            'scenarios/**/*.test.ts',
            'cli/**/*.test.ts',
            'reports/**/*.test.ts',
            'docs/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'props',
          include: ['props/**/*.prop.ts'],
          setupFiles: ['props/setup.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['reports/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
