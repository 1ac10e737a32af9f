/**
 * Issue 9 (items 5, 6, 7, 9): every decision names the form it produces in the regime of the
 * dossier's receipt date; an agency stops and resumes; extensions are bounded; and the applicant
 * (with the dossier token) reads what was decided, while anyone else sees the status and dates.
 * Runs on the machine's real date (December 2026 when written): dossiers are received today,
 * under Circular 03/2025/TT-VPCP, except where a test moves the receipt date back to 01/09/2025
 * in the table (said there).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { addWorkingDays, dueDate, endOfOfficeHours, isWorkingDay, localDate, nextWorkingDay } from '../../shared/domain/calendar.ts';
import { province } from '../../shared/province/index.ts';
import { db, dossiersTable, eventually, http, refOf } from '../support/cloud.ts';
import { createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken } from '../support/tokens.ts';

const calendar = vietnamCalendar();
const procedureId = 'ltp-cap-phieu';
const procedure = province().procedures.get(procedureId)!;
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const decide = (code: string, jwt: string, body: unknown) =>
  http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...bearer(jwt), 'idempotency-key': randomUUID() } });
const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: { 'x-dossier-token': token } } : {});
const agencyView = (code: string, jwt: string) => http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(jwt) });
const dossierItem = async (code: string) => (await db.send(new GetCommand({ TableName: dossiersTable, Key: { pk: `DOSSIER#${await refOf(code)}`, sk: 'DOSSIER' }, ConsistentRead: true }))).Item!;
const setFields = async (code: string, fields: Record<string, unknown>) =>
  db.send(
    new UpdateCommand({
      TableName: dossiersTable,
      Key: { pk: `DOSSIER#${await refOf(code)}`, sk: 'DOSSIER' },
      UpdateExpression: `SET ${Object.keys(fields).map((k, i) => `#f${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(fields).map((k, i) => [`#f${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(Object.values(fields).map((v, i) => [`:v${i}`, v])),
    }),
  );

/** A dossier of ltp-cap-phieu (gl-stp) that the agency has taken up. */
async function processing() {
  const submitted = await createSubmitAndReceive(dossierBody({ procedureId }));
  await eventually(async () => ((await track(submitted.code)).body.routedAt ? true : undefined));
  const stp = await agencyToken('gl-stp');
  expect((await decide(submitted.code, stp, { type: 'accept' })).status).toBe(200);
  return { ...submitted, stp };
}

const current = { regime: '03/2025/TT-VPCP' };
const decisionsOf = (body: any) => body.decisions as any[];

describe('every decision names its form, in the one regime of the receipt date', () => {
  it('names 03/2025 forms for a dossier received today: supplement request 02, stop notice 05, extension letter 04', async () => {
    // prepare
    const { code, token, stp } = await processing();
    const due = localDate(new Date((await track(code)).body.dueAt), calendar);

    // act
    expect((await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: addWorkingDays(due, 2, calendar), signer: 'Lê Thị C' })).status).toBe(200);
    expect((await decide(code, stp, { type: 'request-supplement', items: [{ document: 'Tờ khai', reason: 'Thiếu chữ ký' }], officer: 'Nguyễn Văn B' })).status).toBe(200);
    expect((await decide(code, stp, { type: 'stop', reason: 'Chờ kết luận của cơ quan điều tra', signer: 'Trần Văn E' })).status).toBe(200);

    // assess
    const forms = decisionsOf((await track(code, token)).body).map((d) => [d.type, d.form]);
    expect(forms).toEqual([
      ['dossier.extended', { ...current, number: '04', title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết' }],
      ['dossier.supplement-requested', { ...current, number: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' }],
      ['dossier.stopped', { ...current, number: '05', title: 'Thông báo dừng giải quyết hồ sơ' }],
    ]);
  });

  it('names 01/2018 forms for a dossier received on 01/09/2025 (receipt date set in the table), never a 03/2025 one', async () => {
    // prepare: the dossier was received on Mon 01/09/2025, before Circular 03/2025 took effect (15/09/2025).
    const { code, token, stp } = await processing();
    await setFields(code, { receivedAt: '2025-09-01T02:00:00.000Z' });
    const due = localDate(new Date((await track(code)).body.dueAt), calendar);

    // act
    expect((await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: addWorkingDays(due, 1, calendar), signer: 'Lê Thị C' })).status).toBe(200);
    expect((await decide(code, stp, { type: 'stop', reason: 'Chờ kết luận của cơ quan điều tra', signer: 'Trần Văn E' })).status).toBe(200);

    // assess
    const forms = decisionsOf((await track(code, token)).body).map((d) => d.form);
    expect(forms).toEqual([
      { regime: '01/2018/TT-VPCP', number: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' },
      { regime: '01/2018/TT-VPCP', number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
    ]);
  });
});

describe('an agency stops processing and resumes it', () => {
  it('stops with a notice (reason, signer), freezes the clock, and on resuming adds the days it was stopped to the due date (calendar days for this procedure)', async () => {
    // prepare
    const { code, token, stp } = await processing();
    const dueBefore: string = (await track(code)).body.dueAt;

    // act
    const stopped = await decide(code, stp, { type: 'stop', reason: 'Chờ kết luận của cơ quan điều tra', legalBasis: 'Điều 9 Nghị định 118/2025/NĐ-CP', signer: 'Trần Văn E' });
    // The stop began three days ago (moved back in the table) so that it holds working time.
    const item = await dossierItem(code);
    const stoppedFrom = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await setFields(code, { pauses: item.pauses.map((p: any) => (p.reason === 'stopped' && !p.to ? { ...p, from: stoppedFrom } : p)) });
    const whileStopped = (await track(code, token)).body;
    const resumed = await decide(code, stp, { type: 'resume', reason: 'Đã có kết luận của cơ quan điều tra', signer: 'Trần Văn E' });

    // assess
    expect(stopped.status).toBe(200);
    expect(whileStopped.status).toBe('stopped');
    expect(whileStopped.statusLabel).toBe('Dừng xử lý');
    expect(decisionsOf(whileStopped).at(-1)).toEqual(
      expect.objectContaining({ type: 'dossier.stopped', reason: 'Chờ kết luận của cơ quan điều tra', legalBasis: 'Điều 9 Nghị định 118/2025/NĐ-CP', signer: 'Trần Văn E' }),
    );
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('processing');
    const resumeAt = new Date(resumed.body.timeline.find((e: any) => e.type === 'dossier.resumed').at);
    // Stopped three calendar days (the dates in Vietnam): the date moves three days, to a working day's close.
    const days = (Date.parse(localDate(resumeAt, calendar)) - Date.parse(localDate(new Date(stoppedFrom), calendar))) / 86_400_000;
    expect(days).toBe(3);
    let day = new Date(Date.parse(localDate(new Date(dueBefore), calendar)) + days * 86_400_000).toISOString().slice(0, 10);
    while (!isWorkingDay(day, calendar)) day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const expected = endOfOfficeHours(day, calendar).toISOString();
    expect(resumed.body.dueAt).toBe(expected);
    expect(decisionsOf(resumed.body).at(-1)).toEqual(expect.objectContaining({ type: 'dossier.resumed', previousDueAt: dueBefore, newDueAt: expected, signer: 'Trần Văn E' }));
  });
});

describe('extensions are bounded', () => {
  it('refuses 2099 and the first working day past one processing time again with 409 extension-not-allowed, and writes nothing', async () => {
    // prepare
    const { code, stp } = await processing();
    const dueBefore: string = (await track(code)).body.dueAt;
    const latest = localDate(dueDate(new Date(dueBefore), procedure, calendar), calendar);
    const versionBefore = (await dossierItem(code)).version;

    // act
    const farAway = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: '2099-12-31', signer: 'Lê Thị C' });
    const justPast = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: nextWorkingDay(latest, calendar), signer: 'Lê Thị C' });
    const unchanged = await dossierItem(code);
    const atBound = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: latest, signer: 'Lê Thị C' });

    // assess
    for (const refused of [farAway, justPast]) {
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.body.type).toBe('urn:motcua:problem:extension-not-allowed');
      expect(refused.body.field).toBe('newDueDate');
      expect(refused.body.detail).toMatch(/quá giới hạn gia hạn/);
    }
    expect([unchanged.version, unchanged.dueAt]).toEqual([versionBefore, dueBefore]);
    expect(atBound.status).toBe(200);
    expect(localDate(new Date(atBound.body.dueAt), calendar)).toBe(latest);
  });

  it('takes the apology of a late dossier (due date moved into the past in the table) to a new date ahead, marked late; a new date already past is refused', async () => {
    // prepare
    const { code, stp } = await processing();
    // The last working day before today (its office hours are over), and a due date a week before it.
    let before = new Date(Date.now() - 86_400_000);
    while (!isWorkingDay(before, calendar)) before = new Date(before.getTime() - 86_400_000);
    const yesterday = localDate(before, calendar);
    const past = new Date(before.getTime() - 7 * 86_400_000);
    await setFields(code, { dueAt: past.toISOString() });

    // act
    const behind = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: yesterday, signer: 'Lê Thị C' });
    const ahead = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: addWorkingDays(localDate(new Date(), calendar), 2, calendar), signer: 'Lê Thị C' });

    // assess: the past date is refused, naming the rule; the one ahead is the apology its lateness made due.
    expect(behind.status).toBe(409);
    expect(behind.body.type).toBe('urn:motcua:problem:extension-not-allowed');
    expect(behind.body.detail).toMatch(/phải sau thời điểm hiện tại/);
    expect(ahead.status).toBe(200);
    const extended = (await track(code)).body.timeline.filter((e: any) => e.type === 'dossier.extended');
    expect(extended).toHaveLength(1);
    const item = await dossierItem(code);
    expect(item.extensions[0].previousDueAt).toBe(past.toISOString());
    expect(Date.parse(item.dueAt)).toBeGreaterThan(Date.now());
  });

  it('asks a reason of its own for a second extension', async () => {
    // prepare
    const { code, stp } = await processing();
    const due = localDate(new Date((await track(code)).body.dueAt), calendar);
    const reason = 'Cần xác minh thêm tại địa phương';
    expect((await decide(code, stp, { type: 'extend', reason, newDueDate: addWorkingDays(due, 1, calendar), signer: 'Lê Thị C' })).status).toBe(200);

    // act
    const same = await decide(code, stp, { type: 'extend', reason, newDueDate: addWorkingDays(due, 2, calendar), signer: 'Lê Thị C' });
    const own = await decide(code, stp, { type: 'extend', reason: 'Chờ kết quả xác minh của Công an tỉnh', newDueDate: addWorkingDays(due, 2, calendar), signer: 'Lê Thị C' });

    // assess
    expect(same.status).toBe(400);
    expect(same.body.field).toBe('reason');
    expect(own.status).toBe(200);
    expect(decisionsOf(own.body).filter((d) => d.type === 'dossier.extended').map((d) => d.reason)).toEqual([reason, 'Chờ kết quả xác minh của Công an tỉnh']);
  });
});

describe('the applicant is told what was decided', () => {
  it('shows, with the token and to staff, what to add and why, and an extension’s old and new dates with the apology; without it, the dates only', async () => {
    // prepare
    const { code, token, stp } = await processing();
    const dueBefore: string = (await track(code)).body.dueAt;
    const newDay = addWorkingDays(localDate(new Date(dueBefore), calendar), 2, calendar);
    const dd = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

    // act
    const extended = await decide(code, stp, { type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: newDay, signer: 'Lê Thị C' });
    await decide(code, stp, { type: 'request-supplement', items: [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }], officer: 'Nguyễn Văn B' });
    const withToken = decisionsOf((await track(code, token)).body);
    const staff = decisionsOf((await agencyView(code, stp)).body);
    const anyone = decisionsOf((await track(code)).body);

    // assess
    const newDueAt = extended.body.dueAt;
    expect(withToken[0]).toEqual(
      expect.objectContaining({
        type: 'dossier.extended',
        previousDueAt: dueBefore,
        newDueAt,
        reason: 'Cần xác minh thêm tại địa phương',
        signer: 'Lê Thị C',
        apology: expect.stringContaining(`xin lỗi ông/bà vì chưa trả được kết quả vào ngày hẹn ${dd(localDate(new Date(dueBefore), calendar))} và hẹn lại ngày trả kết quả là ${dd(newDay)}`),
      }),
    );
    expect(withToken[1]).toEqual(
      expect.objectContaining({ type: 'dossier.supplement-requested', items: [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }], signer: 'Nguyễn Văn B' }),
    );
    expect(staff).toEqual(withToken);
    expect(anyone.map((d) => Object.keys(d).sort())).toEqual([
      ['at', 'agency', 'form', 'label', 'newDueAt', 'previousDueAt', 'type'].sort(),
      ['at', 'agency', 'form', 'label', 'type'].sort(),
    ]);
    expect(JSON.stringify((await track(code)).body)).not.toMatch(/Ảnh mờ|xác minh thêm|Lê Thị C|Nguyễn Văn B/);
  });

  it('shows the reasons and legal basis of a refusal with the token, and none of it without', async () => {
    // prepare
    const submitted = await createSubmitAndReceive(dossierBody({ procedureId }));
    await eventually(async () => ((await track(submitted.code)).body.routedAt ? true : undefined));
    const refusal = { type: 'reject', reason: 'Người yêu cầu không thuộc đối tượng được cấp Phiếu', legalBasis: 'Điều 7 Luật Lý lịch tư pháp 2009', officer: 'Trần Thị C' };

    // act
    expect((await decide(submitted.code, await agencyToken('gl-stp'), refusal)).status).toBe(200);

    // assess
    const withToken = decisionsOf((await track(submitted.code, submitted.token)).body);
    expect(withToken).toEqual([
      expect.objectContaining({
        type: 'dossier.refused',
        form: { ...current, number: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
        reason: refusal.reason,
        legalBasis: refusal.legalBasis,
        signer: 'Trần Thị C',
      }),
    ]);
    const anyone = decisionsOf((await track(submitted.code)).body);
    expect(anyone).toEqual([expect.not.objectContaining({ reason: expect.anything() })]);
    expect(JSON.stringify(anyone)).not.toMatch(/Lý lịch tư pháp 2009|không thuộc đối tượng/);
  });
});
