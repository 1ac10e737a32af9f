import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { dossierCodePattern, formatDossierCode } from '../../shared/domain/dossier.ts';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db, dossiersTable, http } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';

/** Codes of the dossiers whose applicant's name starts with `prefix` (a Scan: tests only). */
async function dossiersNamed(prefix: string): Promise<string[]> {
  const codes: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: dossiersTable,
        FilterExpression: 'entity = :d AND begins_with(applicant.fullName, :p)',
        ExpressionAttributeValues: { ':d': 'dossier', ':p': prefix },
        ExclusiveStartKey: start,
      }),
    );
    codes.push(...(out.Items ?? []).map((i) => String(i.code)));
    start = out.LastEvaluatedKey;
  } while (start);
  return codes;
}

describe('dossier codes under concurrency (DynamoDB Local, atomic counter)', () => {
  const store = new DossierStore(db, dossiersTable);

  it('never gives two concurrent allocations the same number, whatever the burst', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 60 }), async (burst) => {
        // A fresh agency code per run: its counter starts at zero.
        const agency = `${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}.99.99.H${String(burst).padStart(2, '0')}`;
        const day = randomUUID().slice(0, 6);
        const now = new Date();
        const seqs = await Promise.all(Array.from({ length: burst }, () => store.nextSequence(agency, day, now)));
        expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: burst }, (_, i) => i + 1));
        const codes = seqs.map((s) => formatDossierCode(agency, now, s));
        expect(new Set(codes).size).toBe(burst);
        for (const code of codes) expect(code).toMatch(dossierCodePattern);
      }),
      { numRuns: 15 },
    );
  });

  it('gives 200 concurrent creates 200 dossiers with 200 codes: each answer a 201 or an honest 503/429, and retries with their keys make no duplicate', async () => {
    const run = randomUUID().slice(0, 8);
    const requests = Array.from({ length: 200 }, (_, i) => ({
      key: `burst-${run}-${i}-${randomUUID()}`,
      body: dossierBody({ procedureId: 'hkd-thanh-lap', fullName: `Thử Tải ${run} ${i}` }),
    }));
    const send = (r: (typeof requests)[number]) => http('POST', '/v1/dossiers', { body: r.body, headers: { 'idempotency-key': r.key } });
    const answers = await Promise.all(requests.map(send));
    for (const a of answers) {
      expect([201, 429, 503]).toContain(a.status);
      if (a.status !== 201) expect(a.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    // Retry what did not get a 201, with its own key, until everything has.
    for (let round = 0; round < 10 && answers.some((a) => a.status !== 201); round++) {
      await Promise.all(answers.map(async (a, i) => (a.status === 201 ? undefined : (answers[i] = await send(requests[i]!)))));
    }
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body)).toEqual([]);
    const codes = answers.map((r) => r.body.code as string);
    expect(new Set(codes).size).toBe(200);
    for (const code of codes) expect(code).toMatch(dossierCodePattern);
    // Exactly 200 dossiers were written for these requests: none twice, none lost.
    expect(await dossiersNamed(`Thử Tải ${run} `)).toHaveLength(200);
  }, 180_000);
});
