/**
 * The deadline watch end to end (issue 14, item 1, its first check): dossiers of a 3-working-day
 * procedure received on Mon 07/12/2026 at 15:59 fall due on Thu 10/12/2026 at 16:00; the
 * cloud's clock is moved through that Thursday (and Friday 11/12/2026 08:00) and the
 * `deadline-reminders` schedule is run at each step, as its timer also does on every jump. The
 * clock runs at real pace from each setting; it is put back after the test.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { workingTimeBetween } from '../../shared/domain/calendar.ts';
import { warningAt } from '../../shared/domain/deadline-watch.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { api, cloud, db, dossiersTable, eventually, http, refOf } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { completeAtAgency, createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor } from '../support/queues.ts';
import { agencyToken } from '../support/tokens.ts';

afterEach(resetClock);

const calendar = vietnamCalendar();
const agencyId = 'gl-skhdt';
const procedureId = 'dkdn-thanh-lap-dntn';
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const adminToken = () => signToken(cloud.dataDir, { sub: 'so-noi-vu-gia-lai', token_use: 'id', 'cognito:groups': ['admin'] });
const track = (code: string, token: string) => http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
const timelineOf = async (code: string, token: string, type: string) => ((await track(code, token)).body.timeline as any[]).filter((e) => e.type === type);
const sweep = () => http('POST', '/_local/schedules/deadline-reminders');
/** Runs the sweep twice at the clock's time; answers the dossier's events of `type` once written (the timer's own run on the jump may be the one). */
const sweepTwice = async (code: string, token: string, type: string) => {
  await sweep();
  await sweep();
  return eventually(async () => {
    const found = await timelineOf(code, token, type);
    return found.length > 0 ? found : undefined;
  });
};
const escalations = async (query = '') => http('GET', `/v1/admin/escalations${query}`, { headers: bearer(await adminToken()) });
const gatewayFor = async (phone: string) => ((await (await fetch(`${api}/_local/sms?phone=${encodeURIComponent(phone)}`)).json()) as { messages: any[] }).messages;
/** Vietnam wall time of an instant, "dd/mm HH:MM". */
const wall = (iso: string) => {
  const vn = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${vn.slice(8, 10)}/${vn.slice(5, 7)} ${vn.slice(11, 16)}`;
};
const reasons = (messages: { Body?: string }[]) => messages.map((m) => JSON.parse(m.Body!)).filter((e) => e.type === 'dossier.reminder').map((e) => String(e.reason));

describe('the deadline watch (clock: Mon 07/12/2026 15:59 → Thu 10/12/2026 16:00 → Fri 11/12/2026 08:00 → Mon 14/12/2026 08:00)', () => {
  it('warns at the time the calendar gives (11:00, lunch excluded), marks late at 16:00, lists the late dossier at once, drops it once given its apology or settled', async () => {
    // Prepare: two dossiers received Mon 07/12/2026 15:59, due Thu 10/12/2026 16:00.
    await setClock('2026-12-07T15:59:00+07:00');
    const bodyA = dossierBody({ procedureId });
    const a = await createSubmitAndReceive(bodyA);
    const b = await createSubmitAndReceive(dossierBody({ procedureId }));
    // C: late like A, then given its apology (form 04) after the due time.
    const c = await createSubmitAndReceive(dossierBody({ procedureId }));
    const dueAt = a.received.body.form.dueAt as string;
    expect(wall(dueAt)).toBe('10/12 16:00');
    expect(b.received.body.form.dueAt).toBe(dueAt);
    const url = await agencyQueueUrl(agencyId);
    await eventually(async () => ((await track(a.code, a.token)).body.routedAt && (await track(b.code, b.token)).body.routedAt && (await track(c.code, c.token)).body.routedAt ? true : undefined), 30_000);
    await collectFor(url, a.code);
    const jwt = await agencyToken(agencyId);
    const decide = (code: string, body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...bearer(jwt), 'idempotency-key': randomUUID() } });
    expect((await decide(b.code, { type: 'accept' })).status).toBe(200);
    expect((await decide(c.code, { type: 'accept' })).status).toBe(200);

    // The calendar puts the warning at 11:00 (16:00 less 2 h 30 on the afternoon, 30 min before
    // the 11:30 lunch break), not the 13:00 of the example, which counts lunch as 1 hour.
    const warnAt = warningAt(new Date(dueAt), calendar);
    expect(wall(warnAt.toISOString())).toBe('10/12 11:00');

    // Act + assess: a minute before, no warning.
    await setClock('2026-12-10T10:59:00+07:00');
    expect((await sweep()).body.warned).not.toContain(a.code);
    expect(await timelineOf(a.code, a.token, 'dossier.overdue-warning')).toHaveLength(0);

    // At 11:00: one warning per dossier, however often the sweep runs.
    await setClock('2026-12-10T11:00:00+07:00');
    const [warning] = await sweepTwice(a.code, a.token, 'dossier.overdue-warning');
    expect(await timelineOf(a.code, a.token, 'dossier.overdue-warning')).toHaveLength(1);
    expect(Date.parse(warning.at) - warnAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(Date.parse(warning.at) - warnAt.getTime()).toBeLessThan(60_000);
    expect(await timelineOf(b.code, b.token, 'dossier.overdue-warning')).toHaveLength(1);

    // The agency hears of it as a reminder that says 3 working hours are left.
    const told = reasons(await collectFor(url, a.code, { quietMs: 2000 }));
    expect(told.filter((r) => r.startsWith('Cảnh báo'))).toEqual([`Cảnh báo: hồ sơ ${a.code} còn 3 giờ làm việc đến hạn trả kết quả (hạn 16:00 ngày 10/12/2026)`]);

    // The citizen gets the overdue-warning SMS once: unaccented GSM-7, one segment.
    const sms = await eventually(async () => {
      const found = ((await track(a.code, a.token)).body.sms as any[]).filter((s) => s.scenario === 'overdue-warning');
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(sms[0].text).toMatch(new RegExp(`^Ho so ${a.code.replace(/\./g, '\\.')} \\(.+\\) den han tra ket qua luc 16:00 ngay 10/12/2026\\.$`));
    const sent = await eventually(async () => {
      const found = (await gatewayFor(bodyA.applicant.phone)).filter((m) => m.text === sms[0].text);
      return found.length > 0 ? found : undefined;
    }, 30_000);
    expect(sent).toHaveLength(1);

    // The agency extends dossier B before its due time (apology and new appointment, form 04).
    expect((await decide(b.code, { type: 'extend', reason: 'Cần xác minh thêm thông tin đăng ký', newDueDate: '2026-12-11', signer: 'Lê Thị C' })).status).toBe(200);

    // A minute before the due time: not late.
    await setClock('2026-12-10T15:59:00+07:00');
    expect((await sweep()).body.late).not.toContain(a.code);
    expect(await timelineOf(a.code, a.token, 'dossier.overdue')).toHaveLength(0);
    // The agency's due-soon list (within three working days, not late): A first, with under a minute left, then B.
    const soon = await http('GET', '/v1/agency/due-soon', { headers: bearer(jwt) });
    expect(soon.status).toBe(200);
    const soonCodes = soon.body.dossiers.map((d: any) => d.code);
    expect(soonCodes.indexOf(a.code)).toBeGreaterThanOrEqual(0);
    expect(soonCodes.indexOf(b.code)).toBeGreaterThan(soonCodes.indexOf(a.code));
    expect(soon.body.dossiers.find((d: any) => d.code === a.code)).toMatchObject({ dueAt, status: 'routed', leftWorkingMinutes: expect.any(Number) });
    expect(soon.body.dossiers.find((d: any) => d.code === a.code).leftWorkingMinutes).toBeLessThanOrEqual(1);
    expect(JSON.stringify((await http('GET', '/v1/agency/due-soon', { headers: bearer(await agencyToken('gl-stp')) })).body)).not.toContain(a.code);

    // At 16:00: A is late, once; B (extended to Fri 11/12/2026 17:30) is not.
    await setClock('2026-12-10T16:00:00+07:00');
    await sweepTwice(a.code, a.token, 'dossier.overdue');
    expect(await timelineOf(a.code, a.token, 'dossier.overdue')).toHaveLength(1);
    expect(await timelineOf(b.code, b.token, 'dossier.overdue')).toHaveLength(0);
    expect((await track(a.code, a.token)).body.status).toBe('routed');
    // Late is no longer "due soon": it moves to the escalation list.
    expect((await http('GET', '/v1/agency/due-soon', { headers: bearer(jwt) })).body.dossiers.map((d: any) => d.code)).not.toContain(a.code);
    // Late at 16:00, A and C are on the escalation list at once (B is not).
    const atDue = (await escalations(`?agencyId=${agencyId}`)).body.agencies.find((g: any) => g.agencyId === agencyId).dossiers.map((d: any) => d.code);
    expect(atDue).toEqual(expect.arrayContaining([a.code, c.code]));
    expect(atDue).not.toContain(b.code);
    const late = reasons(await collectFor(url, a.code, { quietMs: 2000 }));
    expect(late).toEqual([`Hồ sơ ${a.code} đã quá hạn trả kết quả (hạn 16:00 ngày 10/12/2026): cần văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04, 03/2025/TT-VPCP)`]);

    // The escalation list, next morning (Fri 11/12/2026 08:00): A, 2 working hours late, no apology.
    await setClock('2026-12-11T08:00:00+07:00');
    const listed = await escalations(`?agencyId=${agencyId}`);
    expect(listed.status).toBe(200);
    const mine = listed.body.agencies.find((g: any) => g.agencyId === agencyId);
    const entry = mine.dossiers.find((d: any) => d.code === a.code);
    expect(entry).toMatchObject({ procedureId, dueAt, earlierApologies: 0, apologyText: 'chưa có văn bản xin lỗi, hẹn lại (mẫu 04)', status: 'routed' });
    expect(entry.lateWorkingMinutes).toBe(Math.ceil(workingTimeBetween(new Date(dueAt), new Date(listed.body.at), calendar)));
    expect(entry.lateWorkingMinutes).toBeGreaterThanOrEqual(120);
    expect(entry.lateWorkingMinutes).toBeLessThan(125);
    expect(mine.dossiers.map((d: any) => d.code)).not.toContain(b.code);
    // Oldest due first.
    const dues = mine.dossiers.map((d: any) => Date.parse(d.dueAt));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    // The agency sees the same entry in its own list, and another agency does not.
    const own = await http('GET', '/v1/agency/escalations', { headers: bearer(jwt) });
    expect(own.status).toBe(200);
    expect(own.body.agencies.map((g: any) => g.agencyId)).toEqual([agencyId]);
    expect(own.body.agencies[0].dossiers.find((d: any) => d.code === a.code)).toMatchObject({ earlierApologies: 0, dueAt });
    const other = await http('GET', '/v1/agency/escalations', { headers: bearer(await agencyToken('gl-stp')) });
    expect(JSON.stringify(other.body)).not.toContain(a.code);

    // C's apology with a new appointment, issued once it is late: allowed, marked late, and C
    // leaves the list (a late dossier without one is listed); A, still without one, stays.
    expect(mine.dossiers.map((d: any) => d.code)).toContain(c.code);
    const apology = await decide(c.code, { type: 'extend', reason: 'Hồ sơ cần xác minh tại cơ quan thuế', newDueDate: '2026-12-15', signer: 'Lê Thị C' });
    expect(apology.status).toBe(200);
    const extended = (await new DossierStore(db, dossiersTable).getWithEvents(await refOf(c.code)))!.events.filter((e) => e.type === 'dossier.extended');
    expect(extended.map((e) => e.data.late)).toEqual([true]);
    const afterApology = (await escalations(`?agencyId=${agencyId}`)).body.agencies.find((g: any) => g.agencyId === agencyId).dossiers.map((d: any) => d.code);
    expect(afterApology).toContain(a.code);
    expect(afterApology).not.toContain(c.code);

    // Settled (result ready): off the list.
    await completeAtAgency(a.code, agencyId, 'Đã cấp Giấy chứng nhận đăng ký doanh nghiệp');
    const after = await escalations(`?agencyId=${agencyId}`);
    expect((after.body.agencies.find((g: any) => g.agencyId === agencyId)?.dossiers ?? []).map((d: any) => d.code)).not.toContain(a.code);

    // Mon 14/12/2026 08:00: B, extended once to Fri 11/12/2026 17:30, is late again: listed, its
    // earlier apology counted, none for this lateness (form 04 is due again).
    await setClock('2026-12-14T08:00:00+07:00');
    const again = (await escalations(`?agencyId=${agencyId}`)).body.agencies.find((g: any) => g.agencyId === agencyId).dossiers.find((d: any) => d.code === b.code);
    expect(again).toMatchObject({ earlierApologies: 1, apologyText: 'chưa có văn bản xin lỗi, hẹn lại (mẫu 04); đã gia hạn 1 lần trước' });
  });

  it('refuses an unknown agency with a problem naming the field, and a caller who is not an administrator', async () => {
    const res = await escalations('?agencyId=khong-co-co-quan');
    expect(res.status).toBe(400);
    expect(res.body.field ?? JSON.stringify(res.body)).toContain('agencyId');
    const asAgency = await http('GET', '/v1/admin/escalations', { headers: bearer(await agencyToken(agencyId)) });
    expect(asAgency.status).toBe(403);
  });
});
