/**
 * Starts one local cloud for the whole test run (DynamoDB Local, s3rver, local-aws-sqs, the
 * functions and the HTTP front), on ports apart from `npm start`'s, with a fresh data folder.
 * Tests get its endpoints and environment through `inject('cloud')`.
 */
import type { TestProject } from 'vitest/node';
import { startLocalCloud, type LocalCloud } from '../infra/local/cloud.ts';
import { repoRoot } from '../infra/bundling.ts';
import { topology } from '../infra/topology.ts';

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

/**
 * The ports of the shared test cloud for MOTCUA_TEST_PORT_OFFSET = `offset` (an integer 0–999).
 * For offsets 0–999 the four services stay in disjoint bands: http 3100–4099, s3 4669–5668,
 * dynamodb 8100–9099, sqs 9424–10423. So two runs with different offsets never share a port (the
 * house uses 0, 5, 10, 20, 30, 40, 50, ... 90), none ever takes `npm start`'s 3000/4569/8000/9324,
 * and none reaches test/local's 20000–29999 (test/local/support.ts `freePortRange`) or the OS's
 * ephemeral ports (32768 and up). The s3 front's inner listener takes port 0 from the OS.
 */
export function testPortsFor(offset: number) {
  if (!Number.isInteger(offset) || offset < 0 || offset > 999) throw new Error(`MOTCUA_TEST_PORT_OFFSET=${offset}: expected an integer 0-999`);
  return { http: 3100 + offset, dynamodb: 8100 + offset, s3: 4669 + offset, sqs: 9424 + offset };
}

/** MOTCUA_TEST_PORT_OFFSET moves every port (and the data folder), so two runs can share a machine. */
const offset = Number(process.env.MOTCUA_TEST_PORT_OFFSET || 0);
export const testPorts = testPortsFor(offset);

let cloud: LocalCloud | undefined;

export async function setup(project: TestProject) {
  const dataDir = `${repoRoot}.motcua-test${offset ? `-${offset}` : ''}`;
  // The courier partner's postman only takes the orders (`manual`): a test that wants him to play
  // every step says so (test/support/courier.ts), so results stay where other tests expect them.
  // The project's PROVINCE_DATASET (vitest.config.ts: the 2019 pilot) reaches the test workers
  // only; this runs in vitest's own process, so the cloud is given the dataset explicitly.
  const t = topology({ dataset: project.config.env.PROVINCE_DATASET });
  cloud = await startLocalCloud({ dataDir, reset: true, ports: testPorts, topology: t, log: process.env.MOTCUA_TEST_LOG ? (l) => console.error(l) : () => {}, courierPartner: { script: { mode: 'manual' } } });
  project.provide('cloud', { endpoints: cloud.endpoints, env: cloud.env, dataDir });
}

export async function teardown() {
  await cloud?.stop();
}
