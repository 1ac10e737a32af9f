/**
 * P4 (issue 15, item 7): the cost of one online dossier lifecycle (create, scans, submit,
 * acceptance, routing, agency accept + result + complete, SMS, counter handover) from counted
 * requests and consumed capacity, at stated prices. Counting proxies sit between the functions
 * and DynamoDB Local, SQS and S3 (bench/counting-proxy.ts); Lambda invocations and their
 * durations come from the function host's one line per invocation.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { credentials, region } from '../infra/local/config.ts';
import { topology, type FunctionId } from '../infra/topology.ts';
import { dossierBody, someCccd } from '../test/support/factories.ts';
import { accept, agencyHeaders, call, clerkHeaders, createAndSubmit, deskOf, expectStatus, reservePort, startBenchCloud, uploadPdf, waitFor, waitVerified, type BenchCloud } from './bench-cloud.ts';
import type { Bar } from './report.ts';
import { startCountingProxy, type CountingProxy } from './counting-proxy.ts';

/**
 * On-demand prices, US$, used for P4 (stated 1 December 2026). Sources: the AWS pricing pages
 * (aws.amazon.com/<service>/pricing). Confirmed there for us-east-1 only (API Gateway HTTP API
 * $1.00/M, DynamoDB on-demand $0.625/M WRU, $0.125/M RRU); the ap-southeast-1 (Singapore) figures
 * below are as remembered from those pages, not re-read today: check before quoting them.
 */
export const prices = {
  asOf: '2026-12-01',
  region: 'ap-southeast-1',
  dynamodbWritePerMillion: 0.7115,
  dynamodbReadPerMillion: 0.1423,
  lambdaRequestPerMillion: 0.2,
  /** arm64 (the topology's architecture: infra/constructs/motcua-function.ts). */
  lambdaGbSecond: 0.0000133334,
  httpApiPerMillion: 1.0,
  /** FIFO price for every SQS request (standard queues cost $0.40/M: an upper bound). */
  sqsPerMillion: 0.5,
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
};

/** What is not in the figure. */
export const excluded =
  'storage (DynamoDB, S3 GB-month), data transfer, CloudWatch Logs and metrics, X-Ray, GuardDuty malware scans, KMS, Secrets Manager, SMS messages themselves, EventBridge Scheduler, free tiers; DynamoDB Streams reads by Lambda triggers are free';

export interface P4Result {
  dossiers: number;
  dynamodb: { writeUnits: number; readUnits: number; requests: number; byTable: { key: string; kind: string; units: number }[] };
  lambda: { invocations: number; gbSeconds: number; byFunction: { id: string; invocations: number; ms: number; memoryMb: number }[] };
  api: number;
  sqs: { requests: number; estimatedPolls: number };
  s3: { put: number; get: number };
  cost: { dynamodb: number; lambda: number; api: number; sqs: number; s3: number; total: number };
}

interface Invocation {
  id: string;
  ms: number;
}

/** Runs `dossiers` lifecycles (after one warm-up) on a bench cloud behind counting proxies. */
export async function p4(opts: { dossiers: number; log?: (l: string) => void }): Promise<P4Result> {
  const log = opts.log ?? (() => {});
  const t = topology();
  const [dynamodbPort, s3Port, sqsPort] = [await reservePort(), await reservePort(), await reservePort()];
  const proxies = {
    dynamodb: await startCountingProxy('dynamodb', `http://127.0.0.1:${dynamodbPort}`),
    s3: await startCountingProxy('s3', `http://127.0.0.1:${s3Port}`),
    sqs: await startCountingProxy('sqs', `http://127.0.0.1:${sqsPort}`),
  };
  let invocations: Invocation[] = [];
  let lastInvocation = Date.now();
  const hostLog = (line: string) => {
    // The function host's line per invocation (infra/local/lambda.ts): `λ <id> <request id> <ms> ms <outcome>`.
    const m = /^λ (\S+) \S+ (\d+) ms /.exec(line);
    if (m) {
      invocations.push({ id: m[1]!, ms: Number(m[2]) });
      lastInvocation = Date.now();
    }
  };
  const bench = await startBenchCloud({
    log: hostLog,
    ports: { dynamodb: dynamodbPort, s3: s3Port, sqs: sqsPort },
    functionEndpoints: { dynamodb: proxies.dynamodb.endpoint, s3: proxies.s3.endpoint, sqs: proxies.sqs.endpoint },
  });
  // The agency's consumer (its queue is in our account: its requests are ours to pay).
  const agencySqs = new SQSClient({ endpoint: bench.cloud.endpoints.sqs, region, credentials });
  const consumerRequests = { count: 0 };
  const quiet = () => waitFor(async () => (Date.now() - lastInvocation > 3000 ? true : undefined), 120_000, 200);
  try {
    await lifecycle(bench, agencySqs, consumerRequests);
    await quiet();
    for (const p of Object.values(proxies)) p.reset();
    invocations = [];
    consumerRequests.count = 0;
    for (let i = 0; i < opts.dossiers; i++) {
      await lifecycle(bench, agencySqs, consumerRequests);
      log(`P4 lifecycle ${i + 1}/${opts.dossiers}`);
    }
    await quiet();
    return tallyUp(t, opts.dossiers, invocations, proxies, consumerRequests.count);
  } finally {
    agencySqs.destroy();
    await bench.stop();
    await Promise.all(Object.values(proxies).map((p) => p.stop()));
  }
}

/** One online dossier from create to the result handed over at the Ia Grai post office. */
async function lifecycle(bench: BenchCloud, agencySqs: SQSClient, consumerRequests: { count: number }): Promise<void> {
  const { cloud, dataDir } = bench;
  const api = cloud.endpoints.api;
  const desk = 'bd-iagrai';
  const cccd = someCccd();
  const { created } = await createAndSubmit(api, bench.db, { ...dossierBody({ cccd }), resultDelivery: { method: 'counter', servicePointId: desk } });
  const officer = await clerkHeaders(dataDir, deskOf(created.receivingUnit.id));
  const code = await accept(api, created.ref, officer);
  // The agency's consumer receives its message and deletes it: two requests per message, counted
  // here (its empty polls while the bench waits are the consumer's idle cost, not the dossier's).
  const queueUrl = Object.entries(cloud.queueUrls).find(([name]) => name.includes('gl-stp') && !name.includes('dlq'))![1];
  await waitFor(async () => {
    const got = await agencySqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    let mine = false;
    for (const m of got.Messages ?? []) {
      await agencySqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
      consumerRequests.count += 2;
      mine ||= m.Body?.includes(code) ?? false;
    }
    return mine ? true : undefined;
  }, 60_000, 100);
  const agency = await agencyHeaders(dataDir, 'gl-stp');
  expectStatus('accept', await call(api, 'POST', `/v1/agency/dossiers/${code}/decisions`, { type: 'accept' }, agency), 200);
  await uploadPdf(api, `/v1/agency/dossiers/${code}/results/result-1`, agency);
  await waitVerified(bench.db, created.ref, ['result-1']);
  expectStatus('complete', await call(api, 'POST', `/v1/agency/dossiers/${code}/decisions`, { type: 'complete', resultSlots: ['result-1'], summary: 'Đã cấp Phiếu lý lịch tư pháp' }, agency), 200);
  const clerk = await clerkHeaders(dataDir, desk);
  const recipient = { kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', number: cccd } };
  expectStatus('handover', await call(api, 'POST', `/v1/counter/dossiers/${code}/handover`, { recipient, signedBy: 'Nguyễn Thị Hoa' }, clerk), 200);
}

function tallyUp(t: ReturnType<typeof topology>, n: number, invocations: Invocation[], proxies: Record<'dynamodb' | 's3' | 'sqs', CountingProxy>, consumerRequests: number): P4Result {
  const rows = Object.values(proxies.dynamodb.tally.units);
  const writeUnits = rows.filter((r) => r.kind === 'write').reduce((a, r) => a + r.units, 0) / n;
  const readUnits = rows.filter((r) => r.kind === 'read').reduce((a, r) => a + r.units, 0) / n;
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, { id: string; invocations: number; ms: number; memoryMb: number }>();
  for (const inv of invocations) {
    const memoryMb = t.functions[inv.id as FunctionId]?.memoryMb ?? 128;
    const row = byFunction.get(inv.id) ?? { id: inv.id, invocations: 0, ms: 0, memoryMb };
    row.invocations += 1;
    // Lambda bills duration rounded up to the millisecond.
    row.ms += Math.max(1, inv.ms);
    byFunction.set(inv.id, row);
  }
  const fns = [...byFunction.values()].map((r) => ({ ...r, invocations: r.invocations / n, ms: r.ms / n }));
  const gbSeconds = fns.reduce((a, r) => a + (r.ms / 1000) * (r.memoryMb / 1024), 0);
  const lambdaInvocations = fns.reduce((a, r) => a + r.invocations, 0);
  const api = fns.filter((r) => t.functions[r.id as FunctionId]?.audience).reduce((a, r) => a + r.invocations, 0);
  // The local queue pollers talk to SQS directly (not through the proxy): in AWS an SQS event
  // source mapping makes at least a ReceiveMessage and a DeleteMessageBatch per batch it invokes with.
  const estimatedPolls = fns.filter((r) => t.functions[r.id as FunctionId]?.trigger?.type === 'sqs').reduce((a, r) => a + 2 * r.invocations, 0);
  const sqsRequests = (sum(proxies.sqs.tally.requests) + consumerRequests) / n;
  const s3r = proxies.s3.tally.requests;
  const s3 = { put: ((s3r.PUT ?? 0) + (s3r.POST ?? 0) + (s3r.LIST ?? 0)) / n, get: ((s3r.GET ?? 0) + (s3r.HEAD ?? 0)) / n };
  const cost = {
    dynamodb: (writeUnits * prices.dynamodbWritePerMillion + readUnits * prices.dynamodbReadPerMillion) / 1e6,
    lambda: (lambdaInvocations * prices.lambdaRequestPerMillion) / 1e6 + gbSeconds * prices.lambdaGbSecond,
    api: (api * prices.httpApiPerMillion) / 1e6,
    sqs: ((sqsRequests + estimatedPolls) * prices.sqsPerMillion) / 1e6,
    s3: (s3.put * prices.s3PutPerThousand + s3.get * prices.s3GetPerThousand) / 1000,
    total: 0,
  };
  cost.total = cost.dynamodb + cost.lambda + cost.api + cost.sqs + cost.s3;
  return {
    dossiers: n,
    dynamodb: { writeUnits, readUnits, requests: sum(proxies.dynamodb.tally.requests) / n, byTable: rows.map((r) => ({ key: `${r.table} ${r.operation}`, kind: r.kind, units: r.units / n })).sort((a, b) => b.units - a.units) },
    lambda: { invocations: lambdaInvocations, gbSeconds, byFunction: fns.sort((a, b) => b.ms - a.ms) },
    api,
    sqs: { requests: sqsRequests, estimatedPolls },
    s3,
    cost,
  };
}

const usd = (x: number) => `$${x.toFixed(7)}`;
const pct = (x: number, of: number) => `${((100 * x) / of).toFixed(0)}%`;

/** P4's lines for the console and the report (Markdown). */
export function p4Lines(r: P4Result): string[] {
  const c = r.cost;
  return [
    `P4 cost per online dossier lifecycle (create, scans, submit, acceptance, routing, agency accept + result + complete, SMS, counter handover): means over ${r.dossiers} lifecycles after a warm-up, ${prices.region} on-demand prices of ${prices.asOf} (bench/p4.ts \`prices\`)`,
    '',
    '| service | counted per dossier | cost | share |',
    '| --- | --- | --- | --- |',
    `| DynamoDB | ${r.dynamodb.writeUnits.toFixed(1)} WRU, ${r.dynamodb.readUnits.toFixed(1)} RRU (${r.dynamodb.requests.toFixed(1)} requests) | ${usd(c.dynamodb)} | ${pct(c.dynamodb, c.total)} |`,
    `| Lambda | ${r.lambda.invocations.toFixed(1)} invocations, ${r.lambda.gbSeconds.toFixed(3)} GB-s | ${usd(c.lambda)} | ${pct(c.lambda, c.total)} |`,
    `| API Gateway HTTP API | ${r.api.toFixed(1)} requests | ${usd(c.api)} | ${pct(c.api, c.total)} |`,
    `| SQS | ${r.sqs.requests.toFixed(1)} counted (functions' sends, the agency's receive + delete) + ${r.sqs.estimatedPolls.toFixed(1)} estimated for the event source mappings | ${usd(c.sqs)} | ${pct(c.sqs, c.total)} |`,
    `| S3 | ${r.s3.put.toFixed(1)} PUT/POST/LIST, ${r.s3.get.toFixed(1)} GET/HEAD | ${usd(c.s3)} | ${pct(c.s3, c.total)} |`,
    `| **total** (target ≤ $0.0001) | | **${usd(c.total)}** | |`,
    '',
    `Excluded: ${excluded}. Lambda durations are the local host's (worker threads on this machine), not AWS's: read the GB-s as an order of magnitude.`,
    '',
    'DynamoDB capacity per dossier by table and operation:',
    '',
    '| table operation | kind | units |',
    '| --- | --- | --- |',
    ...r.dynamodb.byTable.map((x) => `| ${x.key} | ${x.kind} | ${x.units.toFixed(2)} |`),
    '',
    'Lambda per dossier by function:',
    '',
    '| function | invocations | ms | memory |',
    '| --- | --- | --- | --- |',
    ...r.lambda.byFunction.map((x) => `| ${x.id} | ${x.invocations.toFixed(1)} | ${x.ms.toFixed(0)} | ${x.memoryMb} MB |`),
  ];
}

/** P4's figure over its target for the chart. */
export const p4Bars = (r: P4Result): Bar[] => [{ label: 'P4 cost per dossier (≤ $0.0001)', ofTarget: r.cost.total / 0.0001, text: usd(r.cost.total) }];
