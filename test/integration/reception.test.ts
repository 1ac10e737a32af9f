/**
 * Reception as a step of its own (BRIEF corrections 2 and 3): an online dossier, once submitted
 * with its scans, waits in its receiving unit's queue with no code and no clock; an officer of that
 * unit accepts it (form 01: code, clock), asks for a supplement (form 02) or refuses it (form 03).
 * Runs on the day of the test run, Asia/Ho_Chi_Minh: codes carry that date.
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { dueDate } from '../../shared/domain/calendar.ts';
import { formatDossierCode, localDay } from '../../shared/domain/dossier.ts';
import { province } from '../../shared/province/index.ts';
import { db, dossiersTable, eventually, http } from '../support/cloud.ts';
import { createAndSubmit, officerOf, uploadScan, slotState } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor } from '../support/queues.ts';
import { clerkToken } from '../support/tokens.ts';

const centre = { id: 'ttphcc-gialai', code: '000.00.00.H21', name: province().receivingUnits.get('ttphcc-gialai')!.name };
const track = (ref: string, token?: string) => http('GET', `/v1/dossiers/${ref}`, token ? { headers: { 'x-dossier-token': token } } : {});
const officer = 'Rơ Mah H’Lan';
const queueOf = async (unitId: string) => (await http('GET', '/v1/counter/reception', { headers: await officerOf(unitId) })).body;

describe('the reception queue', () => {
  it('holds a submitted online dossier as "new": no code, no clock, nothing routed, listed for its receiving unit only', async () => {
    const { submitted, ref } = await createAndSubmit(dossierBody());
    expect(submitted.body).toEqual(expect.objectContaining({ ref, status: 'new', statusLabel: 'Mới, chờ tiếp nhận', receivingUnit: expect.objectContaining({ id: centre.id }) }));
    for (const absent of ['code', 'receivedAt', 'dueAt', 'remaining', 'routedAt']) expect(submitted.body[absent], absent).toBeUndefined();

    const queue = await queueOf(centre.id);
    expect(queue.receivingUnit.id).toBe(centre.id);
    const mine = queue.items.find((i: any) => i.ref === ref);
    expect(mine).toEqual(expect.objectContaining({ status: 'new', channel: 'online', procedure: expect.objectContaining({ id: 'ltp-cap-phieu' }) }));
    // Oldest first.
    const times = queue.items.map((i: any) => i.queuedAt);
    expect(times).toEqual([...times].sort());
    // No personal data in the list.
    expect(JSON.stringify(queue)).not.toContain('Nguyễn');
    // Another unit's queue does not have it.
    expect((await queueOf('motcua-iagrai')).items.map((i: any) => i.ref)).not.toContain(ref);
    // Nothing reaches the agency before reception.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await track(ref)).body.routedAt).toBeUndefined();
  });

  it('is closed to a clerk of a post office without a one-stop desk (403)', async () => {
    const res = await http('GET', '/v1/counter/reception', { headers: { authorization: `Bearer ${await clerkToken('bd-pleiku')}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('an officer of the receiving unit', () => {
  it('accepts: the code of the receiving unit dated today, the clock from that moment, form 01, then routing', async () => {
    const { ref } = await createAndSubmit(dossierBody());
    const res = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer }, headers: await officerOf(centre.id) });
    expect(res.status).toBe(200);
    const { form, dossier } = res.body;
    expect(form).toEqual(expect.objectContaining({ form: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', ref, officer, receivingUnit: { id: centre.id, name: expect.any(String), code: centre.code } }));
    expect(form.code.startsWith(`${centre.code}-${localDay(new Date(form.receivedAt))}-`)).toBe(true);
    expect(form.documents.map((d: any) => d.slot)).toEqual(['doc-1', 'doc-2']);
    expect(form.dueAt).toBe(dueDate(new Date(form.receivedAt), { processingUnit: 'calendar-days', processingDays: 10 }, vietnamCalendar()).toISOString());
    expect(dossier).toEqual(expect.objectContaining({ status: 'received', code: form.code, receivedAt: form.receivedAt, dueAt: form.dueAt }));
    // Tracking accepts the code and the reference alike.
    expect((await track(form.code)).body.ref).toBe(ref);
    // One reception event: who, where, when.
    const received = (await track(ref)).body.timeline.filter((e: any) => e.type === 'dossier.received');
    expect(received).toHaveLength(1);
    const [message] = await collectFor(await agencyQueueUrl('gl-stp'), form.code);
    expect(JSON.parse(message!.Body!)).toEqual(expect.objectContaining({ type: 'dossier.assigned', dossierCode: form.code, receivedAt: form.receivedAt }));
    expect((await queueOf(centre.id)).items.map((i: any) => i.ref)).not.toContain(ref);
    // Accepting twice is a 409: one reception only.
    const again = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer }, headers: await officerOf(centre.id) });
    expect(again.status).toBe(409);
  });

  it('of another unit may not accept it (403), and it stays in its queue', async () => {
    const { ref } = await createAndSubmit(dossierBody());
    const res = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer }, headers: await officerOf('motcua-iagrai') });
    expect(res.status).toBe(403);
    expect((await track(ref)).body.status).toBe('new');
  });

  it('refuses: form 03 with reasons and legal basis, the dossier is never received and nothing is routed', async () => {
    const { ref, token } = await createAndSubmit(dossierBody());
    // The criminal-record certificate's 200.000 ₫ is owed until the dossier is refused.
    expect((await track(ref, token)).body.payments.owed).toBeGreaterThan(0);
    const body = { reasons: ['Hồ sơ không thuộc thẩm quyền tiếp nhận của Trung tâm'], legalBasis: 'Khoản 3 Điều 19 Nghị định 61/2018/NĐ-CP', officer };
    const res = await http('POST', `/v1/counter/dossiers/${ref}/refusal`, { body, headers: await officerOf(centre.id) });
    expect(res.status).toBe(200);
    // Refused today (December 2026): the 03/2025 regime's form 03.
    expect(res.body.form).toEqual(expect.objectContaining({ form: '03', regime: '03/2025/TT-VPCP', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', ...body }));
    // The citizen, with the token, reads why and on what basis; without it, only that it was refused.
    const told = (await track(ref, token)).body.decisions;
    expect(told).toEqual([
      expect.objectContaining({
        type: 'dossier.refused',
        form: { regime: '03/2025/TT-VPCP', number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
        receivingUnit: { id: centre.id, name: centre.name },
        reasons: body.reasons,
        legalBasis: body.legalBasis,
        signer: officer,
      }),
    ]);
    expect(JSON.stringify((await track(ref)).body)).not.toMatch(/thẩm quyền tiếp nhận|Nghị định 61/);
    expect(res.body.dossier).toEqual(expect.objectContaining({ status: 'refused' }));
    for (const absent of ['code', 'receivedAt', 'dueAt']) expect(res.body.dossier[absent], absent).toBeUndefined();
    // Nothing is owed for a dossier that will not be handled, and no money can be taken for it.
    const payments = (await track(ref, token)).body.payments;
    expect(payments.owed).toBe(0);
    expect(payments.requests.map((r: any) => r.status)).toEqual(['cancelled']);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await track(ref)).body.routedAt).toBeUndefined();
    expect((await queueOf(centre.id)).items.map((i: any) => i.ref)).not.toContain(ref);
  });

  it('asks for a supplement: the citizen’s view says what to add, and once supplemented it waits again to be accepted', async () => {
    const { ref, token } = await createAndSubmit(dossierBody());
    const items = [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }];
    const res = await http('POST', `/v1/counter/dossiers/${ref}/reception-supplement`, { body: { items, officer }, headers: await officerOf(centre.id) });
    expect(res.status).toBe(200);
    expect(res.body.form).toEqual(expect.objectContaining({ form: '02', items, officer }));
    const mine = (await track(ref, token)).body;
    expect(mine.status).toBe('supplement-requested');
    expect(mine.supplementRequest.items).toEqual(items);
    expect(mine.documents.find((d: any) => d.id === 'doc-2').status).toBe('rejected');
    expect(mine.dueAt).toBeUndefined();
    // Without the token: that a supplement is asked, not what.
    expect(JSON.stringify((await track(ref)).body)).not.toContain('Ảnh mờ');

    expect(await uploadScan(ref, 'doc-2', token)).toBe(204);
    expect((await eventually(async () => {
      const s = await slotState(ref, 'doc-2', { 'x-dossier-token': token });
      return s.status === 'verified' ? s : undefined;
    })).status).toBe('verified');
    expect((await http('POST', `/v1/dossiers/${ref}/supplement`, { headers: { 'x-dossier-token': token } })).status).toBe(200);
    expect((await track(ref)).body.status).toBe('new');
    const accepted = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer }, headers: await officerOf(centre.id) });
    expect(accepted.body.dossier.status).toBe('received');
  });
});

describe('the day sequence of a receiving unit', () => {
  it('has no gap: abandoned drafts take no number, and every number up to the counter is a received dossier', async () => {
    const day = localDay(new Date());
    const counter = async () => Number((await db.send(new GetCommand({ TableName: dossiersTable, Key: { pk: `COUNTER#${centre.code}#${day}`, sk: 'COUNTER' }, ConsistentRead: true }))).Item?.seq ?? 0);
    // Abandoned drafts: created, never submitted.
    for (let i = 0; i < 3; i++) expect((await http('POST', '/v1/dossiers', { body: dossierBody() })).status).toBe(201);
    const { ref } = await createAndSubmit(dossierBody());
    const res = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer }, headers: await officerOf(centre.id) });
    const seq = Number(res.body.form.code.split('-').at(-1));
    const top = await counter();
    expect(top).toBeGreaterThanOrEqual(seq);
    // Every number 1..top names a dossier (the code lookup written at its reception).
    const codes = Array.from({ length: top }, (_, i) => formatDossierCode(centre.code, new Date(res.body.form.receivedAt), i + 1));
    const found = new Set<string>();
    for (let i = 0; i < codes.length; i += 100) {
      const out = await db.send(new BatchGetCommand({ RequestItems: { [dossiersTable]: { Keys: codes.slice(i, i + 100).map((c) => ({ pk: `CODE#${c}`, sk: 'CODE' })), ConsistentRead: true } } }));
      for (const item of out.Responses?.[dossiersTable] ?? []) found.add(String(item.code));
    }
    expect(codes.filter((c) => !found.has(c))).toEqual([]);
  });
});

describe('intake at a post-office counter', () => {
  const counterBody = () => ({ ...dossierBody(), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' } });
  const clerkOf = async (servicePointId: string) => ({ authorization: `Bearer ${await clerkToken(servicePointId)}` });

  it('is reception at once at a one-stop desk: the code of the desk’s section and the clock from now', async () => {
    const created = await http('POST', '/v1/counter/dossiers', { body: counterBody(), headers: await clerkOf('bd-iagrai') });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ status: 'received', receivingUnit: expect.objectContaining({ id: 'motcua-iagrai' }) }));
    expect(created.body.code.startsWith(`000.00.28.H21-${localDay(new Date(created.body.receivedAt))}-`)).toBe(true);
    expect(created.body.receivedAt).toBe(created.body.createdAt);
    expect(created.body.carriage).toBeUndefined();
  });

  it('is carriage at a post office without one: a postal reference, no code, no clock, until the receiving unit confirms arrival', async () => {
    const created = await http('POST', '/v1/counter/dossiers', { body: counterBody(), headers: await clerkOf('bc-iasao') });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ status: 'new', receivingUnit: expect.objectContaining({ id: centre.id }), carriage: { postalRef: expect.stringMatching(/^RR\d{9}VN$/), servicePointId: 'bc-iasao' } }));
    for (const absent of ['code', 'receivedAt', 'dueAt']) expect(created.body[absent], absent).toBeUndefined();
    const ref = created.body.ref as string;
    // Not an online dossier to accept, and not the plain post office's to receive.
    expect((await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer }, headers: await officerOf(centre.id) })).status).toBe(409);
    expect((await http('POST', `/v1/counter/dossiers/${ref}/arrival`, { body: { officer }, headers: await clerkOf('bc-iasao') })).status).toBe(403);

    await new Promise((r) => setTimeout(r, 1100));
    const arrived = await http('POST', `/v1/counter/dossiers/${ref}/arrival`, { body: { officer }, headers: await officerOf(centre.id) });
    expect(arrived.status).toBe(200);
    const { form, dossier } = arrived.body;
    expect(form).toEqual(expect.objectContaining({ form: '01', ref, officer }));
    expect(form.code.startsWith(`${centre.code}-${localDay(new Date(form.receivedAt))}-`)).toBe(true);
    // The clock counts from arrival, not from the counter.
    expect(Date.parse(form.receivedAt) - Date.parse(created.body.createdAt)).toBeGreaterThanOrEqual(1000);
    expect(form.dueAt).toBe(dueDate(new Date(form.receivedAt), { processingUnit: 'calendar-days', processingDays: 10 }, vietnamCalendar()).toISOString());
    expect(dossier).toEqual(expect.objectContaining({ status: 'received', code: form.code, dueAt: form.dueAt }));
    expect((await track(ref)).body.timeline.filter((e: any) => e.type === 'dossier.received')).toHaveLength(1);
    // An online dossier has no arrival to confirm.
    const online = await createAndSubmit(dossierBody());
    expect((await http('POST', `/v1/counter/dossiers/${online.ref}/arrival`, { body: { officer }, headers: await officerOf(centre.id) })).status).toBe(409);
  });
});
