/**
 * The remaining printable papers (issue 13, item 1) end to end through the local cloud: the home
 * pickup slip, the process control slip, the tracking book of a receiving unit; read back with
 * pdftotext. The clock is set to Wed 02/12/2026 09:00 (Asia/Ho_Chi_Minh), a working day; the late
 * step moves it to Wed 16/12/2026 09:00, past the appointment.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, db, dossiersTable, eventually, http, refOf } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { resetPartner, setScript } from '../support/courier.ts';
import { completeAtAgency, createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { pdfRawText, pdfText } from '../support/pdf.ts';
import { clerkToken, courierToken } from '../support/tokens.ts';

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
/** One space for every run of them: cells wrap onto the next line. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function getPdf(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes };
}

async function accessesOf(code: string): Promise<Record<string, any>[]> {
  const ref = await refOf(code);
  const out = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${ref}` }, ConsistentRead: true }));
  return (out.Items ?? []).filter((i) => i.entity === 'access');
}

beforeEach(() => setClock('2026-12-02T09:00:00+07:00'));
afterEach(async () => {
  await resetPartner();
  await resetClock();
});

describe('the home pickup slip (clock Wed 02/12/2026 09:00)', () => {
  it('prints what the postman collected, the seal and both signers, to the citizen with the token, to a clerk and to that postman', async () => {
    await setScript({ mode: 'auto' });
    const body = { ...dossierBody({ fullName: 'Đặng Thị Ngọc Ánh' }), intake: { method: 'home-pickup' as const }, resultDelivery: { method: 'post' as const } };
    const created = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    const { ref, accessToken: token } = created.body;
    const itemId = created.body.shipments[0].itemId as string;
    expect((await getPdf(`/v1/dossiers/${ref}/forms/pickup-slip-${itemId}`, { 'x-dossier-token': token })).status).toBe(404);

    const received = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': token } });
      return r.body.status === 'received' ? r.body : undefined;
    }, 30_000);
    const res = await getPdf(`/v1/dossiers/${ref}/forms/pickup-slip-${itemId}`, { 'x-dossier-token': token });
    expect([res.status, res.type]).toEqual([200, 'application/pdf']);
    expect(res.disposition).toBe(`inline; filename="phieu-nhan-tai-nha-${itemId}.pdf"`);
    const text = flat(pdfText(res.bytes));
    for (const s of ['PHIẾU NHẬN HỒ SƠ TẠI NHÀ', `Số hiệu bưu gửi: ${itemId}`, 'Đặng Thị Ngọc Ánh', received.code, 'Số niêm phong', 'ngày 02/12/2026', 'Thôn Plei Ia Tô', 'BƯU TÁ']) expect(text).toContain(s);
    expect(text).toMatch(/Thời gian nhận: \d{2} giờ \d{2} phút, ngày 02\/12\/2026/);

    const clerk = await getPdf(`/v1/counter/dossiers/${received.code}/forms/pickup-slip-${itemId}`, bearer(await clerkToken('ttphcc-quay-buu-dien')));
    expect(clerk.status).toBe(200);
    expect((await accessesOf(received.code)).map((a) => a.operation)).toContain('counterGetDossierForm');

    // The postman who collected it prints it from the courier API; another postman of his office may not.
    const office = created.body.shipments[0].postOffice.id as string;
    const postman = await getPdf(`/v1/courier/shipments/${itemId}/pickup-slip`, bearer(await courierToken(office)));
    expect([postman.status, postman.type]).toEqual([200, 'application/pdf']);
    expect(flat(pdfText(postman.bytes))).toContain('Bưu tá Rơ Châm Hiếu');
    expect((await getPdf(`/v1/courier/shipments/${itemId}/pickup-slip`, bearer(await courierToken(office, 'postman-other')))).status).toBe(403);
  });
});

describe('the process control slip (clock Wed 02/12/2026 09:00, then Wed 16/12/2026 09:00)', () => {
  it('lists reception, routing and the agency’s completion with their due moments, and marks the completion after the appointment late', async () => {
    const { code, token } = await createSubmitAndReceive(dossierBody({ fullName: 'Rơ Châm Thị Hằng' }));
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 30_000);

    const early = await getPdf(`/v1/dossiers/${code}/forms/control-slip`, { 'x-dossier-token': token });
    expect([early.status, early.type]).toEqual([200, 'application/pdf']);
    const before = pdfRawText(early.bytes);
    for (const s of ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Mẫu số 06', 'Thông tư 03/2025/TT-VPCP', 'Rơ Châm Thị Hằng', code, 'Tiếp nhận hồ sơ', 'Chuyển hồ sơ đến cơ quan giải quyết', 'Sở Tư pháp', 'ngày 02/12/2026'])
      expect(before).toContain(s);
    // Routed within the working day it was due by (03/12/2026 09:0x), and nothing late yet.
    expect(before).toMatch(/ngày 03\/12\/2026 (Đúng hạn|Trước hạn)/);
    expect(before).not.toContain('Quá hạn');

    // The agency completes two weeks on, past the appointment.
    const due = new Date((await http('GET', `/v1/dossiers/${code}`)).body.dueAt);
    expect(due.getTime()).toBeLessThan(Date.parse('2026-12-16T09:00:00+07:00'));
    await setClock('2026-12-16T09:00:00+07:00');
    await completeAtAgency(code);
    const late = pdfRawText((await getPdf(`/v1/dossiers/${code}/forms/control-slip`, { 'x-dossier-token': token })).bytes);
    expect(late).toContain('Trả kết quả về bộ phận tiếp nhận và trả kết quả');
    expect(late).toMatch(/ngày 16\/12\/2026 \d{2} giờ \d{2} phút, ngày \d{2}\/12\/2026 Quá hạn/);
  });

  it('is not there before reception (404)', async () => {
    const created = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': randomUUID() } });
    expect((await getPdf(`/v1/dossiers/${created.body.ref}/forms/control-slip`, { 'x-dossier-token': created.body.accessToken })).status).toBe(404);
  });
});

describe('the tracking book of a receiving unit (clock Wed 02/12/2026 09:00)', () => {
  it('lists the desk’s dossiers of the period and not another desk’s, each listed dossier a recorded read; JSON and PDF', async () => {
    // One received online by the centre, one at the Ia Grai one-stop desk's counter.
    const online = await createSubmitAndReceive(dossierBody({ fullName: 'Ksor Thị Mai Phương' }));
    const iagrai = bearer(await clerkToken('bd-iagrai'));
    const counter = await http('POST', '/v1/counter/dossiers', { body: { ...dossierBody({ fullName: 'Siu Văn Đức Thịnh' }), resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' } }, headers: { ...iagrai, 'idempotency-key': randomUUID() } });
    expect(counter.status).toBe(201);
    const centre = bearer(await clerkToken('ttphcc-quay-buu-dien'));

    const book = await http('GET', '/v1/counter/tracking-book?from=2026-12-01&to=2026-12-02', { headers: centre });
    expect(book.status).toBe(200);
    expect(book.body.receivingUnit.id).toBe('ttphcc-gialai');
    expect(book.body.form).toEqual(expect.objectContaining({ number: '07', title: 'Sổ theo dõi hồ sơ' }));
    const codes = (book.body.rows as any[]).map((r) => r.code);
    expect(codes).toContain(online.code);
    expect(codes).not.toContain(counter.body.code);
    expect(book.body.rows.find((r: any) => r.code === online.code)).toEqual(expect.objectContaining({ applicant: 'Ksor Thị Mai Phương', procedure: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', dueAt: expect.any(String) }));
    expect((await accessesOf(online.code)).filter((a) => a.operation === 'counterTrackingBook')).toEqual([expect.objectContaining({ role: 'clerk', servicePointId: 'ttphcc-quay-buu-dien', read: 'dossier' })]);

    // With no period: this month so far by the system's clock (Wed 02/12/2026), as the console first shows it.
    const byDefault = await http('GET', '/v1/counter/tracking-book', { headers: centre });
    expect([byDefault.status, byDefault.body.from, byDefault.body.to]).toEqual([200, '2026-12-01', '2026-12-02']);
    expect((byDefault.body.rows as any[]).map((r) => r.code)).toEqual(codes);

    // A page at a time: the first row alone, then from where it said the next page starts.
    const whole = (await http('GET', '/v1/counter/tracking-book?from=2026-12-01&to=2026-12-02&limit=200', { headers: centre })).body;
    const first = (await http('GET', '/v1/counter/tracking-book?from=2026-12-01&to=2026-12-02&limit=1', { headers: centre })).body;
    expect([first.rows.length, first.total, first.next]).toEqual([1, whole.total, '1']);
    const second = (await http('GET', `/v1/counter/tracking-book?from=2026-12-01&to=2026-12-02&limit=1&cursor=${first.next}`, { headers: centre })).body;
    expect([first.rows[0].code, second.rows[0].code]).toEqual(whole.rows.slice(0, 2).map((r: any) => r.code));

    const other = await http('GET', '/v1/counter/tracking-book?from=2026-12-02&to=2026-12-02', { headers: iagrai });
    expect((other.body.rows as any[]).map((r) => r.code)).toContain(counter.body.code);
    expect((other.body.rows as any[]).map((r) => r.code)).not.toContain(online.code);
    // A day before: not in the book.
    expect(((await http('GET', '/v1/counter/tracking-book?from=2026-11-01&to=2026-11-30', { headers: iagrai })).body.rows as any[]).map((r) => r.code)).not.toContain(counter.body.code);

    const pdf = await getPdf('/v1/counter/tracking-book?from=2026-12-02&to=2026-12-02&format=pdf', iagrai);
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    expect(pdf.disposition).toBe('inline; filename="so-theo-doi-2026-12-02-2026-12-02.pdf"');
    const text = pdfRawText(pdf.bytes);
    for (const s of ['SỔ THEO DÕI HỒ SƠ', 'Mẫu số 07', 'Từ ngày 02/12/2026 đến ngày 02/12/2026', 'Siu Văn Đức Thịnh']) expect(text).toContain(s);
    // The row: code (a long code may wrap in its cell), procedure, applicant, the receipt date dd/mm/yyyy.
    expect(text.replace(/ /g, '')).toMatch(new RegExp(`${counter.body.code.replace(/\./g, '\\.')}CấpPhiếulýlịchtưpháp.*SiuVănĐứcThịnh02/12/2026`));
    expect(text).not.toContain('Ksor Thị Mai Phương');
  });

  it('refuses a period over 31 days or backwards (400 naming query.to), and a plain post office’s clerk (403)', async () => {
    const centre = bearer(await clerkToken('ttphcc-quay-buu-dien'));
    const long = await http('GET', '/v1/counter/tracking-book?from=2026-11-01&to=2026-12-02', { headers: centre });
    expect([long.status, long.body.errors?.[0]?.field]).toEqual([400, 'query.to']);
    const backwards = await http('GET', '/v1/counter/tracking-book?from=2026-12-02&to=2026-12-01', { headers: centre });
    expect([backwards.status, backwards.body.errors?.[0]?.field]).toEqual([400, 'query.to']);
    const bad = await http('GET', '/v1/counter/tracking-book?from=02/12/2026&to=2026-12-02', { headers: centre });
    expect(bad.status).toBe(400);
    expect((await http('GET', '/v1/counter/tracking-book?from=2026-12-01&to=2026-12-02', { headers: bearer(await clerkToken('bd-pleiku')) })).status).toBe(403);
  });
});
