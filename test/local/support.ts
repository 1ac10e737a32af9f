/**
 * Helpers for the infra/local tests: each test file starts its own local cloud on ports free at
 * that moment (`freePorts()`, never `npm start`'s nor test/global-setup.ts's) with fixture
 * functions from test/fixtures.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqs } from '../../infra/local/sqs.ts';
import type { RouteSpec } from '../../shared/contracts/routes.ts';
import { topology, type FunctionSpec, type QueueId, type Topology } from '../../infra/topology.ts';

/**
 * Where `freePorts()` picks. Above every fixed port of the house: `npm start` (3000, 4569, 8000,
 * 9324) and test/global-setup.ts (3100–10423 for any offset 0–999, see `testPortsFor`). Below
 * the OS's ephemeral range (Linux: 32768–60999), on purpose: a port the OS hands out for
 * `listen(0)` is also one it hands out to outgoing connections, and this machine makes thousands
 * of them (every HTTP request of every test run), so one could take the port between our probe
 * and DynamoDB Local's JVM binding it seconds later. Nothing takes a port in this range unasked.
 */
export const freePortRange = { from: 20_000, to: 29_999 } as const;

export type CloudPorts = { http: number; dynamodb: number; s3: number; sqs: number };

/**
 * Four distinct ports nothing listens on right now, for one test file's local cloud: picked at
 * random in `freePortRange` and probed on every interface (Java binds them all), each held until
 * all four are found. Concrete numbers, as DynamoDB Local needs.
 *
 * Example: `const ports = await freePorts(); await startLocalCloud({ dataDir, ports, ... })`
 */
export async function freePorts(range: { from: number; to: number } = freePortRange): Promise<CloudPorts> {
  const held: net.Server[] = [];
  try {
    const take = async (): Promise<number> => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const port = range.from + Math.floor(Math.random() * (range.to - range.from + 1));
        const server = await hold(port);
        if (server) {
          held.push(server);
          return port;
        }
      }
      throw new Error(`no free port found in ${range.from}-${range.to}`);
    };
    return { http: await take(), dynamodb: await take(), s3: await take(), sqs: await take() };
  } finally {
    await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/** A server bound to the port on every interface, or undefined when something has it already. */
function hold(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, exclusive: true }, () => resolve(server));
  });
}

export const tempDir = (label: string) => mkdtemp(path.join(os.tmpdir(), `motcua-local-${label}-`));

/** The real topology's tables, buckets and queues with fixture functions and routes instead. */
export function fixtureTopology(
  prefix: string,
  parts: {
    functions: Record<string, Partial<FunctionSpec> & Pick<FunctionSpec, 'entry'>>;
    routes?: RouteSpec[];
    queues?: Partial<Topology['queues']>;
    /** Schedules naming fixture functions (function ids are not checked against the real topology). */
    schedules?: { id: string; function: string; expression: string; onFailure: QueueId }[];
  },
): Topology {
  const base = topology({ prefix });
  const functions = Object.fromEntries(
    Object.entries(parts.functions).map(([id, f]) => [
      id,
      { handler: 'handler', description: `fixture ${id}`, memoryMb: 256, timeoutSeconds: 5, permissions: {}, ...f } satisfies FunctionSpec,
    ]),
  );
  return {
    ...base,
    // No agency queues: the fixtures do not use them, and fewer queues start faster.
    agencies: [],
    queues: { ...base.queues, ...parts.queues },
    // Fixture function ids are not FunctionIds of the real topology.
    functions: functions as unknown as Topology['functions'],
    routes: parts.routes ?? [],
    // The real schedules name real functions, which fixture topologies do not have.
    schedules: (parts.schedules ?? []) as Topology['schedules'],
  };
}

export { eventually } from '../support/eventually.ts';

/** JSON lines of a file written by a fixture ([] when it does not exist yet). */
export async function jsonLines<T = any>(file: string): Promise<T[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);
  } catch {
    return [];
  }
}

/** The SQS stand-in alone on a free port with one FIFO queue, for tests of SQS behaviour; `stop()` ends both. */
export async function fifoQueueAlone(queueName: string): Promise<{ client: SQSClient; queueUrl: string; stop: () => Promise<void> }> {
  const sqs = await startSqs({ port: (await freePorts()).sqs });
  const client = new SQSClient({ endpoint: sqs.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const queueUrl = (await client.send(new CreateQueueCommand({ QueueName: queueName, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
  return { client, queueUrl, stop: async () => (client.destroy(), await sqs.stop()) };
}
