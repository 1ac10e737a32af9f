/**
 * Issue 8, finding 3 and its check: DynamoDB Local taken away in the middle of 100 creates,
 * started again, and every request that did not get a 201 retried with its own Idempotency-Key:
 * exactly 100 dossiers, none twice, none lost. The real functions and topology, through real HTTP.
 * SIGTERM, not SIGKILL: killed outright, DynamoDB Local loses writes it had acknowledged (a 201
 * whose dossier is gone after the restart), which DynamoDB never does (see LocalCloud.dynamodb).
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { credentials, region } from '../../infra/local/config.ts';
import { names, topology } from '../../infra/topology.ts';
import { dossierBody } from '../support/factories.ts';
import { freePorts, tempDir } from './support.ts';

let cloud: LocalCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDir('outage');
  cloud = await startLocalCloud({ dataDir, ports: await freePorts(), log: () => {}, schedules: { timers: false } });
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  ref?: string;
  retryAfter?: string | null;
}

async function create(body: unknown, key: string): Promise<Answer> {
  try {
    const res = await fetch(`${cloud.endpoints.api}/v1/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { ref?: string };
    return { status: res.status, ...(json.ref ? { ref: json.ref } : {}), retryAfter: res.headers.get('retry-after') };
  } catch {
    // A client whose connection dropped saw no answer at all: it retries too.
    return { status: 0 };
  }
}

describe('a DynamoDB outage in the middle of 100 creates', () => {
  it('ends, after retries with the same keys, with exactly 100 dossiers and 100 references', async () => {
    const run = randomUUID().slice(0, 8);
    const requests = Array.from({ length: 100 }, (_, i) => ({ key: `outage-${run}-${i}-${randomUUID()}`, body: dossierBody({ fullName: `Mất Điện ${run} ${i}` }) }));
    const answers: Answer[] = new Array(100);

    // 10 in flight at a time; DynamoDB dies once 30 have been answered and comes back 2 s later.
    let next = 0;
    let crashed: Promise<void> | undefined;
    const worker = async () => {
      for (let i = next++; i < requests.length; i = next++) {
        answers[i] = await create(requests[i]!.body, requests[i]!.key);
        if (!crashed && answers.filter(Boolean).length >= 30) crashed = cloud.dynamodb.stop();
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await crashed;
    const failedDuringOutage = answers.filter((a) => a.status !== 201).length;
    // Whatever failed said so honestly: a 503 with Retry-After (or no answer when the front itself gave up), never a 500.
    for (const a of answers.filter((x) => x.status !== 201 && x.status !== 0)) {
      expect(a.status).toBe(503);
      expect(a.retryAfter).toMatch(/^\d+$/);
    }
    await cloud.dynamodb.start();

    for (let round = 0; round < 10 && answers.some((a) => a.status !== 201); round++) {
      await Promise.all(answers.map(async (a, i) => (a.status === 201 ? undefined : (answers[i] = await create(requests[i]!.body, requests[i]!.key)))));
    }

    expect(failedDuringOutage).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    const codes = answers.map((a) => a.ref!);
    expect(new Set(codes).size).toBe(100);

    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region, credentials }));
    const stored: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(
        new ScanCommand({
          TableName: names.table(topology().prefix, 'dossiers'),
          FilterExpression: 'entity = :d AND begins_with(applicant.fullName, :p)',
          ExpressionAttributeValues: { ':d': 'dossier', ':p': `Mất Điện ${run} ` },
          ExclusiveStartKey: start,
        }),
      );
      stored.push(...(out.Items ?? []).map((i) => String(i.ref)));
      start = out.LastEvaluatedKey;
    } while (start);
    db.destroy();
    expect(stored.sort()).toEqual([...codes].sort());
  }, 240_000);
});
