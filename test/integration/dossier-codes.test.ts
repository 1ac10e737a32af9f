import fc from 'fast-check';
import { randomInt, randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { takeDossierCode, withDossierCode } from '../../shared/app/reception.ts';
import { dossierCodePattern, dossierRefPattern, localDay } from '../../shared/domain/dossier.ts';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, dossiersTable, http, scanAll } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';

/** References of the dossiers whose applicant's name starts with `prefix` (a Scan: tests only). */
async function dossiersNamed(prefix: string): Promise<string[]> {
  const items = await scanAll(dossiersTable, { expression: 'entity = :d AND begins_with(applicant.fullName, :p)', values: { ':d': 'dossier', ':p': prefix } });
  return items.map((i) => String(i.ref));
}

describe('dossier codes under concurrency (DynamoDB Local, a day counter taken in the reception transaction)', () => {
  const store = new DossierStore(db, dossiersTable);

  it('gives concurrent receptions at one unit and day the numbers 1..n: unique, none skipped, whatever the burst', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 40 }), async (burst) => {
        // A fresh receiving-unit identifier per run: its day counter starts at zero.
        const unit = { id: 'thu-dong-thoi', name: 'Thử', kind: 'one-stop-section' as const, serves: ['64'], code: `${String(randomInt(0, 1000)).padStart(3, '0')}.${String(randomInt(0, 100)).padStart(2, '0')}.99.Z${String(burst).padStart(2, '0')}` };
        const now = new Date();
        // Each reception writes its code lookup with the day counter, as a dossier's reception does.
        // The odd ones run as in other execution environments (other Lambda sandboxes): they wait
        // for no one's turn and race the others on the counter.
        const codes = await Promise.all(
          Array.from({ length: burst }, (_, i) =>
            (i % 2 ? takeDossierCode<string> : withDossierCode<string>)(store, unit, `HS-TEST${String(i).padStart(5, 'A')}`, now, async (code, items) => {
              try {
                await db.send(new TransactWriteCommand({ TransactItems: items }));
                return code;
              } catch (e) {
                if (e instanceof TransactionCanceledException) return 'contended' as const;
                throw e;
              }
            }),
          ),
        );
        const seqs = codes.map((c) => Number(c.split('-').at(-1)));
        expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: burst }, (_, i) => i + 1));
        for (const code of codes) expect(code).toMatch(dossierCodePattern);
        expect(await store.nextSequence(unit.code, localDay(now))).toBe(burst + 1);
      }),
      { numRuns: 10 },
    );
  }, 120_000);

  it('gives 200 concurrent creates 200 drafts with 200 references: each answer a 201 or an honest 503/429, and retries with their keys make no duplicate', async () => {
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
    const refs = answers.map((r) => r.body.ref as string);
    expect(new Set(refs).size).toBe(200);
    for (const ref of refs) expect(ref).toMatch(dossierRefPattern);
    // A draft has no code yet: only reception gives one.
    for (const a of answers) expect(a.body.code).toBeUndefined();
    // Exactly 200 dossiers were written for these requests: none twice, none lost.
    expect(await dossiersNamed(`Thử Tải ${run} `)).toHaveLength(200);
  }, 180_000);
});
