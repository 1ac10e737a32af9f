/**
 * Printable forms (issue 13) end to end through the local cloud: each paper a dossier has, as a
 * PDF, to the citizen with the token, to a clerk (recorded as a staff read) and to the agency the
 * dossier was routed to; read back with poppler-utils (pdftotext, pdftoppm) and the QR with jsqr.
 * The clock is set to Wed 02/12/2026 09:00 (Asia/Ho_Chi_Minh), a working day.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { addWorkingDays, localDate } from '../../shared/domain/calendar.ts';
import { api, db, dossiersTable, eventually, http, refOf } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { createAndSubmit, createSubmitAndReceive, officerOf } from '../support/documents.ts';
import { dossierBody, someRepresentative } from '../support/factories.ts';
import { pdfText, qrCodesOf } from '../support/pdf.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const officer = 'Rơ Mah H’Lan';
const centre = 'ttphcc-gialai';
const calendar = vietnamCalendar();

/** A GET whose answer is bytes (http() of the support reads text). */
async function getPdf(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const problem = res.headers.get('content-type')?.startsWith('application/problem+json') ? JSON.parse(bytes.toString('utf8')) : undefined;
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes, problem };
}

async function accessesOf(code: string): Promise<Record<string, any>[]> {
  const ref = await refOf(code);
  const out = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${ref}` }, ConsistentRead: true }));
  return (out.Items ?? []).filter((i) => i.entity === 'access');
}

beforeEach(() => setClock('2026-12-02T09:00:00+07:00'));
afterEach(() => resetClock());

describe('form 01, the receipt and appointment slip (clock Wed 02/12/2026 09:00)', () => {
  it('is the citizen’s with the token: the name with its diacritics, the code, the dates dd/mm/yyyy, the QR to the tracking page', async () => {
    const base = dossierBody({ fullName: 'Nguyễn Thị Hoa' });
    const body = { ...base, applicant: { ...base.applicant, representative: someRepresentative() } };
    const { code, ref, token } = await createSubmitAndReceive(body);
    const view = (await http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } })).body;

    const res = await getPdf(`/v1/dossiers/${code}/forms/receipt`, { 'x-dossier-token': token });
    expect([res.status, res.type]).toEqual([200, 'application/pdf']);
    expect(res.disposition).toBe(`inline; filename="giay-tiep-nhan-${code}.pdf"`);
    const text = pdfText(res.bytes);
    for (const s of ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Thông tư 03/2025/TT-VPCP', 'Nguyễn Thị Hoa', 'Trần Văn Bình', code, officer, 'ngày 02/12/2026', 'Cấp Phiếu lý lịch tư pháp'])
      expect(text).toContain(s);
    // The appointment, as the dossier's own view gives it, written dd/mm/yyyy.
    const due = new Date(view.dueAt).toLocaleDateString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
    expect(text).toMatch(new RegExp(`Thời gian trả kết quả: \\d{2} giờ \\d{2} phút, ngày ${due}`));
    expect(text).toMatch(/Thời gian tiếp nhận: 09 giờ 0\d phút, ngày 02\/12\/2026/);
    expect(qrCodesOf(res.bytes)).toEqual([`https://motcua.gialai.vn/t/${ref}`]);
  });

  it('is refused without the token (401) or with another dossier’s (403), like the other token routes', async () => {
    const { code } = await createSubmitAndReceive(dossierBody());
    const other = await createAndSubmit(dossierBody());
    expect((await getPdf(`/v1/dossiers/${code}/forms/receipt`)).status).toBe(401);
    expect((await getPdf(`/v1/dossiers/${code}/forms/receipt`, { 'x-dossier-token': other.token })).status).toBe(403);
  });

  it('is not there before reception, and a form the dossier does not have is a 404 naming it', async () => {
    const { ref, token } = await createAndSubmit(dossierBody());
    const before = await getPdf(`/v1/dossiers/${ref}/forms/receipt`, { 'x-dossier-token': token });
    expect(before.status).toBe(404);
    expect(before.problem.detail ?? before.problem.title).toMatch(/chưa được tiếp nhận.*mẫu 01/);
    const refusal = await getPdf(`/v1/dossiers/${ref}/forms/refusal`, { 'x-dossier-token': token });
    expect(refusal.status).toBe(404);
    expect(refusal.problem.detail ?? refusal.problem.title).toMatch(/không có phiếu từ chối/);
    const unknown = await getPdf(`/v1/dossiers/${ref}/forms/giay-moi`, { 'x-dossier-token': token });
    expect([unknown.status, unknown.problem.field]).toEqual([400, 'form']);
  });

  it('is printed by a clerk and by the agency it was routed to, each read recorded; another agency gets 403', async () => {
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'ltp-cap-phieu' }));
    const clerk = await getPdf(`/v1/counter/dossiers/${code}/forms/receipt`, bearer(await clerkToken('bd-iagrai')));
    expect([clerk.status, clerk.type]).toEqual([200, 'application/pdf']);
    expect(pdfText(clerk.bytes)).toContain('Nguyễn Thị Hoa');

    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 30_000);
    const stp = await getPdf(`/v1/agency/dossiers/${code}/forms/receipt`, bearer(await agencyToken('gl-stp')));
    expect(stp.status).toBe(200);
    expect(pdfText(stp.bytes)).toContain(code);
    expect((await getPdf(`/v1/agency/dossiers/${code}/forms/receipt`, bearer(await agencyToken('gl-syt')))).status).toBe(403);

    const reads = (await accessesOf(code)).filter((a) => a.operation.endsWith('GetDossierForm'));
    expect(reads).toEqual([
      expect.objectContaining({ role: 'clerk', servicePointId: 'bd-iagrai', read: 'dossier', operation: 'counterGetDossierForm' }),
      expect.objectContaining({ role: 'agency', agencyId: 'gl-stp', read: 'dossier', operation: 'agencyGetDossierForm' }),
    ]);
  });
});

describe('form 01 of a dossier taken in on paper at a one-stop desk (clock Wed 02/12/2026 09:00)', () => {
  it('lists the papers the clerk counted, originals and copies with their number', async () => {
    const clerk = bearer(await clerkToken('bd-iagrai'));
    const body = { ...dossierBody({ procedureId: 'ltp-cap-phieu' }), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' }, papersChecked: [{ document: 1, form: 'original' as const, copies: 1 }, { document: 2, form: 'copy' as const, copies: 2 }] };
    const created = await http('POST', '/v1/counter/dossiers', { body, headers: { ...clerk, 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    const text = pdfText((await getPdf(`/v1/counter/dossiers/${created.body.code}/forms/receipt`, clerk)).bytes).replace(/\s+/g, ' ');
    expect(text).toContain('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp');
    expect(text).toMatch(/Bản chụp Căn cước công dân\s+0?2/);
    // A place the procedure's list does not have: refused, naming it, nothing written.
    const wrong = await http('POST', '/v1/counter/dossiers', { body: { ...body, papersChecked: [{ document: 9, form: 'copy', copies: 1 }] }, headers: { ...clerk, 'idempotency-key': randomUUID() } });
    expect([wrong.status, wrong.body.field]).toEqual([400, 'papersChecked.0.document']);
  });
});

describe('forms 02 and 03 at reception (clock Wed 02/12/2026 09:00)', () => {
  it('prints the supplement request with what to add and why', async () => {
    const { ref, token } = await createAndSubmit(dossierBody());
    const items = [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }];
    expect((await http('POST', `/v1/counter/dossiers/${ref}/reception-supplement`, { body: { items, officer }, headers: await officerOf(centre) })).status).toBe(200);
    const res = await getPdf(`/v1/dossiers/${ref}/forms/supplement-request`, { 'x-dossier-token': token });
    expect(res.status).toBe(200);
    const text = pdfText(res.bytes);
    for (const s of ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Mẫu số 02', 'Nguyễn Thị Hoa', ref, 'Ảnh mờ, không đọc được số', 'ngày 02/12/2026']) expect(text).toContain(s);
    expect(qrCodesOf(res.bytes)).toEqual([`https://motcua.gialai.vn/t/${ref}`]);
  });

  it('prints the refusal with its reasons and legal basis; a refused dossier has no receipt', async () => {
    const { ref, token } = await createAndSubmit(dossierBody());
    const body = { reasons: ['Hồ sơ không thuộc thẩm quyền tiếp nhận của Trung tâm'], legalBasis: 'Khoản 3 Điều 19 Nghị định 118/2025/NĐ-CP', officer };
    expect((await http('POST', `/v1/counter/dossiers/${ref}/refusal`, { body, headers: await officerOf(centre) })).status).toBe(200);
    const res = await getPdf(`/v1/dossiers/${ref}/forms/refusal`, { 'x-dossier-token': token });
    expect(res.status).toBe(200);
    const text = pdfText(res.bytes);
    for (const s of ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Mẫu số 03', 'Nguyễn Thị Hoa', 'không thuộc thẩm quyền tiếp nhận', 'Nghị định 118/2025/NĐ-CP', 'ngày 02/12/2026']) expect(text).toContain(s);
    expect((await getPdf(`/v1/dossiers/${ref}/forms/receipt`, { 'x-dossier-token': token })).status).toBe(404);
  });
});

describe('forms 04 and 05 of the agency (clock Wed 02/12/2026 09:00)', () => {
  it('prints the apology with the reason and the new date, then the notice of stopping; neither before its decision', async () => {
    const { code, token } = await createSubmitAndReceive(dossierBody());
    const stp = bearer(await agencyToken('gl-stp'));
    const decide = (body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...stp, 'idempotency-key': randomUUID() } });
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined), 30_000);
    expect((await decide({ type: 'accept' })).status).toBe(200);
    expect((await getPdf(`/v1/dossiers/${code}/forms/extension`, { 'x-dossier-token': token })).status).toBe(404);

    const due = localDate(new Date((await http('GET', `/v1/dossiers/${code}`)).body.dueAt), calendar);
    const newDueDate = addWorkingDays(due, 2, calendar);
    expect((await decide({ type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate, signer: 'Lê Thị C' })).status).toBe(200);
    const res = await getPdf(`/v1/agency/dossiers/${code}/forms/extension`, stp);
    expect(res.status).toBe(200);
    // One space for every run of them: a long reason wraps onto the next line.
    const text = pdfText(res.bytes).replace(/\s+/g, ' ');
    const [y, m, d] = newDueDate.split('-');
    for (const s of ['VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', 'Mẫu số 04', 'Nguyễn Thị Hoa', code, 'Cần xác minh thêm tại địa phương', 'Lê Thị C', `ngày ${d}/${m}/${y}`, 'ngày 02/12/2026'])
      expect(text).toContain(s);

    // Then the agency stops processing: form 05, with the reason and its signer.
    expect((await getPdf(`/v1/dossiers/${code}/forms/stop-notice`, { 'x-dossier-token': token })).status).toBe(404);
    expect((await decide({ type: 'stop', reason: 'Chờ kết luận của cơ quan điều tra', signer: 'Trần Văn E' })).status).toBe(200);
    const stop = await getPdf(`/v1/dossiers/${code}/forms/stop-notice`, { 'x-dossier-token': token });
    expect(stop.status).toBe(200);
    const notice = pdfText(stop.bytes).replace(/\s+/g, ' ');
    for (const s of ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Mẫu số 05', 'Nguyễn Thị Hoa', code, 'Chờ kết luận của cơ quan điều tra', 'Trần Văn E', 'ngày 02/12/2026']) expect(notice).toContain(s);
  });
});

describe('the fee receipt (clock Wed 02/12/2026 09:00)', () => {
  it('prints series, number, payer, lines and total in VND for a cash payment at the counter', async () => {
    const clerk = bearer(await clerkToken('bd-iagrai'));
    const created = await http('POST', '/v1/counter/dossiers', { body: { ...dossierBody(), resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' } }, headers: { ...clerk, 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    const code = created.body.code as string;
    const request = (await http('GET', `/v1/counter/dossiers/${code}`, { headers: clerk })).body.payments.requests[0];
    const receipt = (await http('POST', `/v1/counter/dossiers/${code}/payments`, { body: { requestId: request.id, amount: 200000 }, headers: { ...clerk, 'idempotency-key': randomUUID() } })).body;

    const res = await getPdf(`/v1/dossiers/${code}/forms/fee-receipt-${receipt.id}`, { 'x-dossier-token': created.body.accessToken });
    expect([res.status, res.type]).toEqual([200, 'application/pdf']);
    const text = pdfText(res.bytes);
    for (const s of ['BIÊN LAI THU PHÍ, LỆ PHÍ', receipt.series, receipt.number, 'Nguyễn Thị Hoa', code, '200.000 ₫', 'Tiền mặt', 'ngày 02/12/2026']) expect(text).toContain(s);
    expect(qrCodesOf(res.bytes)).toEqual([`https://motcua.gialai.vn/t/${await refOf(code)}`]);
    // Another dossier's receipt number is not this dossier's paper.
    expect((await getPdf(`/v1/dossiers/${code}/forms/fee-receipt-B2026-nobody-0000001`, { 'x-dossier-token': created.body.accessToken })).status).toBe(404);
  });
});
