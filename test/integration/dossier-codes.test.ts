import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { dossierCodePattern, formatDossierCode } from '../../shared/domain/dossier.ts';
import { db, dossiersTable, http } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';

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

  it('gives 200 concurrent submissions through the API 200 different codes', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => http('POST', '/v1/dossiers', { body: dossierBody({ procedureId: 'hkd-thanh-lap' }), headers: { 'idempotency-key': `burst-${randomUUID()}-${i}` } })),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
    const codes = results.map((r) => r.body.code as string);
    expect(new Set(codes).size).toBe(200);
    for (const code of codes) expect(code).toMatch(dossierCodePattern);
  }, 120_000);
});
