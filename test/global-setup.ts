/**
 * Starts one local cloud for the whole test run (DynamoDB Local, s3rver, local-aws-sqs, the
 * functions and the HTTP front), on ports apart from `npm start`'s, with a fresh data folder.
 * Tests get its endpoints and environment through `inject('cloud')`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalCloud, type LocalCloud } from '../infra/local/cloud.ts';
import { repoRoot } from '../infra/bundling.ts';

export interface CloudInfo {
  endpoints: LocalCloud['endpoints'];
  env: Record<string, string>;
  dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: CloudInfo;
  }
}

/** MOTCUA_TEST_PORT_OFFSET moves every port (and the data folder), so two runs can share a machine. */
const offset = Number(process.env.MOTCUA_TEST_PORT_OFFSET ?? 0);
export const testPorts = { http: 3100 + offset, dynamodb: 8100 + offset, s3: 4669 + offset, sqs: 9424 + offset };

let cloud: LocalCloud | undefined;

export async function setup(project: TestProject) {
  const dataDir = `${repoRoot}.motcua-test${offset ? `-${offset}` : ''}`;
  cloud = await startLocalCloud({ dataDir, reset: true, ports: testPorts, log: () => {} });
  project.provide('cloud', { endpoints: cloud.endpoints, env: cloud.env, dataDir });
}

export async function teardown() {
  await cloud?.stop();
}
