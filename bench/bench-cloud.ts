/**
 * The bench's own local cloud (P2, P4): started in-process on a fresh temp data folder and ports
 * from the OS, schedule timers off, the clock set to a working morning; plus the few HTTP steps
 * of a dossier the benches drive (create, scan, submit, accept).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { names, topology } from '../infra/topology.ts';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../infra/local/cloud.ts';
import { credentials, region } from '../infra/local/config.ts';
import { signToken } from '../infra/local/keys.ts';
import { province } from '../shared/province/index.ts';
import { call, expectStatus, uploadPdf, waitFor } from '../infra/local/replay/client.ts';

/** The instant the bench clock starts at (a Wednesday morning: offices open, no holiday). */
export const benchClock = '2026-12-02T09:00:00+07:00';

/** A port the OS hands out (closed again at once, so the emulator can take it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface BenchCloud {
  cloud: LocalCloud;
  dataDir: string;
  /** A client of DynamoDB Local itself (never through a counting proxy): the bench's own reads. */
  db: DynamoDBClient;
  stop(): Promise<void>;
}

/** Starts a local cloud for a bench; `functionEndpoints` gives the functions proxies instead of the emulators (P4). */
export async function startBenchCloud(opts: { log?: (line: string) => void; ports?: { dynamodb?: number; s3?: number; sqs?: number }; functionEndpoints?: LocalCloudOptions['functionEndpoints'] } = {}): Promise<BenchCloud> {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-bench-cloud-'));
  const ports = { http: await freePort(), dynamodb: opts.ports?.dynamodb ?? (await freePort()), s3: opts.ports?.s3 ?? (await freePort()), sqs: opts.ports?.sqs ?? (await freePort()) };
  const cloud = await startLocalCloud({
    dataDir,
    reset: true,
    ports,
    log: opts.log ?? (() => {}),
    schedules: { timers: false },
    malwareScanner: { delayMs: 0 },
    clock: { at: benchClock, speed: 1 },
    ...(opts.functionEndpoints ? { functionEndpoints: opts.functionEndpoints } : {}),
  });
  const db = new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region, credentials });
  return {
    cloud,
    dataDir,
    db,
    stop: async () => {
      db.destroy();
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Picks a port for a service before the cloud starts (a proxy must know where to forward). */
export const reservePort = freePort;

/** The machine and date line every report starts with. */
export function machineLine(): string {
  const c = cpus();
  return `${new Date().toISOString().slice(0, 10)}, ${c.length} cores (${c[0]?.model.trim() ?? '?'}), Node ${process.version}`;
}

export { call, expectStatus, retried, samplePdf, uploadPdf, waitFor, type Answer } from '../infra/local/replay/client.ts';

/** The JWT headers of a clerk at a service point, of an agency's user. */
export async function clerkHeaders(dataDir: string, servicePointId: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signToken(dataDir, { sub: `clerk-${servicePointId}`, token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': servicePointId })}` };
}
export async function agencyHeaders(dataDir: string, agencyId: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signToken(dataDir, { sub: `agency-user-${agencyId}`, token_use: 'id', 'cognito:groups': ['agency'], 'custom:agency_id': agencyId })}` };
}

/** The one-stop desk of a receiving unit (where its officers sit). */
export function deskOf(receivingUnitId: string): string {
  const desk = [...province().servicePoints.values()].find((p) => p.receivingUnit === receivingUnitId);
  if (!desk) throw new Error(`no one-stop desk belongs to ${receivingUnitId}`);
  return desk.id;
}

/**
 * Waits until every slot (scan or result) of a dossier is verified, reading the dossier item straight from
 * DynamoDB Local (`db` talks to the emulator, not through P4's counting proxy): the bench's
 * waiting must not count as the citizen's or the agency's requests.
 */
export async function waitVerified(db: DynamoDBClient, ref: string, slots: string[]): Promise<void> {
  const table = names.table(topology().prefix, 'dossiers');
  await waitFor(async () => {
    const out = await db.send(new GetItemCommand({ TableName: table, Key: { pk: { S: `DOSSIER#${ref}` }, sk: { S: 'DOSSIER' } }, ConsistentRead: true }));
    const item = (out.Item ? unmarshall(out.Item) : {}) as { documents?: Record<string, { status?: string }>; results?: Record<string, { status?: string }> };
    const slot = (s: string) => item.documents?.[s] ?? item.results?.[s];
    return slots.every((s) => slot(s)?.status === 'verified') ? true : undefined;
  });
}

/**
 * Creates an online dossier, uploads every mandatory scan, waits until each is verified, and
 * submits it. Answers the create's body and the citizen's token.
 */
export async function createAndSubmit(api: string, db: DynamoDBClient, body: unknown): Promise<{ created: any; token: string }> {
  const created = expectStatus('create', await call(api, 'POST', '/v1/dossiers', body), 201).body;
  const token = created.accessToken as string;
  const citizen = { 'x-dossier-token': token };
  const mandatory = (created.documents as { id: string; mandatory: boolean }[]).filter((d) => d.mandatory);
  for (const slot of mandatory) await uploadPdf(api, `/v1/dossiers/${created.ref}/documents/${slot.id}`, citizen);
  await waitVerified(db, created.ref, mandatory.map((m) => m.id));
  expectStatus('submit', await call(api, 'POST', `/v1/dossiers/${created.ref}/submit`, undefined, citizen), 200);
  return { created, token };
}

/**
 * An officer of the receiving unit accepts a submitted dossier (code and clock); answers its code.
 * A 409 conflict ("too many dossiers received at once": the day's sequence of the unit taken
 * meanwhile) is tried again, as the officer would (infra/local/replay/client.ts).
 */
export async function accept(api: string, ref: string, officer: Record<string, string>): Promise<string> {
  return expectStatus('acceptance', await call(api, 'POST', `/v1/counter/dossiers/${ref}/acceptance`, { officer: 'Rơ Mah H’Lan' }, officer, { contention: true }), 200).body.form.code as string;
}
