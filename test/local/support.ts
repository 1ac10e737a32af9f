/**
 * Helpers for the infra/local tests: each test file starts its own local cloud on its own ports
 * (never test/global-setup.ts's 3100/8100/4669/9424) with fixture functions from test/fixtures.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RouteSpec } from '../../shared/contracts/routes.ts';
import { topology, type FunctionSpec, type QueueId, type Topology } from '../../infra/topology.ts';

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
