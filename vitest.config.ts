import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'shared/**/*.test.ts', 'infra/**/*.test.ts'],
    // One local cloud (DynamoDB Local, s3rver, local-aws-sqs, the HTTP front) for the whole run.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration files share the local cloud's queues; run files one at a time, tests inside in order.
    fileParallelism: false,
  },
});
