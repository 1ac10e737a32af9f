/**
 * Issue 14's second check: a seeded month of dossiers (infra/local/seed/month.ts, seed 2026, May
 * 2026) written into a dossiers table of its own, its stream read back from DynamoDB Local and fed
 * to the figures function (functions/figures.ts); the figures kept must equal the recount, the
 * on-time rate and the totals a brute-force count over the histories, and a stream delivered
 * twice (and once more shuffled) must change nothing.
 *
 * Isolated from the shared cloud's data: two fresh tables with a random suffix, deleted at the
 * end. The figures read no clock (every instant comes from the events), so the cloud's clock is
 * left alone; the month is in the describe name.
 */
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../support/cloud.ts';
import { lambdaStreamRecord } from '../../infra/local/event-sources.ts';
import { generateMonth, type GeneratedDossier } from '../../infra/local/seed/month.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { FigureStore } from '../../shared/aws/figure-store.ts';
import { figuresReport, recount } from '../../shared/app/figures.ts';
import { inBatches } from '../../shared/domain/concurrency.ts';
import { workingTimeBetween } from '../../shared/domain/calendar.ts';
import { localIsoDate, type DossierEvent } from '../../shared/domain/dossier.ts';
import { measureNames, type Measure } from '../../shared/domain/figures/measures.ts';
import { daysOf, type Grouping } from '../../shared/domain/figures/report.ts';
import { province } from '../../shared/province/index.ts';

const calendar = vietnamCalendar();
const gialai = province();
const suffix = randomBytes(4).toString('hex');
const dossiersTable = `motcua-month-dossiers-${suffix}`;
const figuresTable = `motcua-month-figures-${suffix}`;
const raw = new DynamoDBClient({});
const streams = new DynamoDBStreamsClient({});
const month = generateMonth({ seed: 2026, month: '2026-05', dossiers: 300, province: gialai, calendar });
const figures = new FigureStore(db, figuresTable);
let handler: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
let records: DynamoDBRecord[] = [];

async function createTable(name: string, stream: boolean) {
  await raw.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
    }),
  );
}

/** The items the stores write for one generated dossier: its events in seq order, the dossier, its notices. */
function itemsOf(g: GeneratedDossier): Record<string, unknown>[] {
  const ref = g.dossier.ref;
  return [
    ...g.events.map((e) => ({ pk: `DOSSIER#${ref}`, sk: `EVENT#${String(e.seq).padStart(6, '0')}`, entity: 'event', ...e })),
    { pk: `DOSSIER#${ref}`, sk: 'DOSSIER', entity: 'dossier', ...g.dossier },
    ...g.notices.map((n) => ({ pk: `DOSSIER#${ref}`, sk: `SMS#${n.id}`, entity: 'sms', ...n })),
  ];
}

/** Every record of the table's stream, until each written item was seen (DynamoDB Local's stream lags ~150 ms). */
async function readStream(streamArn: string, expected: number): Promise<DynamoDBRecord[]> {
  const out: DynamoDBRecord[] = [];
  const seen = new Set<string>();
  const deadline = Date.now() + 60_000;
  const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
  const iterators = new Map<string, string | undefined>();
  for (const s of shards) iterators.set(s.ShardId!, (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator);
  while (seen.size < expected) {
    if (Date.now() > deadline) throw new Error(`stream gave ${seen.size} of ${expected} items`);
    let got = 0;
    for (const [id, it] of iterators) {
      if (!it) continue;
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
      iterators.set(id, page.NextShardIterator);
      for (const r of page.Records ?? []) {
        // As Lambda hands it over (the SDK gives binaries and dates as objects): the local runner's own conversion.
        out.push(lambdaStreamRecord(r, streamArn) as unknown as DynamoDBRecord);
        seen.add(`${(r as _Record).dynamodb?.Keys?.pk?.S}|${(r as _Record).dynamodb?.Keys?.sk?.S}`);
        got++;
      }
    }
    if (got === 0) await new Promise((r) => setTimeout(r, 200));
  }
  return out;
}

const context = { functionName: 'figures', awsRequestId: 'figures-month', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
/** Feeds records to the figures function in batches of 100 (the event source mapping's batch size); no record may fail. */
async function deliver(list: readonly DynamoDBRecord[]) {
  for (let i = 0; i < list.length; i += 100) {
    const answer = (await handler({ Records: list.slice(i, i + 100) }, context)) as { batchItemFailures: unknown[] };
    expect(answer.batchItemFailures).toEqual([]);
  }
}

/** A stable picture of the whole figures table. */
async function snapshot() {
  const all = await figures.everything();
  const cells = (cs: { day: string; dims: object; counts: object }[]) => cs.map((c) => JSON.stringify([c.day, c.dims, Object.entries(c.counts).sort()])).sort();
  return { days: cells(all.days), months: cells(all.months), applied: [...all.applied].map(([ref, keys]) => [ref, [...keys].sort()] as const).sort(([a], [b]) => a.localeCompare(b)) };
}

/** The brute force: the month's totals counted straight from the generator's histories, by the house rules (contributions.ts). */
function bruteForce(all: readonly GeneratedDossier[]) {
  const of = (g: GeneratedDossier, type: string) => g.events.filter((e) => e.type === type);
  const settled = (e: DossierEvent) => e.type === 'dossier.completed' && e.data.to === 'result-ready';
  let onTime = 0;
  let late = 0;
  for (const g of all)
    for (const e of g.events.filter(settled)) {
      const due = g.dossier.dueAt;
      const overdueBefore = g.events.some((x) => x.type === 'dossier.overdue' && x.seq < e.seq);
      if (due && (overdueBefore || (g.dossier.extensions?.length ?? 0) > 0 || Date.parse(e.at) > Date.parse(due))) late++;
      else onTime++;
    }
  const closedBy = (g: GeneratedDossier) => g.events.some((e) => settled(e) || e.type === 'dossier.refused' || e.type === 'dossier.withdrawn');
  const fees = all.flatMap((g) => [...of(g, 'payment.received').map((e) => e.data.amount as number), ...of(g, 'payment.cancelled').map((e) => -(e.data.amount as number))]);
  return {
    received: all.reduce((n, g) => n + of(g, 'dossier.received').length, 0),
    refused: all.reduce((n, g) => n + of(g, 'dossier.refused').length, 0),
    withdrawn: all.reduce((n, g) => n + of(g, 'dossier.withdrawn').length, 0),
    feesCollected: fees.reduce((a, b) => a + b, 0),
    smsSent: all.reduce((n, g) => n + g.notices.filter((x) => x.sentAt).length, 0),
    settled: onTime + late,
    onTimeRate: onTime + late ? onTime / (onTime + late) : null,
    openOverdue: all.filter((g) => g.dossier.receivedAt && !closedBy(g) && of(g, 'dossier.overdue').length > 0).length,
  };
}

/**
 * The brute force of every measure: for each dossier of the month, straight from its history,
 * the flows of each day and where it stands at the end of a day (in progress, overdue), by the
 * house rules (README, "Figures"); then summed per group of a report. Nothing of
 * shared/domain/figures is used: the report must find the same numbers through the stream, the
 * figures table and its day and month cells.
 */
function bruteRows(all: readonly GeneratedDossier[], from: string, to: string, groupBy: readonly Grouping[]) {
  const period = groupBy.includes('day') ? 'day' : groupBy.includes('month') ? 'month' : undefined;
  const dims = groupBy.filter((g) => g !== 'day' && g !== 'month');
  const day = (iso: string) => localIsoDate(new Date(iso));
  const rows = new Map<string, { group: Record<string, string>; counts: Record<Measure, number> }>();
  const periods = period === 'day' ? daysOf(from, to) : period === 'month' ? [...new Set(daysOf(from, to).map((d) => d.slice(0, 7)))] : ['all'];
  const lastDayOf = (p: string) => (period === 'day' ? p : period === 'month' ? daysOf(from, to).filter((d) => d.startsWith(p)).at(-1)! : to);
  const inPeriod = (p: string, d: string) => d >= from && d <= to && (period === 'day' ? d === p : period === 'month' ? d.startsWith(p) : true);
  for (const g of all) {
    const x = g.dossier;
    const cell: Record<string, string> = {
      agencyId: x.chainAgencies?.[0] ?? x.agencyId,
      receivingUnitId: x.receivingUnitId,
      servicePointId: x.servicePointId ?? x.carriage?.servicePointId ?? '-',
      procedureId: x.procedureId,
      channel: x.channel === 'home-pickup' || x.carriage ? 'postal' : x.channel === 'counter' ? 'counter' : 'online',
    };
    const received = g.events.find((e) => e.type === 'dossier.received');
    const closing = g.events.find((e) => (e.type === 'dossier.completed' && e.data.to === 'result-ready') || e.type === 'dossier.refused' || e.type === 'dossier.withdrawn');
    const marked = received && g.events.find((e) => e.type === 'dossier.overdue' && e.seq > received.seq && (!closing || e.seq < closing.seq));
    for (const p of periods) {
      const counts = Object.fromEntries(measureNames.map((m) => [m, 0])) as Record<Measure, number>;
      const flow = (at: string, m: Measure, n = 1) => {
        if (inPeriod(p, day(at))) counts[m] += n;
      };
      for (const e of g.events) {
        const amount = Number(e.data.amount ?? 0);
        if (e.type === 'dossier.received') flow(e.at, 'received');
        if (e.type === 'dossier.supplement-requested') flow(e.at, 'supplementRequested');
        if (e.type === 'dossier.refused') flow(e.at, 'refused');
        if (e.type === 'dossier.withdrawn') flow(e.at, 'withdrawn');
        if (e.type === 'dossier.returned' || e.type === 'postal.delivered') flow(e.at, 'returned');
        if (e.type === 'postal.delivered') flow(e.at, 'deliveries');
        if (e.type === 'postal.delivered' || e.type === 'postal.delivery-failed') flow(e.at, 'deliveryAttempts');
        if (e.type === 'postal.delivery-failed') flow(e.at, 'deliveryFailures');
        if (e.type === 'postal.picked-up') flow(e.at, 'pickups');
        if (e.type === 'postal.picked-up' || e.type === 'postal.pickup-failed') flow(e.at, 'pickupAttempts');
        if (e.type === 'postal.pickup-failed') flow(e.at, 'pickupFailures');
        if (e.type === 'payment.refunded') flow(e.at, 'feesRefunded', amount);
        if (e.type === 'payment.received' || e.type === 'payment.cancelled') {
          const sign = e.type === 'payment.received' ? 1 : -1;
          const receipt = g.events.find((r) => r.type === 'payment.received' && r.data.receiptId === e.data.receiptId)!;
          // A cancellation takes the receipt off the day it was issued.
          flow(receipt.at, 'payments', sign);
          flow(receipt.at, 'feesCollected', sign * amount);
          if (receipt.data.method === 'online') flow(receipt.at, 'paymentsOnline', sign);
        }
        if (e === closing && e.type === 'dossier.completed' && received) {
          const late = !!x.dueAt && (!!marked || (x.extensions?.length ?? 0) > 0 || e.at > x.dueAt);
          const early = !!x.dueAt && !late && day(e.at) < day(x.dueAt);
          flow(e.at, late ? 'settledLate' : early ? 'settledEarly' : 'settledOnTime');
          const pauses = (x.pauses ?? []).filter((q) => q.to && q.to <= e.at).map((q) => ({ from: new Date(q.from), to: new Date(q.to!), reason: q.reason }));
          flow(e.at, 'settledWorkingMinutes', Math.max(0, Math.round(workingTimeBetween(new Date(received.at), new Date(e.at), calendar, pauses))));
        }
      }
      for (const n of g.notices.filter((n) => n.sentAt)) {
        flow(n.sentAt!, 'smsSent');
        flow(n.sentAt!, 'smsSegments', n.segments);
      }
      // Where it stands at the end of the row's period: in progress from reception to its close,
      // overdue from its due day once the watch marked it.
      const end = lastDayOf(p);
      if (received && day(received.at) <= end && !(closing && day(closing.at) <= end)) counts[marked && day(String(marked.data.dueAt)) <= end ? 'openOverdue' : 'openOnTime'] += 1;
      if (measureNames.every((m) => counts[m] === 0)) continue;
      const group = { ...Object.fromEntries(dims.map((d) => [d, cell[d]!])), ...(period ? { [period]: p } : {}) };
      const key = JSON.stringify(group);
      const row = rows.get(key) ?? { group, counts: Object.fromEntries(measureNames.map((m) => [m, 0])) as Record<Measure, number> };
      for (const m of measureNames) row.counts[m] += counts[m];
      rows.set(key, row);
    }
  }
  const settledOf = (c: Record<Measure, number>) => c.settledEarly + c.settledOnTime + c.settledLate;
  return [...rows.values()]
    .filter((r) => measureNames.some((m) => r.counts[m] !== 0))
    .map((r) => ({ ...r, onTimeRate: settledOf(r.counts) ? (r.counts.settledEarly + r.counts.settledOnTime) / settledOf(r.counts) : null }))
    .sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
}

describe('figures over a seeded month, May 2026 (01/05–31/05/2026, seed 2026, 300 dossiers)', () => {
  beforeAll(async () => {
    await Promise.all([createTable(dossiersTable, true), createTable(figuresTable, false)]);
    // Config is read at import (functions/figures.ts): the tables first, then the function.
    process.env.DOSSIERS_TABLE = dossiersTable;
    process.env.FIGURES_TABLE = figuresTable;
    ({ handler } = await import('../../functions/figures.ts'));
    const items = month.dossiers.map(itemsOf);
    // 25 items a call, 4 calls at a time: the figures are counted only once every item is in
    // (the handler reads each dossier's history as stored), so the order of the writes is free.
    const batches: Record<string, unknown>[][] = [];
    const flat = items.flat();
    for (let i = 0; i < flat.length; i += 25) batches.push(flat.slice(i, i + 25));
    await inBatches(batches, 4, async (batch) => {
      let requests: unknown[] = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; requests.length > 0; round++) {
        if (round === 10) throw new Error('DynamoDB Local kept refusing writes');
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [dossiersTable]: requests as never } }));
        requests = out.UnprocessedItems?.[dossiersTable] ?? [];
      }
    });
    const arn = (await raw.send(new DescribeTableCommand({ TableName: dossiersTable }))).Table?.LatestStreamArn;
    records = await readStream(arn!, items.flat().length);
    await deliver(records);
  }, 300_000);

  afterAll(async () => {
    for (const name of [dossiersTable, figuresTable]) await raw.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  });

  it('the month really is in May 2026 and mixes settlements on time and late', () => {
    const days = new Set(month.dossiers.flatMap((g) => g.events.map((e) => localIsoDate(new Date(e.at)).slice(0, 7))));
    expect([...days]).toEqual(['2026-05']);
    const b = bruteForce(month.dossiers);
    expect(b.settled).toBeGreaterThan(50);
    expect(b.onTimeRate).toBeGreaterThan(0);
    expect(b.onTimeRate).toBeLessThan(1);
  });

  it('the figures kept from the stream equal the recount from the history', async () => {
    const result = await recount({ store: new DossierStore(db, dossiersTable), figures, calendar });
    expect(result.dossiers).toBe(month.dossiers.length);
    expect(result.differences).toEqual([]);
    expect(result.appliedDiffer).toEqual([]);
  }, 60_000);

  it('the month’s on-time rate and totals equal a brute-force count over the histories, and the overdue stock at 31/05/2026', async () => {
    const report = await figuresReport({ figures, province: gialai }, { from: '2026-05-01', to: '2026-05-31', groupBy: [] });
    const b = bruteForce(month.dossiers);
    const t = report.total;
    expect({
      received: t.counts.received,
      refused: t.counts.refused,
      withdrawn: t.counts.withdrawn,
      feesCollected: t.counts.feesCollected,
      smsSent: t.counts.smsSent,
      settled: t.settled,
      onTimeRate: t.onTimeRate,
      openOverdue: t.counts.openOverdue,
    }).toEqual(b);
  }, 60_000);

  it.each([
    { from: '2026-05-01', to: '2026-05-31', groupBy: ['agencyId'] },
    { from: '2026-05-01', to: '2026-05-31', groupBy: ['receivingUnitId'] },
    { from: '2026-05-01', to: '2026-05-31', groupBy: ['servicePointId'] },
    { from: '2026-05-01', to: '2026-05-31', groupBy: ['procedureId', 'month'] },
    { from: '2026-05-01', to: '2026-05-31', groupBy: ['channel', 'day'] },
    { from: '2026-05-01', to: '2026-05-31', groupBy: ['agencyId', 'receivingUnitId', 'servicePointId', 'procedureId', 'channel'] },
    // A period inside the month: day cells, and the stocks opened from the days before it.
    { from: '2026-05-12', to: '2026-05-26', groupBy: ['channel'] },
  ] as { from: string; to: string; groupBy: Grouping[] }[])('every measure of every row, $from–$to by $groupBy, equals the brute force over the histories', async (query) => {
    const report = await figuresReport({ figures, province: gialai }, query);
    const rows = report.rows.map((r) => ({ group: r.group, counts: r.counts, onTimeRate: r.onTimeRate })).sort((a, b) => JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
    const expected = bruteRows(month.dossiers, query.from, query.to, query.groupBy);
    expect(expected.length).toBeGreaterThan(1);
    expect(rows).toEqual(expected);
  }, 60_000);

  it('every stream record delivered twice more (once in order, once shuffled) changes nothing', async () => {
    const before = await snapshot();
    expect(before.days.length).toBeGreaterThan(0);
    await deliver(records);
    // A fixed shuffle (Fisher–Yates on a seeded LCG): a failure repeats.
    const shuffled = [...records];
    let s = 2026;
    for (let i = shuffled.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    await deliver(shuffled);
    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
