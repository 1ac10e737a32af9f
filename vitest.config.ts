import { defineConfig } from 'vitest/config';

/**
 * The tests run on the 2019 pilot's data (small, stable fixtures: Ia Grai's communes, its desks and
 * agencies), whereas `npm start`, `npm run token` and `cdk synth` deploy gia-lai-2025, the default
 * of shared/province/index.ts. Each project sets it (an inline project does not inherit the root's
 * `test`): in every test worker, so `topology()`, `province()` and what they spawn (test/local's
 * `npm start`) read 2019; test/global-setup.ts runs outside the workers and passes the project's
 * value to the shared local cloud itself. test/local/province-2025.test.ts starts its own cloud on
 * the merged province.
 */
const env = { PROVINCE_DATASET: 'gia-lai-2019' };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      // Pure domain and contract rules: no cloud, run in parallel.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env } },
      // CDK template tests (synthesis bundles the functions with esbuild).
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], env, testTimeout: 180_000, hookTimeout: 180_000 } },
      // The local runner itself: each file starts its own emulators on its own ports.
      { test: { name: 'local', include: ['test/local/**/*.test.ts'], env, fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 } },
      // The pages in Chromium (playwright-core, Debian's /usr/bin/chromium): each file starts its own cloud and browser.
      // expect.poll waits up to 15 s (default 1 s): a page on a loaded shared machine renders late, not wrong.
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], env, fileParallelism: false, testTimeout: 60_000, hookTimeout: 180_000, expect: { poll: { timeout: 15_000 } } } },
      // Handlers end to end: one local cloud for the run (test/global-setup.ts), real HTTP and SDK.
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          env,
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
