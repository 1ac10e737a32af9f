import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      // Pure domain and contract rules: no cloud, run in parallel.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // CDK template tests (synthesis bundles the functions with esbuild).
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      // The local runner itself: each file starts its own emulators on its own ports.
      { test: { name: 'local', include: ['test/local/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000 } },
      // Handlers end to end: one local cloud for the run (test/global-setup.ts), real HTTP and SDK.
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
