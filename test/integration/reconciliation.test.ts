/**
 * Reconciliation and remittance through the admin and agency APIs (issue 12, item 4), with the
 * cloud's clock set: Thu 03/12/2026 and Fri 04/12/2026 at 10:00 Vietnam (working days), one day
 * per scenario so each day's figures are the scenario's own. Cash is taken at the counter of
 * the Ia Grai post office for business registrations (gl-skhdt: lệ phí + phí, agency share).
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { recordRemittance } from '../../shared/app/remittances.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { MoneyStore } from '../../shared/aws/money-store.ts';
import { province } from '../../shared/province/index.ts';
import { cloud, db, dossiersTable, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { csvTable } from '../support/csv.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

afterEach(resetClock);

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const admin = async () => bearer(await signToken(cloud.dataDir, { sub: 'ke-toan-buu-dien-tinh', token_use: 'id', 'cognito:groups': ['admin'] }));
const clerk = async () => bearer(await clerkToken('bd-iagrai'));
const post = (path: string, body: unknown, headers: Record<string, string>, key = randomUUID()) => http('POST', path, { body, headers: { ...headers, 'idempotency-key': key } });

/** A new business registration paid in cash at the counter: its ref, request and receipt. */
async function paidAtCounter() {
  const created = await http('POST', '/v1/dossiers', { body: dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' }), headers: { 'idempotency-key': randomUUID() } });
  expect(created.status).toBe(201);
  const ref = created.body.ref as string;
  const request = (await http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': created.body.accessToken } })).body.payments.requests[0];
  const paid = await post(`/v1/counter/dossiers/${ref}/payments`, { requestId: request.id, amount: request.total }, await clerk());
  expect(paid.status).toBe(201);
  return { ref, request, receipt: paid.body };
}

async function remittedEvents(ref: string) {
  const out = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)', ExpressionAttributeValues: { ':p': `DOSSIER#${ref}`, ':e': 'EVENT#' } }));
  return (out.Items ?? []).filter((e) => e.type === 'payment.remitted');
}

describe('a remittance that does not agree (Thu 03/12/2026)', () => {
  it('is recorded as made, one đồng short, and reported as an amount-differs line of 1 đồng; a retry records nothing twice', async () => {
    await setClock('2026-12-03T10:00:00+07:00');
    const { ref, request, receipt } = await paidAtCounter();
    expect(request.totals.agency).toBe(150_000);
    const key = randomUUID();
    const body = { agencyId: 'gl-skhdt', day: '2026-12-03', reference: 'UNC-20261203-0007', amount: 149_999, at: '2026-12-03T16:00:00+07:00', receiptIds: [receipt.id] };

    const res = await post('/v1/admin/remittances', body, await admin(), key);
    expect(res.status).toBe(201);
    expect(res.body.remittance.amount).toBe(149_999);
    expect(res.body.reconciliation.agrees).toBe(false);
    expect(res.body.reconciliation.mismatches).toEqual([
      expect.objectContaining({ kind: 'amount-differs', expected: 150_000, actual: 149_999, difference: -1, message: 'Lệnh chuyển UNC-20261203-0007: chuyển 149.999 ₫, các biên lai cần 150.000 ₫ (chênh -1 ₫)' }),
    ]);

    // The same request again: the same remittance, no second event; another body with that key: 422.
    const again = await post('/v1/admin/remittances', body, await admin(), key);
    expect(again.status).toBe(201);
    expect(again.body.remittance.id).toBe(res.body.remittance.id);
    expect(again.body.reconciliation.remittances).toHaveLength(1);
    expect((await post('/v1/admin/remittances', { ...body, amount: 150_000 }, await admin(), key)).status).toBe(422);
    const events = await remittedEvents(ref);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual(expect.objectContaining({ remittanceId: res.body.remittance.id, amount: 150_000, receiptIds: [receipt.id] }));

    // Nothing was fixed silently: the admin and the agency read the same disagreement later.
    const read = await http('GET', '/v1/admin/reconciliation?agencyId=gl-skhdt&day=2026-12-03', { headers: await admin() });
    expect(read.body.mismatches).toEqual(res.body.reconciliation.mismatches);
    expect(read.body.remitted).toBe(149_999);
    const own = await http('GET', '/v1/agency/collections?day=2026-12-03', { headers: bearer(await agencyToken('gl-skhdt')) });
    expect(own.body.mismatches.map((m: any) => [m.kind, m.difference])).toEqual([['amount-differs', -1]]);
  });

  it('refuses bad input with the field named and writes nothing: an unknown agency, a receipt named twice, no Idempotency-Key', async () => {
    await setClock('2026-12-03T11:00:00+07:00');
    const body = { agencyId: 'gl-khong-co', day: '2026-12-03', reference: 'UNC-20261203-0099', amount: 1_000, at: '2026-12-03T16:00:00+07:00', receiptIds: ['Q2026-x-0000001'] };
    const unknown = await post('/v1/admin/remittances', body, await admin());
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('agencyId');
    const twice = await post('/v1/admin/remittances', { ...body, agencyId: 'gl-skhdt', receiptIds: ['Q2026-x-0000001', 'Q2026-x-0000001'] }, await admin());
    expect(twice.status).toBe(400);
    expect(twice.body.field).toBe('receiptIds.1');
    const keyless = await http('POST', '/v1/admin/remittances', { body: { ...body, agencyId: 'gl-skhdt' }, headers: await admin(), idempotencyKey: false });
    expect(keyless.status).toBe(400);
    const day = await http('GET', '/v1/admin/reconciliation?agencyId=gl-skhdt&day=2026-12-03', { headers: await admin() });
    expect(day.body.remittances.map((m: any) => m.reference)).not.toContain('UNC-20261203-0099');
  });

  // Reads the day the first scenario of this block left (tests of a file run in order).
  it('exports the day as CSV (BOM, Vietnamese headers, a file name) that reads back to the same figures', async () => {
    const res = await fetch(`${cloud.endpoints.api}/v1/admin/reconciliation?agencyId=gl-skhdt&day=2026-12-03&format=csv`, { headers: await admin() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="doi-soat-gl-skhdt-2026-12-03.csv"');
    const rows = csvTable(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()));
    expect(Object.keys(rows[0]!)).toEqual(['Mục', 'Mã', 'Tên, diễn giải', 'Đã thu (đồng)', 'Đã hủy (đồng)', 'Đã hoàn (đồng)', 'Phải chuyển (đồng)', 'Phải chuyển', 'Đã chuyển (đồng)', 'Chênh lệch (đồng)', 'Ngày', 'Giờ']);
    const total = rows.find((r) => r['Mục'] === 'Tổng ngày')!;
    expect([total['Đã thu (đồng)'], total['Phải chuyển (đồng)'], total['Phải chuyển'], total['Đã chuyển (đồng)'], total['Ngày']]).toEqual(['150000', '150000', '150.000 ₫', '149999', '03/12/2026']);
    expect(rows.find((r) => r['Mục'] === 'Chuyển tiền')).toEqual(expect.objectContaining({ 'Mã': 'UNC-20261203-0007', 'Chênh lệch (đồng)': '-1', 'Giờ': '16:00' }));
    expect(rows.find((r) => r['Mục'] === 'Sai lệch')!['Chênh lệch (đồng)']).toBe('-1');

    // The agency's list of the day's receipts, from its own API.
    const list = await fetch(`${cloud.endpoints.api}/v1/agency/collections?day=2026-12-03&format=csv&list=receipts`, { headers: bearer(await agencyToken('gl-skhdt')) });
    expect(list.headers.get('content-disposition')).toBe('attachment; filename="bien-lai-gl-skhdt-2026-12-03.csv"');
    const receipts = csvTable(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await list.arrayBuffer()));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toEqual(expect.objectContaining({ 'Người nộp': 'Nguyễn Thị Hoa', 'Người thu': 'Giao dịch viên', 'Hình thức': 'Tiền mặt', 'Phần của cơ quan (đồng)': '150000', 'Trạng thái': 'Đã phát hành' }));
    expect(receipts[0]!['Ký hiệu']).toMatch(/^Q2026-/);
  });
});

describe('who sees which agency', () => {
  it("answers 403 to an agency asking for another agency's collections, and to staff other than admin on the admin API", async () => {
    const justice = bearer(await agencyToken('gl-stp'));
    const other = await http('GET', '/v1/agency/collections?day=2026-12-03&agencyId=gl-skhdt', { headers: justice });
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    const own = await http('GET', '/v1/agency/collections?day=2026-12-03&agencyId=gl-stp', { headers: justice });
    expect(own.status).toBe(200);
    expect(own.body.agencyId).toBe('gl-stp');
    expect((await http('GET', '/v1/admin/reconciliation?agencyId=gl-skhdt&day=2026-12-03', { headers: justice })).status).toBe(403);
    expect((await http('GET', '/v1/admin/reconciliation?agencyId=gl-skhdt&day=2026-12-03', { headers: await clerk() })).status).toBe(403);
    const unknown = await http('GET', '/v1/admin/reconciliation?agencyId=gl-khong-co&day=2026-12-03', { headers: await admin() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('query.agencyId');
  });
});

describe('a cancellation and a refund at the counter (Fri 04/12/2026)', () => {
  it('shows collected, cancelled, refunded and net to the đồng, and a remittance of the net agrees', async () => {
    await setClock('2026-12-04T10:00:00+07:00');
    const { ref, request, receipt: first } = await paidAtCounter();
    const desk = await clerk();
    const cancelled = await post(`/v1/counter/dossiers/${ref}/receipts/${first.id}/cancellation`, { reason: 'Thu nhầm hồ sơ, lập lại biên lai' }, desk);
    expect(cancelled.status).toBe(200);
    const repaid = await post(`/v1/counter/dossiers/${ref}/payments`, { requestId: request.id, amount: request.total }, desk);
    expect(repaid.status).toBe(201);
    const second = repaid.body;
    const fee = second.lines.find((l: any) => l.kind === 'fee');
    expect(fee.amount).toBe(50_000);
    const refunded = await post(`/v1/counter/dossiers/${ref}/receipts/${second.id}/refunds`, { amount: 50_000, reason: 'Được miễn lệ phí theo quyết định', lines: [{ code: fee.code, amount: 50_000 }] }, desk);
    expect(refunded.status).toBe(201);

    const agency = bearer(await agencyToken('gl-skhdt'));
    const day = (await http('GET', '/v1/agency/collections?day=2026-12-04', { headers: agency })).body;
    const expected = { collected: 300_000, cancelled: 150_000, refunded: 50_000, net: 100_000, netText: '100.000 ₫', collectedText: '300.000 ₫' };
    expect(day.totals).toEqual(expect.objectContaining(expected));
    expect(day.byCollectorKind.clerk).toEqual(expect.objectContaining(expected));
    expect(day.byDossier[ref]).toEqual(expect.objectContaining(expected));
    expect(day.mismatches).toEqual([expect.objectContaining({ kind: 'not-covered', receiptId: second.id, amount: 100_000 })]);

    const remitted = await post('/v1/admin/remittances', { agencyId: 'gl-skhdt', day: '2026-12-04', reference: 'UNC-20261204-0001', amount: 100_000, at: '2026-12-04T16:00:00+07:00', receiptIds: [second.id] }, await admin());
    expect(remitted.status).toBe(201);
    expect(remitted.body.reconciliation.mismatches).toEqual([]);
    expect(remitted.body.reconciliation.totals).toEqual(expect.objectContaining(expected));
    expect((await remittedEvents(ref))[0]!.data).toEqual(expect.objectContaining({ amount: 100_000 }));
  });
});

describe('a remittance whose events a failure cut short (Mon 07/12/2026)', () => {
  it('is completed by the retry: one payment.remitted on each dossier it covers, none twice', async () => {
    await setClock('2026-12-07T10:00:00+07:00');
    const a = await paidAtCounter();
    const b = await paidAtCounter();
    // The fault: the emulator cannot fail one commit of a transaction series on demand, so a
    // store whose second commit throws once stands in for a crash between the two dossiers.
    let commits = 0;
    class FailingOnce extends DossierStore {
      override async commit(...args: Parameters<DossierStore['commit']>) {
        if (++commits === 2) throw new Error('injected: the function died here');
        return super.commit(...args);
      }
    }
    const deps = { store: new FailingOnce(db, dossiersTable), money: new MoneyStore(db, dossiersTable), province: province('gia-lai-2019'), now: () => new Date('2026-12-07T09:00:00Z') };
    const input = { id: randomUUID(), by: 'ke-toan-buu-dien-tinh', agencyId: 'gl-skhdt', day: '2026-12-07', reference: 'UNC-20261207-0001', amount: 300_000, at: '2026-12-07T16:00:00+07:00', receiptIds: [a.receipt.id, b.receipt.id] };

    await expect(recordRemittance(deps, input)).rejects.toThrow('injected');
    const told = [(await remittedEvents(a.ref)).length, (await remittedEvents(b.ref)).length];
    expect(told.sort()).toEqual([0, 1]);

    const again = await recordRemittance(deps, input);
    expect(again.id).toBe(input.id);
    expect([(await remittedEvents(a.ref)).length, (await remittedEvents(b.ref)).length]).toEqual([1, 1]);
    const day = await http('GET', '/v1/admin/reconciliation?agencyId=gl-skhdt&day=2026-12-07', { headers: await admin() });
    expect(day.body.remittances).toHaveLength(1);
    expect(day.body.agrees).toBe(true);
  });
});
