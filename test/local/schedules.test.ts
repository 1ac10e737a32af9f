/**
 * Schedules in the local cloud: timers with EventBridge Scheduler's semantics (sped up: a minute
 * lasts half a second here), the run-now endpoint, retries and dead letters of a failing run,
 * skipped overlapping runs, the expression parser, and the GSI upgrade of an existing table.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTableCommand, DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { createTables } from '../../infra/local/resources.ts';
import { scheduleSettingsFromEnv, startSchedules } from '../../infra/local/schedules.ts';
import { nextCronTime, parseScheduleExpression, type CronMatcher } from '../../infra/schedules.ts';
import { names, projectionOf, type Topology } from '../../infra/topology.ts';
import { eventually, fixtureTopology, freePorts, jsonLines, tempDir } from './support.ts';

const ports = await freePorts();
/** A minute lasts half a second. */
const speedup = 120;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Run {
  functionName: string;
  startedAt: number;
  endedAt: number;
  event: { id: string; time: string } & Record<string, unknown>;
}

let cloud: LocalCloud;
let dataDir: string;
let t: Topology;
let calledAt: number;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('schedules');
  const job = { entry: 'test/fixtures/scheduled.ts' };
  t = fixtureTopology('schedtest', {
    functions: { counter: job, 'failing-job': job, 'slow-job': job, idle: job },
    schedules: [
      { id: 'tick', function: 'counter', expression: 'rate(1 minute)', onFailure: 'deadlines-failures' }, // every 500 ms
      { id: 'failing', function: 'failing-job', expression: 'rate(10 minutes)', onFailure: 'rollout-failures' }, // every 5 s
      { id: 'slow', function: 'slow-job', expression: 'rate(1 minute)', onFailure: 'deadlines-failures' }, // every 500 ms, runs for 1.2 s
      { id: 'nightly', function: 'idle', expression: 'cron(0 2 * * ? *)', onFailure: 'deadlines-failures' }, // 02:00 UTC: 12 real minutes apart
    ],
  });
  calledAt = Date.now();
  cloud = await startLocalCloud({ dataDir, ports, topology: t, log: (l) => logs.push(l), schedules: { speedup } });
});
afterAll(async () => {
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** An SQS that refuses every request, as when the on-failure queue does not exist. */
const refusingSqs = {
  send: async () => {
    throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist' });
  },
};

const runs = async (functionName: string) => (await jsonLines<Run>(path.join(dataDir, 'scheduled.jsonl'))).filter((r) => r.functionName === functionName);
const runsAtLeast = (functionName: string, n: number, timeoutMs = 15_000) =>
  eventually(async () => {
    const found = await runs(functionName);
    return found.length >= n ? found : undefined;
  }, timeoutMs);
/** The "first run at" time the start-up log gives for a schedule. */
const firstRunAt = (id: string) => {
  const line = logs.find((l) => l.startsWith(`schedule ${id}: `));
  return Date.parse(/first run at (\S+)/.exec(line ?? '')?.[1] ?? 'NaN');
};
const post = async (id: string, method = 'POST') => {
  const r = await fetch(`${cloud.endpoints.api}/_local/schedules/${id}`, { method });
  return { status: r.status, headers: r.headers, body: (await r.json()) as any };
};

describe('schedule timers', () => {
  it('runs a rate schedule every period, the first time one period after the start, with the Scheduled Event shape', async () => {
    // Act
    const ticks = await runsAtLeast('counter', 3);
    // Assess: the shape the CDK app gives the schedule's input (test/infra/schedules.test.ts)
    expect(ticks[0]!.event).toEqual({
      version: '0',
      id: expect.stringMatching(uuid),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'ap-southeast-1',
      resources: ['arn:aws:scheduler:ap-southeast-1:000000000000:schedule/default/schedtest-tick'],
      detail: {},
    });
    expect(new Set(ticks.map((r) => r.event.id)).size).toBe(ticks.length);
    // Not at the start: one (sped-up) period after the timers started, which was during startLocalCloud.
    const first = firstRunAt('tick');
    expect(first).toBeGreaterThanOrEqual(calledAt + 500);
    expect(ticks[0]!.startedAt).toBeGreaterThanOrEqual(first - 5);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.startedAt - ticks[i - 1]!.startedAt, `tick ${i}`).toBeGreaterThanOrEqual(300);
  });

  it('reports each schedule and its run-now URL, and a cron schedule by its next UTC run', () => {
    expect(cloud.schedules.map((x) => [x.id, x.function, x.runUrl])).toEqual([
      ['tick', 'counter', `http://127.0.0.1:${ports.http}/_local/schedules/tick`],
      ['failing', 'failing-job', `http://127.0.0.1:${ports.http}/_local/schedules/failing`],
      ['slow', 'slow-job', `http://127.0.0.1:${ports.http}/_local/schedules/slow`],
      ['nightly', 'idle', `http://127.0.0.1:${ports.http}/_local/schedules/nightly`],
    ]);
    expect(cloud.schedules.find((x) => x.id === 'tick')!.timer).toMatch(/^every 1 minute \(time ×120\), first run at /);
    expect(cloud.schedules.find((x) => x.id === 'nightly')!.timer).toMatch(/^cron in UTC \(time ×120\), first run at /);
    // The next 02:00 UTC is at most a (sped-up) day away: 12 real minutes.
    expect(firstRunAt('nightly') - calledAt).toBeLessThanOrEqual(12 * 60_000);
  });

  it("retries a failing run twice with the same event, then dead-letters it (logged, and its on-failure record sent to the schedule's on-failure queue)", async () => {
    // Prepare: the failing schedule runs every 5 s; the start-up log says when first
    const first = firstRunAt('failing');
    expect(first - calledAt).toBeGreaterThanOrEqual(5000);
    // Act
    const line = await eventually(() => logs.find((l) => l.includes('schedule failing: run') && l.includes('DEAD-LETTERED')), 20_000);
    // Assess
    const attempts = await runs('failing-job');
    const eventId = /run (\S+) DEAD-LETTERED/.exec(line)![1]!;
    const ofRun = attempts.filter((r) => r.event.id === eventId);
    expect(ofRun).toHaveLength(3);
    // Not before one period had passed since the start.
    expect(attempts[0]!.startedAt).toBeGreaterThanOrEqual(first - 5);
    expect(line).toMatch(/after 3 attempts \(Error: fixture: failing-job fails\)/);
    expect(logs.filter((l) => l.startsWith(`schedule failing: run ${eventId} attempt`))).toEqual([
      `schedule failing: run ${eventId} attempt 1 failed (Error); retry in 500 ms`,
      `schedule failing: run ${eventId} attempt 2 failed (Error); retry in 1000 ms`,
    ]);
    const queueName = names.queue(t.prefix, 'rollout-failures');
    expect(line.endsWith(`on-failure record in sqs://${queueName}`)).toBe(true);
    const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: 'ap-southeast-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const received = await (async () => {
      try {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
        const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        return (Messages ?? []).map((m) => JSON.parse(m.Body!));
      } finally {
        sqs.destroy();
      }
    })();
    const [record] = received.filter((r) => r.requestPayload.id === eventId);
    // The queue took it: no fallback file.
    expect(await jsonLines(path.join(dataDir, 'schedules', 'failing.dead-letters.jsonl'))).toEqual([]);
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3, functionArn: expect.stringContaining(':function:failing-job:$LATEST') },
      requestPayload: { 'detail-type': 'Scheduled Event', resources: ['arn:aws:scheduler:ap-southeast-1:000000000000:schedule/default/schedtest-failing'] },
      responsePayload: { errorType: 'Error', errorMessage: 'fixture: failing-job fails' },
    });
  });

  it('skips a tick while the previous run is still going, so runs never overlap', async () => {
    const slow = await runsAtLeast('slow-job', 2);
    const skipped = await eventually(() => logs.find((l) => l.startsWith('schedule slow: run due at') && l.endsWith('skipped, the previous run is still going')));
    expect(skipped).toBeDefined();
    const sorted = [...slow].sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startedAt, `run ${i}`).toBeGreaterThanOrEqual(sorted[i - 1]!.endedAt);
  });
});

describe('POST /_local/schedules/{id}', () => {
  it("runs the schedule's function now and answers with its result", async () => {
    // Act
    const r = await post('tick');
    // Assess
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ function: 'counter', eventId: expect.stringMatching(uuid), invocations: expect.any(Number) });
    const run = (await runs('counter')).find((x) => x.event.id === r.body.eventId);
    expect(run?.event).toMatchObject({ 'detail-type': 'Scheduled Event', resources: ['arn:aws:scheduler:ap-southeast-1:000000000000:schedule/default/schedtest-tick'] });
  });

  it('runs a schedule whose next run is hours away', async () => {
    const r = await post('nightly');
    expect([r.status, r.body.function]).toEqual([200, 'idle']);
  });

  it("answers 500 with Lambda's error payload when the function fails, without retrying", async () => {
    // Act
    const r = await post('failing');
    // Assess
    expect(r.status).toBe(500);
    expect(r.headers.get('x-amz-function-error')).toBe('Unhandled');
    expect(r.body).toEqual({ errorType: 'Error', errorMessage: 'fixture: failing-job fails' });
    // A synchronous invocation, as `aws lambda invoke`: no retry comes (they would within 1.5 s).
    const eventId = /^schedule failing: run now \((\S+)\)$/.exec(logs.filter((l) => l.startsWith('schedule failing: run now')).at(-1)!)![1];
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect((await runs('failing-job')).filter((x) => x.event.id === eventId)).toHaveLength(1);
  });

  it('answers 404 for an unknown schedule and 405 for another method', async () => {
    expect(await post('nowhere')).toMatchObject({ status: 404, body: { message: 'no schedule "nowhere"' } });
    const get = await post('tick', 'GET');
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });
});

describe('schedules without timers (MOTCUA_SCHEDULES=off)', () => {
  it('reads MOTCUA_SCHEDULES and MOTCUA_SCHEDULE_SPEEDUP', () => {
    expect(scheduleSettingsFromEnv({})).toEqual({ timers: true, speedup: 1 });
    expect(scheduleSettingsFromEnv({ MOTCUA_SCHEDULES: 'off', MOTCUA_SCHEDULE_SPEEDUP: '60' })).toEqual({ timers: false, speedup: 60 });
    expect(() => scheduleSettingsFromEnv({ MOTCUA_SCHEDULE_SPEEDUP: '0' })).toThrow(/not a positive number/);
  });

  it('never runs a schedule by itself, but still runs it when asked', async () => {
    // Prepare: a host that only counts
    const invoked: unknown[] = [];
    const lines: string[] = [];
    const schedules = startSchedules({
      topology: t,
      functions: { invoke: async (_id, event) => (invoked.push(event), 'done') },
      sqs: refusingSqs,
      dataDir,
      log: (l) => lines.push(l),
      timers: false,
      speedup: 600,
    });
    try {
      // Act: 1 s is ten (sped-up) minutes
      await new Promise((r) => setTimeout(r, 1000));
      const result = await schedules.run('tick');
      // Assess
      expect(invoked).toHaveLength(1);
      expect(result).toBe('done');
      expect(schedules.list.find((x) => x.id === 'tick')!.timer).toBe('every 1 minute (time ×600), timer off (runs only when asked)');
    } finally {
      await schedules.stop();
    }
  });

  it('refuses a schedule whose function is not in the topology', () => {
    const bad = { ...t, schedules: [{ id: 'x', function: 'nobody', expression: 'rate(1 hour)', onFailure: 'rollout-failures' }] } as unknown as Topology;
    expect(() => startSchedules({ topology: bad, functions: { invoke: async () => null }, sqs: refusingSqs, dataDir, log: () => {} })).toThrow(/no function "nobody"/);
  });

  it('refuses two on-failure queues for one function, as the CDK app does', () => {
    const twice = {
      ...t,
      schedules: [
        { id: 'a', function: 'counter', expression: 'rate(1 hour)', onFailure: 'rollout-failures' },
        { id: 'b', function: 'counter', expression: 'rate(1 day)', onFailure: 'deadlines-failures' },
      ],
    } as unknown as Topology;
    expect(() => startSchedules({ topology: twice, functions: { invoke: async () => null }, sqs: refusingSqs, dataDir, log: () => {} })).toThrow(
      /one on-failure destination/,
    );
  });
});

describe('on-failure records when the queue cannot take them', () => {
  it('falls back to the JSON-lines file and says so', async () => {
    // Prepare: one failing schedule every 100 ms (no retries), an SQS that refuses everything
    const dir = await tempDir('schedules-fallback');
    const lines: string[] = [];
    const schedules = startSchedules({
      topology: { ...t, schedules: [{ id: 'lonely', function: 'failing-job', expression: 'rate(1 minute)', onFailure: 'rollout-failures' }] } as unknown as Topology,
      functions: {
        invoke: async () => {
          throw new Error('always fails');
        },
      },
      sqs: refusingSqs,
      dataDir: dir,
      log: (l) => lines.push(l),
      speedup: 600,
      retryDelaysMs: [],
    });
    try {
      // Act
      const line = await eventually(() => lines.find((l) => l.includes('DEAD-LETTERED')), 5000);
      // Assess
      const file = path.join(dir, 'schedules', 'lonely.dead-letters.jsonl');
      expect(lines).toContain(
        `λ failing-job: on-failure record not sent to ${names.queue(t.prefix, 'rollout-failures')} (QueueDoesNotExist: The specified queue does not exist.); appending it to ${file}`,
      );
      expect(line.endsWith(`on-failure record in ${file}`)).toBe(true);
      const eventId = /run (\S+) DEAD-LETTERED/.exec(line)![1]!;
      const [record] = (await jsonLines(file)).filter((r) => r.requestPayload.id === eventId);
      expect(record).toMatchObject({
        requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 1 },
        requestPayload: { id: eventId, 'detail-type': 'Scheduled Event' },
        responsePayload: { errorType: 'Error', errorMessage: 'always fails' },
      });
    } finally {
      await schedules.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('schedule expressions', () => {
  const matcher = (expression: string): CronMatcher => {
    const parsed = parseScheduleExpression(expression);
    if (parsed.kind !== 'cron' || !parsed.matcher) throw new Error(`${expression} has no matcher`);
    return parsed.matcher;
  };
  const next = (expression: string, after: string) => nextCronTime(matcher(expression), new Date(after))?.toISOString();

  it('reads rate expressions as AWS writes them', () => {
    expect(parseScheduleExpression('rate(1 hour)')).toEqual({ kind: 'rate', value: 1, unit: 'hour', periodMs: 3_600_000 });
    expect(parseScheduleExpression('rate(5 minutes)')).toMatchObject({ periodMs: 300_000 });
    expect(parseScheduleExpression('rate(2 days)')).toMatchObject({ periodMs: 2 * 86_400_000 });
    expect(() => parseScheduleExpression('rate(1 hours)')).toThrow(/write "1 hour"/);
    expect(() => parseScheduleExpression('rate(5 minute)')).toThrow(/write "5 minutes"/);
    expect(() => parseScheduleExpression('rate(0 minutes)')).toThrow();
    expect(() => parseScheduleExpression('rate(1 week)')).toThrow();
    expect(() => parseScheduleExpression('at(2026-01-01T00:00:00)')).toThrow(/one-time/);
  });

  it('computes the next run of cron expressions in UTC', () => {
    expect(next('cron(0 2 * * ? *)', '2026-03-01T01:59:30Z')).toBe('2026-03-01T02:00:00.000Z');
    expect(next('cron(0 2 * * ? *)', '2026-03-01T02:00:00Z')).toBe('2026-03-02T02:00:00.000Z');
    expect(next('cron(0/15 * * * ? *)', '2026-03-01T10:07:00Z')).toBe('2026-03-01T10:15:00.000Z');
    expect(next('cron(30 8-17/3 ? * MON-FRI *)', '2026-03-06T17:31:00Z')).toBe('2026-03-09T08:30:00.000Z'); // Friday evening -> Monday
    expect(next('cron(0 0 ? * 1 *)', '2026-03-02T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z'); // 1 = Sunday
    expect(next('cron(0 9 1,15 JAN,JUL ? *)', '2026-01-15T09:00:00Z')).toBe('2026-07-01T09:00:00.000Z');
    expect(next('cron(0 0 29 2 ? *)', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2020)', '2026-03-01T00:00:00Z')).toBeUndefined();
  });

  it('refuses cron expressions AWS refuses, and accepts L, W and # without computing them', () => {
    expect(() => parseScheduleExpression('cron(0 2 * * *)')).toThrow(/six fields/);
    expect(() => parseScheduleExpression('cron(0 2 * * * *)')).toThrow(/exactly one of day-of-month and day-of-week/);
    expect(() => parseScheduleExpression('cron(0 2 ? * ? *)')).toThrow(/exactly one of/);
    expect(() => parseScheduleExpression('cron(60 2 * * ? *)')).toThrow(/not within 0-59/);
    expect(() => parseScheduleExpression('cron(0 2 ? * 8 *)')).toThrow(/not within 1-7/);
    expect(() => parseScheduleExpression('cron(0 20-2 * * ? *)')).toThrow(/backwards/);
    const lastDay = parseScheduleExpression('cron(0 18 L * ? *)');
    expect(lastDay).toMatchObject({ kind: 'cron', unsupported: expect.stringContaining('"L"') });
    expect(lastDay.kind === 'cron' && lastDay.matcher).toBeFalsy();
    const firstMonday = parseScheduleExpression('cron(0 9 ? * 2#1 *)');
    expect(firstMonday.kind === 'cron' && firstMonday.matcher).toBeFalsy();
    expect(() => parseScheduleExpression('cron(0 9 ? * 2#9 *)')).toThrow(/L, W and #/);
  });
});

describe('tables made by an older version', () => {
  it('get the GSIs they lack, backfilled from the items already there, on the next start', async () => {
    // Prepare: the dossiers table as an older version made it, without its index, with a held dossier
    const db = new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region: 'ap-southeast-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const current = fixtureTopology('upgradetest', { functions: {} });
    const older: Topology = { ...current, tables: { ...current.tables, dossiers: { ...current.tables.dossiers, indexes: [] } } };
    const TableName = names.table(current.prefix, 'dossiers');
    const lines: string[] = [];
    try {
      await createTables(db, older);
      const before = await db.send(new DescribeTableCommand({ TableName }));
      expect(before.Table?.GlobalSecondaryIndexes ?? []).toEqual([]);
      await db.send(
        new PutItemCommand({
          TableName,
          Item: { pk: { S: 'DOSSIER#A' }, sk: { S: 'DOSSIER' }, heldAgencyId: { S: 'gl-sgtvt' }, heldSince: { S: '2026-03-01T00:00:00Z' } },
        }),
      );

      // Act: what start-up runs
      await createTables(db, current, (l) => lines.push(l));
      await createTables(db, current, (l) => lines.push(l));

      // Assess
      const indexes = current.tables.dossiers.indexes ?? [];
      expect(indexes.map((i) => i.name)).toContain('held-by-agency');
      const after = await db.send(new DescribeTableCommand({ TableName }));
      const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
      expect(after.Table?.GlobalSecondaryIndexes?.map((g) => [g.IndexName, g.IndexStatus, g.KeySchema, g.Projection]).sort(byName)).toEqual(
        indexes
          .map((i) => [
            i.name,
            'ACTIVE',
            [
              { AttributeName: i.partitionKey, KeyType: 'HASH' },
              ...(i.sortKey ? [{ AttributeName: i.sortKey, KeyType: 'RANGE' }] : []),
            ],
            projectionOf(i),
          ])
          .sort(byName),
      );
      // Once each, the second start finding nothing to add.
      expect(lines).toEqual(indexes.map((i) => `dynamodb: added index ${i.name} to ${TableName}`));
      const held = await eventually(async () => {
        const r = await db.send(
          new QueryCommand({ TableName, IndexName: 'held-by-agency', KeyConditionExpression: 'heldAgencyId = :a', ExpressionAttributeValues: { ':a': { S: 'gl-sgtvt' } } }),
        );
        return r.Items?.length ? r.Items : undefined;
      }, 10_000);
      expect(held.map((i) => i.pk?.S)).toEqual(['DOSSIER#A']);
    } finally {
      db.destroy();
    }
  });
});
