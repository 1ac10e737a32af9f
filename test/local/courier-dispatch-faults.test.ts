/**
 * Courier dispatch under partner faults (issue 10, "nothing lost, nothing dispatched twice"):
 * 200 home pickups go through the real router, the real courier-dispatch FIFO queue and the real
 * courier function to the courier partner stand-in while it answers 503 and holds requests past
 * the adapter's timeout; then a partner whose answer comes after the order was made (a redelivery
 * must find that order, not make another); then a partner that keeps refusing one shipment sends
 * it to the DLQ.
 *
 * Runs on the machine's real date (December 2026 when written): nothing here depends on the day
 * (a home pickup is dispatched whatever the date; no clock starts before the hand-over).
 *
 * Its own local cloud (not the shared one): it changes the queue's settings and the partner's
 * faults, and a stuck message would otherwise sit in the way of the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import type { RecordedCall } from '../../infra/local/courier-partner.ts';
import { names, topology, type Topology } from '../../infra/topology.ts';
import { courierDispatchV1 } from '../../shared/contracts/courier-dispatch.ts';
import { isS10 } from '../../shared/domain/postal/s10.ts';
import { dossierBody } from '../support/factories.ts';
import { eventually, freePorts, tempDir } from './support.ts';

const ports = await freePorts();
const base = topology();
// The real topology, with the dispatch made quick: the courier function gives up on a silent
// partner after 1 s instead of 5 s (20 held requests cost 20 s, not 100), so it may run 6 s instead
// of 30 (a batch of 5 takes at most 5 s), and a failed order comes back after a 6 s visibility
// timeout instead of 60 s; 4 receives instead of 8 reach the DLQ in about 24 s. Visibility stays
// at least the function's timeout, as Lambda requires: shorter, a batch still held by a silent
// partner is received again and burns its receives in seconds. Everything else (FIFO, item as
// group, event id as dedup id, batch size, redrive) is as deployed.
const quick: Topology = {
  ...base,
  queues: { ...base.queues, 'courier-dispatch': { ...base.queues['courier-dispatch'], visibilityTimeoutSeconds: 6, maxReceiveCount: 4 } },
  functions: { ...base.functions, courier: { ...base.functions.courier, timeoutSeconds: 6 } },
  partners: { ...base.partners, courier: { ...base.partners.courier, timeout: { ...base.partners.courier.timeout, ms: 1000 } } },
};
const partnerTimeoutMs = quick.partners.courier.timeout.ms;
const maxReceiveCount = quick.queues['courier-dispatch'].maxReceiveCount;

let cloud: LocalCloud;
let sqs: SQSClient;
let dataDir: string;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('courier-faults');
  // `manual`: the stand-in's postman only accepts each order, so the only traffic is dispatch.
  cloud = await startLocalCloud({ dataDir, ports, topology: quick, log: (l) => logs.push(l), schedules: { timers: false }, courierPartner: { script: { mode: 'manual' } } });
  sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: cloud.env.AWS_REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
}, 180_000);
afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const queueName = names.queue(quick.prefix, 'courier-dispatch');
const dlqName = names.dlq(quick.prefix, 'courier-dispatch');

/**
 * Messages waiting and in flight. local-aws-sqs counts an in-flight FIFO message in both (real SQS
 * only in the second), so a queue is read as empty when both are 0, and before anyone receives.
 */
async function counts(name: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: cloud.queueUrls[name], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible) };
}

/** Orders the partner was sent (its control routes aside), with the item each was for. */
const orders = () =>
  cloud.courierPartner
    .calls()
    .filter((c: RecordedCall) => c.direction === 'in' && c.path === '/v1/orders')
    .map((c) => ({ status: c.status, itemId: (c.body as { shipment?: { itemId?: string } } | undefined)?.shipment?.itemId }));

/**
 * A home pickup of the criminal-record certificate, a new applicant each time, through the API.
 * A 503 ("try again with the same Idempotency-Key", when the machine is too busy to answer in
 * time) is tried again with the same key and body, as the API asks a client to.
 */
async function requestPickup(): Promise<{ ref: string; accessToken: string; itemId: string }> {
  const key = randomUUID();
  const payload = JSON.stringify({ ...dossierBody(), intake: { method: 'home-pickup' }, resultDelivery: { method: 'post' } });
  let res: Response;
  let body: { ref: string; accessToken: string; shipments?: { itemId: string }[] };
  for (let attempt = 0; ; attempt++) {
    res = await fetch(`${cloud.endpoints.api}/v1/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: payload });
    body = (await res.json()) as typeof body;
    if (res.status !== 503 || attempt === 5) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(res.status, JSON.stringify(body)).toBe(201);
  return { ref: body.ref, accessToken: body.accessToken, itemId: body.shipments![0]!.itemId };
}

/** `n` pickups, `concurrency` requests in flight at a time. */
async function requestPickups(n: number, concurrency: number) {
  const made: Awaited<ReturnType<typeof requestPickup>>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        made.push(await requestPickup());
      }
    }),
  );
  return made;
}

describe('courier dispatch under partner faults', () => {
  it('places exactly one order per shipment for 200 home pickups while the partner fails and times out, and leaves the queue and its DLQ empty', async () => {
    // The stand-in holds the first 20 requests until the function gives up on them, then answers
    // the next 60 with 503 (faults count down per request, holds first).
    cloud.courierPartner.configure({ timeoutNext: 20, failNext: 60, status: 503 });
    const started = Date.now();

    const made = await requestPickups(200, 10);

    const expected = new Set(made.map((m) => m.itemId));
    expect(expected.size).toBe(200);
    for (const id of expected) expect(isS10(id, { country: 'VN' }), id).toBe(true);
    await eventually(() => (orders().filter((o) => o.status === 201).length >= 200 ? true : undefined), 120_000, 500);
    await eventually(async () => ((await counts(queueName)).visible + (await counts(queueName)).inFlight === 0 ? true : undefined), 20_000, 200);

    const seen = orders();
    const created = seen.filter((o) => o.status === 201).map((o) => o.itemId!);
    const tally = {
      orders: created.length,
      duplicates: seen.filter((o) => o.status === 200).length,
      unavailable: seen.filter((o) => o.status === 503).length,
      timedOut: seen.filter((o) => o.status === 0).length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(`courier dispatch, 200 pickups: ${JSON.stringify(tally)}`);
    // Never two new orders for one item, and one for each item asked.
    expect(created).toHaveLength(200);
    expect(new Set(created)).toEqual(expected);
    // Every fault injected was met (and retried to success).
    expect(tally.unavailable).toBe(60);
    expect(tally.timedOut).toBe(20);
    // Every other answer was a new order or a repeat of one (200: the first order, none made).
    expect(seen.length).toBe(tally.orders + tally.duplicates + tally.unavailable + tally.timedOut);
    expect(await counts(queueName)).toEqual({ visible: 0, inFlight: 0 });
    expect(await counts(dlqName)).toEqual({ visible: 0, inFlight: 0 });
  }, 180_000);

  it('makes no second order when the partner made the order but its answer came too late: the redelivered message is answered with the first order (200)', async () => {
    // Every answer half a second past the function's timeout: it gives up although the order exists.
    cloud.courierPartner.configure({ slowMs: partnerTimeoutMs + 500 });
    const late = await requestPickup();
    await eventually(() => (orders().some((o) => o.itemId === late.itemId && o.status === 201) ? true : undefined), 30_000, 100);
    cloud.courierPartner.configure({});

    await eventually(async () => {
      const { visible, inFlight } = await counts(queueName);
      return visible + inFlight === 0 ? true : undefined;
    }, 30_000, 200);
    const statuses = orders().filter((o) => o.itemId === late.itemId).map((o) => o.status);
    console.log(`an answer lost after the order was made: ${JSON.stringify(statuses)}`);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(200);
    expect(await counts(dlqName)).toEqual({ visible: 0, inFlight: 0 });
  }, 60_000);

  it('moves a shipment the partner keeps refusing to the DLQ after maxReceiveCount receives, where a person finds its dispatch message; the dossier still shows its pickup requested', async () => {
    cloud.courierPartner.configure({ rejectNext: 1000 });
    const refused = await requestPickup();

    await eventually(async () => ((await counts(dlqName)).visible === 1 ? true : undefined), 60_000, 200);
    cloud.courierPartner.configure({});
    // The partner takes orders again: the next shipments go through, one order each.
    const after = await requestPickups(3, 3);
    await eventually(() => (after.every((m) => orders().some((o) => o.itemId === m.itemId && o.status === 201)) ? true : undefined), 20_000, 200);

    expect(orders().filter((o) => o.itemId === refused.itemId).map((o) => o.status)).toEqual(Array(maxReceiveCount).fill(422));
    for (const m of after) expect(orders().filter((o) => o.itemId === m.itemId).map((o) => o.status), m.itemId).toEqual([201]);
    expect(await counts(queueName)).toEqual({ visible: 0, inFlight: 0 });
    expect(await counts(dlqName)).toEqual({ visible: 1, inFlight: 0 });
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: cloud.queueUrls[dlqName], MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }));
    expect(dead.Messages).toHaveLength(1);
    const message = courierDispatchV1.parse(JSON.parse(dead.Messages![0]!.Body!));
    expect(message).toMatchObject({ type: 'shipment.requested', shipment: { itemId: refused.itemId, kind: 'pickup' } });
    expect(dead.Messages![0]!.Attributes?.MessageGroupId).toBe(refused.itemId);

    const res = await fetch(`${cloud.endpoints.api}/v1/dossiers/${refused.ref}`, { headers: { 'x-dossier-token': refused.accessToken } });
    const dossier = (await res.json()) as { status: string; shipments: { itemId: string; status: string }[]; timeline: { type: string }[] };
    expect(res.status).toBe(200);
    expect(dossier.status).toBe('new');
    expect(dossier.shipments).toEqual([expect.objectContaining({ itemId: refused.itemId, status: 'requested' })]);
    expect(dossier.timeline.map((e) => e.type)).toContain('postal.pickup-requested');
  }, 90_000);
});
