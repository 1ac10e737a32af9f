/**
 * The agency's working list, GET /v1/agency/assigned (issue 16, item 3), through real HTTP: a
 * dossier received and routed is in its agency's list and no other's, moves with its status,
 * leaves at completion, follows a chain to the next agency; pages by cursor; the token's agency only.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { db, dossiersTable, eventually, http } from '../support/cloud.ts';
import { createSubmitAndReceive, uploadResult } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

/** dat-dai-chuyen-nhuong for a resident of Ia Tô: one agency, Ia Grai's land registration office. */
const single = { procedureId: 'dat-dai-chuyen-nhuong', agency: 'iagrai-vpdkdd' };
/** btxh-mai-tang-phi for a resident of Ia Tô (92807): the commune, then the district (liên thông). */
const chain = { procedureId: 'btxh-mai-tang-phi', unitId: '92807', agencies: ['iagrai-iato', 'iagrai-ubnd'] as const };

const bearer = async (agencyId: string) => ({ authorization: `Bearer ${await agencyToken(agencyId)}` });
const assigned = async (agencyId: string, query = '') => http('GET', `/v1/agency/assigned${query}`, { headers: await bearer(agencyId) });
const decide = async (code: string, agencyId: string, body: unknown, key: string = randomUUID()) =>
  http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...(await bearer(agencyId)), 'idempotency-key': key } });

/** Every entry of an agency's list, page after page of `limit` (other test files' dossiers included), in the order served. */
async function everyEntry(agencyId: string, limit: number, status?: string): Promise<{ entries: { code: string; status: string }[]; pages: number }> {
  const entries: { code: string; status: string }[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await assigned(agencyId, `?limit=${limit}${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.dossiers.length).toBeLessThanOrEqual(limit);
    entries.push(...res.body.dossiers);
    cursor = res.body.next;
    pages++;
  } while (cursor && pages < 500);
  return { entries, pages };
}
const everyCode = async (agencyId: string, limit: number, status?: string) => (await everyEntry(agencyId, limit, status)).entries.map((e) => e.code);

/** Waits until the agency's list holds (or no longer holds) a code, and answers its entry: the index follows the write within moments. */
const untilListed = (agencyId: string, code: string, listed = true, status?: string) =>
  eventually(async () => {
    const found = (await everyEntry(agencyId, 100, status)).entries.find((d) => d.code === code);
    return listed ? found : found ? undefined : true;
  }, 30_000) as Promise<any>;

/** Submits dossiers with their scans and has them received; resolves once the router has routed each. */
async function routed(count: number, body = () => dossierBody({ procedureId: single.procedureId })): Promise<string[]> {
  const codes = await Promise.all(Array.from({ length: count }, async () => (await createSubmitAndReceive(body())).code));
  for (const code of codes) await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 30_000);
  return codes;
}

describe('GET /v1/agency/assigned: the agency inbox working list', () => {
  let codes: string[];
  beforeAll(async () => {
    // Received one after the other, so their order in the list is known.
    codes = [];
    for (let i = 0; i < 3; i++) codes.push(...(await routed(1)));
  }, 240_000);

  it('lists a received and routed dossier for its agency, with the facts the other lists show, and for no other agency', async () => {
    const entry = await untilListed(single.agency, codes[0]!);
    expect(entry).toEqual({
      code: codes[0],
      procedureId: single.procedureId,
      procedureName: expect.stringMatching(/\p{L}/u),
      status: 'routed',
      statusLabel: 'Đã chuyển cơ quan giải quyết',
      dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      assignedAt: (await http('GET', `/v1/dossiers/${codes[0]}`)).body.routedAt,
    });
    const res = await assigned(single.agency);
    expect(res.body).toEqual(expect.objectContaining({ agencyId: single.agency, agencyName: expect.any(String), count: expect.any(Number) }));
    expect(res.body.byStatus).toContainEqual({ status: 'routed', label: 'Đã chuyển cơ quan giải quyết', count: expect.any(Number) });
    // Another agency's officer: not in its list, and its own list is all it can ask for.
    expect(await everyCode('gl-stp', 100)).not.toContain(codes[0]);
  });

  it('refuses a counter clerk (wrong role) with 403 and a caller without a token with 401', async () => {
    const clerk = await http('GET', '/v1/agency/assigned', { headers: { authorization: `Bearer ${await clerkToken('bd-iagrai')}` } });
    expect(clerk.status).toBe(403);
    expect(clerk.body.type).toBe('urn:motcua:problem:forbidden');
    expect((await http('GET', '/v1/agency/assigned')).status).toBe(401);
  });

  it('pages oldest assignment first with a cursor, every dossier once, the last page without next', async () => {
    await untilListed(single.agency, codes[2]!);
    const { entries, pages } = await everyEntry(single.agency, 2);
    const served = entries.map((e) => e.code);
    expect(new Set(served).size).toBe(served.length);
    expect(served.filter((c) => codes.includes(c))).toEqual(codes);
    expect(pages).toBeGreaterThanOrEqual(2);
    const first = await assigned(single.agency, '?limit=1');
    expect(first.body.dossiers).toHaveLength(1);
    expect(first.body.next).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
  });

  it('refuses a limit over 100 and a cursor no page gave, naming the field', async () => {
    const big = await assigned(single.agency, '?limit=101');
    expect(big.status).toBe(400);
    expect(big.body.field).toBe('query.limit');
    const forged = await assigned(single.agency, `?cursor=${Buffer.from('["yesterday","HS-X"]').toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body.field).toBe('query.cursor');
    expect(forged.body.errors[0].message).toMatch(/con trỏ trang không hợp lệ/);
  });

  it('follows the status: filtered as accepted, unchanged by a retried decision, gone once completed', async () => {
    const code = codes[0]!;
    const key = randomUUID();
    expect((await decide(code, single.agency, { type: 'accept' }, key)).status).toBe(200);
    await untilListed(single.agency, code, true, 'processing');
    // The same request again (its Idempotency-Key): the same answer, the list as it was.
    expect((await decide(code, single.agency, { type: 'accept' }, key)).status).toBe(200);
    // Pages of one, filtered: the entries of other statuses are read past.
    expect((await everyCode(single.agency, 1, 'processing')).filter((c) => c === code)).toHaveLength(1);
    const stillRouted = await everyCode(single.agency, 1, 'routed');
    expect(stillRouted).not.toContain(code);
    expect(stillRouted.filter((c) => codes.includes(c))).toEqual(codes.slice(1));
    const counted = await assigned(single.agency, '?status=processing&limit=1');
    expect(counted.body.count).toBe(counted.body.byStatus.find((s: { status: string }) => s.status === 'processing').count);

    expect((await uploadResult(code, await agencyToken(single.agency))).status).toBe('verified');
    expect((await decide(code, single.agency, { type: 'complete', resultSlots: ['result-1'], summary: 'Đã đăng ký biến động' })).status).toBe(200);
    await untilListed(single.agency, code, false);
    expect(await everyCode(single.agency, 100)).not.toContain(code);
  });

  it("moves a chained dossier from the first agency's list to the next one's when the first completes its step", async () => {
    const [first, second] = chain.agencies;
    const [code] = await routed(1, () => dossierBody({ procedureId: chain.procedureId, unitId: chain.unitId }));
    await untilListed(first, code!, true);
    expect(await everyCode(second, 100)).not.toContain(code);

    expect((await decide(code!, first, { type: 'accept' })).status).toBe(200);
    expect((await decide(code!, first, { type: 'complete', summary: 'Đã xác nhận, gửi hồ sơ lên huyện' })).status).toBe(200);

    const moved = await untilListed(second, code!, true);
    expect(moved.status).toBe('routed');
    await untilListed(first, code!, false);
  });
});

describe('DossierStore.assignedPage on DynamoDB Local', () => {
  const agency = `test-${randomUUID().slice(0, 8)}`;
  const store = new DossierStore(db, dossiersTable);
  beforeAll(async () => {
    // Twelve index entries of an agency of this test alone (not dossiers: nothing else reads them): eleven routed, then one processing.
    for (let i = 0; i < 12; i++) {
      const ref = `HS-${'ABCDEFGHIJKL'[i]}${'A'.repeat(9)}`;
      await db.send(
        new PutCommand({
          TableName: dossiersTable,
          Item: { pk: `DOSSIER#${ref}`, sk: 'DOSSIER', entity: 'assigned-test', ref, procedureId: single.procedureId, status: i < 11 ? 'routed' : 'processing', assignedTo: agency, assignedAt: new Date(Date.UTC(2026, 11, 7, 2, i)).toISOString() },
        }),
      );
    }
  });

  it('answers a short page with where to go on when a status filter reads past more entries than a page may, and the match on the next one', async () => {
    const first = await store.assignedPage(agency, { limit: 1, status: 'processing' });
    expect(first.entries).toEqual([]);
    expect(first.next).toBeDefined();
    const second = await store.assignedPage(agency, { limit: 1, status: 'processing', after: first.next! });
    expect(second.entries.map((e) => e.ref)).toEqual(['HS-LAAAAAAAAA']);
    expect(second.next).toBeUndefined();
    expect(await store.assignedCounts(agency)).toEqual(new Map([['routed', 11], ['processing', 1]]));
  });
});
