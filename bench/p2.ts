/**
 * P2 (issue 15, item 7): (a) local intake (online create through the real HTTP API) against raw
 * DynamoDB Local PutItem on the same DynamoDB Local at the same concurrency, interleaved in
 * rounds, medians; (b) submit → agency queue: dossiers submitted and accepted at 16 in flight,
 * from the acceptance answer to the message in the agency's queue.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { credentials, region } from '../infra/local/config.ts';
import { names, topology } from '../infra/topology.ts';
import { dossierBody } from '../test/support/factories.ts';
import type { Bar } from './report.ts';
import { accept, call, clerkHeaders, createAndSubmit, deskOf, expectStatus, retried, startBenchCloud, type BenchCloud } from './bench-cloud.ts';

export const inFlight = 16;

export interface P2Result {
  intake: { requests: number; rounds: number; throughput: number; p99: number; rawThroughput: number; rawP99: number; itemBytes: number };
  routing: { dossiers: number; p50: number; p99: number; lost: number };
  /** POSTs answered 503 and tried again with the same Idempotency-Key, over the whole of P2. */
  retries: number;
  /** Acceptances answered 409 (the unit's day sequence taken meanwhile) and tried again. */
  conflicts: number;
}

/** The q-quantile (0–1) of the samples, nearest rank. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const median = (xs: number[]) => quantile(xs, 0.5);

/** Runs `n` jobs at `width` in flight; answers each job's latency (ms) and the wall time. */
async function pool(n: number, width: number, job: (i: number) => Promise<void>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await job(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

/** Runs P2 on a fresh bench cloud: `intakeRequests` creates (and as many raw puts), `routedDossiers` submitted and accepted. */
export async function p2(opts: { intakeRequests: number; routedDossiers: number; rounds?: number; log?: (l: string) => void }): Promise<P2Result> {
  const log = opts.log ?? (() => {});
  const bench = await startBenchCloud();
  const before = { ...retried };
  try {
    const intake = await intakeAgainstRaw(bench, opts.intakeRequests, opts.rounds ?? 5, log);
    const routing = await submitToQueue(bench, opts.routedDossiers, log);
    return { intake, routing, retries: retried.count - before.count, conflicts: retried.conflicts - before.conflicts };
  } finally {
    await bench.stop();
  }
}

async function intakeAgainstRaw(bench: BenchCloud, requests: number, rounds: number, log: (l: string) => void): Promise<P2Result['intake']> {
  const api = bench.cloud.endpoints.api;
  const db = bench.db;
  const rawTable = 'bench-raw-puts';
  await db.send(new CreateTableCommand({ TableName: rawTable, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
  // Warm-up: the first create is the public API's cold start; its dossier item gives the raw item's size.
  const first = expectStatus('create', await call(api, 'POST', '/v1/dossiers', dossierBody()), 201).body;
  const stored = await db.send(new QueryCommand({ TableName: names.table(topology().prefix, 'dossiers'), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `DOSSIER#${first.ref}` } } })).catch(() => undefined);
  const dossierItem = stored?.Items?.map((i) => unmarshall(i)).find((i) => i.entity === 'dossier');
  const itemBytes = dossierItem ? JSON.stringify(dossierItem).length : 1500;
  const padding = 'x'.repeat(Math.max(0, itemBytes - 60));
  const per = Math.ceil(requests / rounds);
  const ours: { throughput: number; p99: number }[] = [];
  const raw: { throughput: number; p99: number }[] = [];
  // Interleaved rounds, so a busy moment of the machine falls on both alike.
  for (let r = 0; r < rounds; r++) {
    const a = await pool(per, inFlight, async () => void expectStatus('create', await call(api, 'POST', '/v1/dossiers', dossierBody()), 201));
    ours.push({ throughput: (per * 1000) / a.wallMs, p99: quantile(a.latencies, 0.99) });
    const b = await pool(per, inFlight, async () => void (await db.send(new PutItemCommand({ TableName: rawTable, Item: { pk: { S: randomUUID() }, createdAt: { S: new Date().toISOString() }, payload: { S: padding } } }))));
    raw.push({ throughput: (per * 1000) / b.wallMs, p99: quantile(b.latencies, 0.99) });
    log(`P2 intake round ${r + 1}/${rounds}: ${ours.at(-1)!.throughput.toFixed(0)}/s (p99 ${ours.at(-1)!.p99.toFixed(0)} ms) vs raw ${raw.at(-1)!.throughput.toFixed(0)}/s (p99 ${raw.at(-1)!.p99.toFixed(0)} ms)`);
  }
  return {
    requests: per * rounds,
    rounds,
    throughput: median(ours.map((x) => x.throughput)),
    p99: median(ours.map((x) => x.p99)),
    rawThroughput: median(raw.map((x) => x.throughput)),
    rawP99: median(raw.map((x) => x.p99)),
    itemBytes,
  };
}

async function submitToQueue(bench: BenchCloud, dossiers: number, log: (l: string) => void): Promise<P2Result['routing']> {
  const { cloud, dataDir } = bench;
  const api = cloud.endpoints.api;
  const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region, credentials });
  // The criminal-record certificate of a resident of Ia Tô goes to the Department of Justice (gl-stp).
  const queueUrl = Object.entries(cloud.queueUrls).find(([name]) => name.includes('gl-stp') && !name.includes('dlq'))?.[1];
  if (!queueUrl) throw new Error('no agency queue for gl-stp');
  const acceptedAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
      const now = performance.now();
      const messages = got.Messages ?? [];
      for (const m of messages) {
        const code = (JSON.parse(m.Body ?? '{}') as { dossierCode?: string }).dossierCode;
        if (code && !arrivedAt.has(code)) arrivedAt.set(code, now);
      }
      if (messages.length) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      else await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const officer = await clerkHeaders(dataDir, deskOf((await call(api, 'POST', '/v1/dossiers', dossierBody())).body.receivingUnit.id));
  await pool(dossiers, inFlight, async () => {
    const { created } = await createAndSubmit(api, bench.db, dossierBody());
    const code = await accept(api, created.ref, officer);
    acceptedAt.set(code, performance.now());
  });
  log(`P2 routing: ${dossiers} accepted, waiting for the queue`);
  const deadline = performance.now() + 120_000;
  while (arrivedAt.size < acceptedAt.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  polling = false;
  await poller;
  sqs.destroy();
  const hops = [...acceptedAt].flatMap(([code, t]) => (arrivedAt.has(code) ? [arrivedAt.get(code)! - t] : []));
  return { dossiers, p50: quantile(hops, 0.5), p99: quantile(hops, 0.99), lost: acceptedAt.size - hops.length };
}

/** P2's lines for the console and the report (Markdown). */
export function p2Lines(r: P2Result): string[] {
  const i = r.intake;
  return [
    `P2 (a) intake: online create through the HTTP API against raw DynamoDB Local PutItem (${i.itemBytes}-byte items), ${inFlight} in flight, ${i.requests} each in ${i.rounds} interleaved rounds, medians`,
    '',
    '| | throughput | p99 |',
    '| --- | --- | --- |',
    `| intake (POST /v1/dossiers) | ${i.throughput.toFixed(0)}/s | ${i.p99.toFixed(0)} ms |`,
    `| raw PutItem | ${i.rawThroughput.toFixed(0)}/s | ${i.rawP99.toFixed(0)} ms |`,
    `| ratio (target ≥ 0.5×, p99 ≤ 3×) | ${(i.throughput / i.rawThroughput).toFixed(2)}× | ${(i.p99 / i.rawP99).toFixed(2)}× |`,
    '',
    `P2 (b) submit → agency queue: ${r.routing.dossiers} dossiers submitted and accepted at ${inFlight} in flight; acceptance answer → message in gl-stp's queue: p50 ${r.routing.p50.toFixed(0)} ms, p99 ${r.routing.p99.toFixed(0)} ms (target p99 < 1 s at 2,000), ${r.routing.lost} not arrived after 2 min`,
    '',
    `POSTs answered 503 (not finished in time) and tried again with the same Idempotency-Key: ${r.retries} (their latency counts the retries); acceptances answered 409 "quá nhiều hồ sơ được tiếp nhận cùng lúc" and tried again: ${r.conflicts}`,
  ];
}

/** P2's figures over their targets for the chart (≤ 1 meets the target). */
export function p2Bars(r: P2Result): Bar[] {
  const i = r.intake;
  const ratio = i.throughput / i.rawThroughput;
  return [
    { label: 'P2 intake throughput (≥ 0.5× raw)', ofTarget: 0.5 / ratio, text: `${ratio.toFixed(2)}× raw` },
    { label: 'P2 intake p99 (≤ 3× raw)', ofTarget: i.p99 / i.rawP99 / 3, text: `${(i.p99 / i.rawP99).toFixed(2)}× raw` },
    { label: 'P2 submit → queue p99 (< 1 s)', ofTarget: r.routing.p99 / 1000, text: `${r.routing.p99.toFixed(0)} ms (${r.routing.dossiers} dossiers)` },
  ];
}
