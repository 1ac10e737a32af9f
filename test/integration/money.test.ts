/**
 * Issue 12's first check, end to end through the local cloud, on Wed 02/12/2026 from 10:00
 * (Vietnam; a working day): a private-enterprise registration (lệ phí 50.000 ₫ + phí 100.000 ₫,
 * Department of Planning and Investment gl-skhdt) picked up at home with its result delivered by
 * post. The quote, the opening request, cash to the postman at the door, the receipt, the
 * agency's view, the admin reconciliation and the remittance agree to the đồng.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { cloud, db, dossiersTable, eventually, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { resetPartner } from '../support/courier.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, courierToken } from '../support/tokens.ts';

afterEach(async () => {
  await resetPartner();
  await resetClock();
});

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const adminToken = () => signToken(cloud.dataDir, { sub: 'ke-toan-buu-dien-tinh', token_use: 'id', 'cognito:groups': ['admin'] });
const day = '2026-12-02';
/** The dossier's stored events in order (the public timeline shows no event data). */
async function history(ref: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const out = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)', ExpressionAttributeValues: { ':p': `DOSSIER#${ref}`, ':e': 'EVENT#' } }));
  return (out.Items ?? []) as { type: string; data: Record<string, unknown> }[];
}

describe('a dossier with phí, lệ phí, pickup and delivery charges, paid in cash to the postman', () => {
  it('quotes, requests, collects, reconciles and remits the same amounts, and tells the dossier history', async () => {
    await setClock('2026-12-02T10:00:00+07:00');

    // The quote before the citizen commits.
    const quote = await http('GET', '/v1/procedures/dkdn-thanh-lap-dntn/fee-quote?channel=home-pickup&pickup=true&delivery=true&unitId=92807');
    expect(quote.status).toBe(200);
    const agencyLines = quote.body.lines.filter((l: any) => l.payee === 'agency');
    expect(agencyLines.map((l: any) => [l.kind, l.amount])).toEqual(expect.arrayContaining([['fee', 50_000], ['charge', 100_000]]));
    const postal = quote.body.lines.filter((l: any) => l.payee === 'post-office');
    expect(postal.length).toBe(2);
    const postalTotal = postal.reduce((s: number, l: any) => s + l.amount, 0);
    expect(quote.body.totals.total).toBe(150_000 + postalTotal);
    expect(quote.body.totalText).toBe(`${(150_000 + postalTotal).toLocaleString('de-DE')} ₫`);

    // The dossier keeps that amount as its opening request.
    const body = { ...dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' }), intake: { method: 'home-pickup' as const }, resultDelivery: { method: 'post' as const } };
    const created = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    const { ref, accessToken } = created.body;
    const tracked = await http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': accessToken } });
    const [request] = tracked.body.payments.requests;
    expect(request.total).toBe(quote.body.totals.total);
    expect(request.status).toBe('open');

    // The postman (the partner stand-in accepts) collects the paper and the cash at the door.
    const itemId = created.body.shipments[0].itemId as string;
    const postman = bearer(await courierToken('bdvhx-iato'));
    const shown = await eventually(async () => {
      const s = (await http('GET', `/v1/courier/shipments/${itemId}`, { headers: postman })).body;
      return s.status === 'accepted' ? s : undefined;
    }, 20_000);
    // His phone shows what to collect, with the request to name in the payment.
    expect(shown.toCollect).toEqual([{ requestId: request.id, amount: request.total, amountText: quote.body.totalText }]);
    const picked = await http('POST', `/v1/courier/shipments/${itemId}/pickup`, {
      body: {
        checklist: [
          { index: 0, present: true, form: 'original', count: 1 },
          { index: 1, present: true, form: 'copy', count: 1 },
        ],
        sealNumber: 'NP-120201',
        slipSignedBy: 'Nguyễn Thị Hoa',
        payment: { requestId: request.id, amount: request.total },
      },
      headers: { ...postman, 'idempotency-key': randomUUID() },
    });
    expect(picked.status).toBe(200);
    expect((await http('GET', `/v1/courier/shipments/${itemId}`, { headers: postman })).body.toCollect).toEqual([]);

    // The receipt: the postman's series, agency lines and the post office's charges.
    const after = (await http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': accessToken } })).body;
    const [summary] = after.payments.receipts;
    expect(summary.total).toBe(request.total);
    const receipt = (await http('GET', `/v1/dossiers/${ref}/receipts/${summary.id}`, { headers: { 'x-dossier-token': accessToken } })).body;
    expect(receipt.series).toMatch(/^B2026-/);
    expect(receipt.number).toMatch(/^\d{7}$/);
    expect(receipt.collector).toEqual(expect.objectContaining({ kind: 'postman', servicePointId: 'bdvhx-iato' }));
    expect(receipt.agencyId).toBe('gl-skhdt');
    expect(receipt.lines.filter((l: any) => l.payee === 'agency').map((l: any) => l.amount).sort()).toEqual([100_000, 50_000]);
    expect(receipt.lines.filter((l: any) => l.payee === 'post-office').reduce((s: number, l: any) => s + l.amount, 0)).toBe(postalTotal);

    // The agency sees its share only: 150.000 ₫, not the postal charges.
    const agency = bearer(await agencyToken('gl-skhdt'));
    const collections = await http('GET', `/v1/agency/collections?day=${day}`, { headers: agency });
    expect(collections.status).toBe(200);
    expect(collections.body.totals).toEqual(expect.objectContaining({ collected: 150_000, net: 150_000, netText: '150.000 ₫' }));
    expect(collections.body.byCollectorKind.postman.collected).toBe(150_000);
    expect(collections.body.mismatches).toEqual([expect.objectContaining({ kind: 'not-covered', receiptId: receipt.id, amount: 150_000 })]);

    // The province's accountant sees the same, and remits exactly that.
    const admin = bearer(await adminToken());
    const before = await http('GET', `/v1/admin/reconciliation?agencyId=gl-skhdt&day=${day}`, { headers: admin });
    expect(before.status).toBe(200);
    expect(before.body.totals).toEqual(collections.body.totals);
    const remittance = { agencyId: 'gl-skhdt', day, reference: 'UNC-20261202-0001', amount: 150_000, at: '2026-12-02T15:30:00+07:00', receiptIds: [receipt.id] };
    const remitted = await http('POST', '/v1/admin/remittances', { body: remittance, headers: { ...admin, 'idempotency-key': randomUUID() } });
    expect(remitted.status).toBe(201);
    expect(remitted.body.remittance).toEqual(expect.objectContaining({ reference: 'UNC-20261202-0001', amount: 150_000, amountText: '150.000 ₫' }));
    expect(remitted.body.reconciliation.mismatches).toEqual([]);
    expect(remitted.body.reconciliation.agrees).toBe(true);
    expect(remitted.body.reconciliation).toEqual(expect.objectContaining({ remitted: 150_000, remittedText: '150.000 ₫', uncovered: 0 }));
    expect(remitted.body.reconciliation.remittances).toEqual([expect.objectContaining({ amount: 150_000, expected: 150_000 })]);

    // The agency's view now agrees too; the history tells both, with the same amounts.
    const settled = await http('GET', `/v1/agency/collections?day=${day}`, { headers: agency });
    expect(settled.body.agrees).toBe(true);
    expect(settled.body.remitted).toBe(150_000);
    const timeline = (await http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': accessToken } })).body.timeline as any[];
    expect(timeline.map((e) => e.label)).toEqual(expect.arrayContaining(['Đã nộp phí, lệ phí (có biên lai)', 'Bưu điện đã chuyển tiền phí, lệ phí cho cơ quan giải quyết']));
    const events = await history(ref);
    const received = events.find((e) => e.type === 'payment.received')!;
    const remittedEvent = events.find((e) => e.type === 'payment.remitted')!;
    expect(events.filter((e) => e.type === 'payment.remitted')).toHaveLength(1);
    expect(received.data).toEqual(expect.objectContaining({ receiptId: receipt.id, amount: request.total, collector: 'postman' }));
    expect(remittedEvent.data).toEqual(expect.objectContaining({ remittanceId: remitted.body.remittance.id, reference: 'UNC-20261202-0001', amount: 150_000 }));
    expect(JSON.stringify(remittedEvent)).not.toContain('Nguyễn Thị Hoa');
  });
});
