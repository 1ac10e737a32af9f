import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { dueDate, endOfOfficeHours, isWorkingDay, localDate, nextWorkingDay, workingTimeBetween } from '../../shared/domain/calendar.ts';
import { dossierCodePattern, dossierRefPattern, localDay } from '../../shared/domain/dossier.ts';
import { db, dossiersOf, dossiersTable, http } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';
import { createSubmitAndReceive, slotState, uploadScan } from '../support/documents.ts';

/** The day counter of a receiving unit: it moves only when a dossier is received. */
async function counter(unitCode: string): Promise<number> {
  const out = await db.send(new GetCommand({ TableName: dossiersTable, Key: { pk: `COUNTER#${unitCode}#${localDay(new Date())}`, sk: 'COUNTER' } }));
  return Number(out.Item?.seq ?? 0);
}
/** The province's public administration service centre receives the criminal-record certificate (a department's procedure). */
const centre = '000.00.00.H21';

describe('submitting a dossier (POST /v1/dossiers)', () => {
  it('creates a draft with its own reference, no dossier code, its status and access token', async () => {
    const before = await counter(centre);
    const res = await http('POST', '/v1/dossiers', { body: dossierBody() });
    expect(res.status).toBe(201);
    expect(res.body.ref).toMatch(dossierRefPattern);
    expect(res.body.code).toBeUndefined();
    expect(await counter(centre)).toBe(before);
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 'draft',
        statusLabel: 'Nháp, chưa nộp',
        agency: { id: 'gl-stp', name: 'Sở Tư pháp tỉnh Gia Lai' },
        receivingUnit: { id: 'ttphcc-gialai', name: 'Trung tâm Phục vụ hành chính công tỉnh Gia Lai' },
      }),
    );
    expect(res.body.documents).toEqual([
      { id: 'doc-1', name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', mandatory: true },
      { id: 'doc-2', name: 'Bản chụp Căn cước công dân', mandatory: true },
      { id: 'doc-3', name: 'Bản chụp giấy tờ chứng minh nơi thường trú hoặc tạm trú', mandatory: false },
      { id: 'extra-1', name: 'Giấy tờ bổ sung 1', mandatory: false },
      { id: 'extra-2', name: 'Giấy tờ bổ sung 2', mandatory: false },
      { id: 'extra-3', name: 'Giấy tờ bổ sung 3', mandatory: false },
    ]);
    expect(res.body.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  // Runs on today's date (the real clock): the code carries that date, and the expected appointment is computed from the receipt instant.
  it('gives the criminal-record certificate its appointment in calendar days from reception, and tracking counts the working time left in whole minutes', async () => {
    const { received: accepted, ref } = await createSubmitAndReceive(dossierBody());
    const res = { body: accepted.body.dossier };
    expect(res.body.code).toMatch(dossierCodePattern);
    expect(res.body.code.startsWith(`${centre}-${localDay(new Date(res.body.receivedAt))}-`)).toBe(true);
    expect((await http('GET', `/v1/dossiers/${ref}`)).body.code).toBe(res.body.code);
    const calendar = vietnamCalendar();
    const received = new Date(res.body.receivedAt);
    // 10 calendar days from the day after receipt, weekends and holidays included; a last day off moves to the next working day; the desk closes at 17:30.
    const tenth = new Date(Date.parse(`${localDate(received, calendar)}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    const lastDay = isWorkingDay(tenth, calendar) ? tenth : nextWorkingDay(tenth, calendar);
    expect(res.body.dueAt).toBe(endOfOfficeHours(lastDay, calendar).toISOString());
    expect(res.body.dueAt).toBe(dueDate(received, { processingUnit: 'calendar-days', processingDays: 10 }, calendar).toISOString());
    const before = new Date();
    const tracked = await http('GET', `/v1/dossiers/${res.body.code}`);
    const after = new Date();
    expect(tracked.body.dueAt).toBe(res.body.dueAt);
    const { workingMinutes, workingDays } = tracked.body.remaining;
    expect(Number.isInteger(workingMinutes)).toBe(true);
    expect(workingMinutes).toBeLessThanOrEqual(Math.floor(workingTimeBetween(before, new Date(res.body.dueAt), calendar)));
    expect(workingMinutes).toBeGreaterThanOrEqual(Math.floor(workingTimeBetween(after, new Date(res.body.dueAt), calendar)));
    expect(workingDays).toBe(workingMinutes / 480);
    expect(tracked.body.remaining.overdue).toBe(false);
    expect(tracked.body.remaining.text).toMatch(/^còn \d+ ngày/);
  });

  it('shows the applicant only to whoever holds the access token', async () => {
    const created = await http('POST', '/v1/dossiers', { body: dossierBody({ fullName: 'Rơ Châm  Hyun', cccd: '064190012345', phone: '+84 352 123 456' }) });
    const anonymous = await http('GET', `/v1/dossiers/${created.body.ref}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.applicant).toBeUndefined();
    expect(JSON.stringify(anonymous.body)).not.toContain('064190012345');
    expect(anonymous.body.timeline).toEqual([expect.objectContaining({ type: 'dossier.created', label: 'Đã tạo hồ sơ' })]);

    const wrong = await http('GET', `/v1/dossiers/${created.body.ref}`, { headers: { 'x-dossier-token': 'x'.repeat(43) } });
    expect(wrong.body.applicant).toBeUndefined();

    const owner = await http('GET', `/v1/dossiers/${created.body.ref}`, { headers: { 'x-dossier-token': created.body.accessToken } });
    expect(owner.body.applicant).toEqual(
      expect.objectContaining({ fullName: 'Rơ Châm Hyun', cccd: '064190012345', phone: '+84352123456', address: expect.objectContaining({ unitPath: 'Xã Ia Tô, Huyện Ia Grai, Tỉnh Gia Lai' }) }),
    );
  });

  it('answers an unknown dossier code with 404 problem+json', async () => {
    const res = await http('GET', '/v1/dossiers/000.00.08.H21-200101-0001');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  describe('bad input: 400 problem+json naming the field, and nothing written', () => {
    const cases: [string, unknown, string][] = [
      ['an unknown procedure', dossierBody({ procedureId: 'khong-co' }), 'procedureId'],
      ['a CCCD with 11 digits', dossierBody({ cccd: '06419001234' }), 'applicant.cccd'],
      ['a CCCD from a province that does not exist', dossierBody({ cccd: '065190012345' }), 'applicant.cccd'],
      ['a landline instead of a mobile', dossierBody({ phone: '02693822222' }), 'applicant.phone'],
      ['a commune procedure where no commune agency is known', dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '23550' }), 'applicant.address.unitId'],
      ['a unit that does not exist', dossierBody({ unitId: '99999' }), 'applicant.address.unitId'],
      ['a missing full name', { ...dossierBody(), applicant: { ...dossierBody().applicant, fullName: undefined } }, 'applicant.fullName'],
      ['an unknown way of returning the result', { ...dossierBody(), resultDelivery: { method: 'drone' } }, 'resultDelivery.method'],
    ];
    for (const [what, body, field] of cases)
      it(`rejects ${what}`, async () => {
        const res = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:validation', title: 'Dữ liệu không hợp lệ', status: 400, field }));
        expect(res.body.errors).toContainEqual({ field, message: expect.any(String) });
        const applicant = (body as { applicant?: { cccd?: string; phone?: string } }).applicant;
        if (applicant?.cccd) expect(await dossiersOf(applicant)).toBe(0);
      });

    it('rejects a body that is not JSON', async () => {
      const res = await http('POST', '/v1/dossiers', { body: '{"procedureId": ', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe('body');
    });

    it('lists every failing field at once', async () => {
      const res = await http('POST', '/v1/dossiers', { body: dossierBody({ cccd: '1', phone: '2' }) });
      expect(res.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['applicant.cccd', 'applicant.phone']));
    });
  });
});

describe('Idempotency-Key on POST /v1/dossiers', () => {
  it('makes one dossier for the same POST sent twice with one key', async () => {
    const key = randomUUID();
    const body = dossierBody();
    const first = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    const again = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await dossiersOf(body.applicant)).toBe(1);
  });

  it('makes two dossiers for two different keys', async () => {
    const a = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': randomUUID() } });
    const b = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': randomUUID() } });
    expect(a.body.ref).not.toBe(b.body.ref);
  });

  it('refuses a key reused for a different dossier with 422', async () => {
    const key = randomUUID();
    await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': key } });
    const other = await http('POST', '/v1/dossiers', { body: dossierBody({ fullName: 'Người Khác' }), headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:motcua:problem:idempotency-key-reused');
  });

  it('lets a client fix a rejected request and retry with the same key', async () => {
    const key = randomUUID();
    const bad = await http('POST', '/v1/dossiers', { body: dossierBody({ phone: '123' }), headers: { 'idempotency-key': key } });
    expect(bad.status).toBe(400);
    const good = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': key } });
    expect(good.status).toBe(201);
  });

  it('gives distinct references to 40 concurrent submissions', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => http('POST', '/v1/dossiers', { body: dossierBody() })));
    expect(results.map((r) => r.status)).toEqual(Array(40).fill(201));
    expect(new Set(results.map((r) => r.body.ref)).size).toBe(40);
  });
});

describe('Idempotency-Key scope', () => {
  /** A draft whose mandatory scans are verified, ready to submit. */
  async function readyDraft() {
    const created = await http('POST', '/v1/dossiers', { body: dossierBody() });
    const token = created.body.accessToken as string;
    for (const slot of created.body.documents.filter((d: any) => d.mandatory)) {
      await uploadScan(created.body.ref, slot.id, token);
      await slotState(created.body.ref, slot.id, { 'x-dossier-token': token });
    }
    return { code: created.body.ref as string, token };
  }

  it('refuses a key reused on another dossier instead of replaying the first answer', async () => {
    const a = await readyDraft();
    const b = await readyDraft();
    const key = randomUUID();
    const first = await http('POST', `/v1/dossiers/${a.code}/submit`, { headers: { 'x-dossier-token': a.token, 'idempotency-key': key } });
    const other = await http('POST', `/v1/dossiers/${b.code}/submit`, { headers: { 'x-dossier-token': b.token, 'idempotency-key': key } });
    expect(first.status).toBe(200);
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:motcua:problem:idempotency-key-reused');
    expect((await http('GET', `/v1/dossiers/${b.code}`)).body.status).toBe('draft');
  });
});
