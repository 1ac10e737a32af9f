/**
 * SMS at every step (issue 11), end to end through the local cloud: dossier events become notices
 * (the outbox), the sms function sends them through the local SMS gateway, receipts come back by
 * webhook. Every test sets the clock (quiet hours are 21:00–07:00 in Vietnam, so the real time
 * would make the results depend on when the suite runs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addWorkingDays, localDate } from '../../shared/domain/calendar.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { api, eventually, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { completeAtAgency, createAndSubmit, createSubmitAndReceive, officerOf } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';
import { randomUUID } from 'node:crypto';

const calendar = vietnamCalendar();
const gatewayFor = async (phone: string) => ((await (await fetch(`${api}/_local/sms?phone=${encodeURIComponent(phone)}`)).json()) as { messages: any[] }).messages;
const faults = (rules: unknown) => fetch(`${api}/_local/sms/faults`, { method: 'PUT', body: JSON.stringify(rules) });
const track = (code: string, token: string) => http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
const ddmmyyyy = (iso: string) => localDate(new Date(iso), calendar).split('-').reverse().join('/');

afterEach(async () => {
  await resetClock();
  await fetch(`${api}/_local/sms/faults`, { method: 'DELETE' });
});

describe('SMS when a dossier is received online (clock set to Wed 02/12/2026 10:00, outside quiet hours)', () => {
  beforeEach(() => setClock('2026-12-02T10:00:00+07:00'));

  it('sends one unaccented GSM-7 message of one segment with the code and the appointment, and its receipt marks it delivered', async () => {
    const body = dossierBody();
    const { code, token, received } = await createSubmitAndReceive(body);
    const [message, ...more] = await eventually(async () => {
      const m = await gatewayFor(body.applicant.phone);
      return m.length ? m : undefined;
    }, 30_000);
    expect(more).toEqual([]);
    expect(message.text).toBe(`Ho so ${code} da duoc tiep nhan, hen tra ket qua ngay ${ddmmyyyy(received.body.form.dueAt)}. Tra cuu: https://motcua.gialai.vn/t/${received.body.form.ref}`);
    expect(message.encoding).toBe('GSM-7');
    expect(message.segments).toBe(1);
    const sms = await eventually(async () => {
      const s = (await track(code, token)).body.sms;
      return s?.[0]?.status === 'delivered' ? s : undefined;
    }, 20_000);
    expect(sms).toEqual([expect.objectContaining({ scenario: 'received-online', recipient: 'applicant', status: 'delivered', statusLabel: 'Đã nhận', to: expect.stringMatching(/^\*+\d{3}$/) })]);
    // Without the token: no SMS, no phone.
    expect((await http('GET', `/v1/dossiers/${code}`)).body.sms).toBeUndefined();
    // Whatever is retried, one message for this event.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await gatewayFor(body.applicant.phone)).toHaveLength(1);
  });

  it('fails over to the brandname gateway when AWS End User Messaging is down', async () => {
    await faults({ aws: { down: true } });
    const body = dossierBody();
    await createSubmitAndReceive(body);
    const [message] = await eventually(async () => {
      const m = await gatewayFor(body.applicant.phone);
      return m.length ? m : undefined;
    }, 30_000);
    expect(message.protocol).toBe('brandname');
  });

  it('survives a receipt that arrives before the send is recorded: held, then applied, the notice delivered', async () => {
    // The brandname gateway answers the receipt first and the send after (AWS is down, so it sends).
    await faults({ aws: { down: true }, brandname: { receiptFirst: true } });
    const body = dossierBody();
    const { code, token } = await createSubmitAndReceive(body);
    const [message] = await eventually(async () => {
      const m = await gatewayFor(body.applicant.phone);
      return m[0]?.receipt?.answered ? m : undefined;
    }, 30_000);
    expect([message.protocol, message.receipt.answered]).toEqual(['brandname', 200]);
    const [notice] = await eventually(async () => {
      const s = (await track(code, token)).body.sms;
      return s?.[0]?.status === 'delivered' ? s : undefined;
    }, 20_000);
    expect(notice.scenario).toBe('received-online');
  });

  it('never retries a number the provider refuses for good (permanent failure)', async () => {
    const body = dossierBody({ phone: '0900000004' });
    const { code, token } = await createSubmitAndReceive(body);
    const [notice] = await eventually(async () => {
      const s = (await track(code, token)).body.sms;
      return s?.[0]?.status === 'permanent-failure' ? s : undefined;
    }, 30_000);
    expect(notice.statusLabel).toBe('Không gửi được (số điện thoại không nhận tin)');
  });
});

describe('which events tell whom (clock set to Wed 02/12/2026 10:00)', () => {
  beforeEach(() => setClock('2026-12-02T10:00:00+07:00'));
  const scenariosOf = async (code: string, token: string, at = 1) =>
    eventually(async () => {
      const all = ((await track(code, token)).body.sms ?? []) as any[];
      return all.length >= at ? all.map((m) => m.scenario) : undefined;
    }, 20_000);

  it('tells a counter applicant of the reception only if asked, naming the desk', async () => {
    const asked = { ...dossierBody(), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' }, smsOptIn: true };
    const clerk = { authorization: `Bearer ${await clerkToken('bd-iagrai')}`, 'idempotency-key': randomUUID() };
    const created = await http('POST', '/v1/counter/dossiers', { body: asked, headers: clerk });
    expect(created.status).toBe(201);
    const [message] = await eventually(async () => {
      const m = await gatewayFor(asked.applicant.phone);
      return m.length ? m : undefined;
    }, 30_000);
    expect(message.text).toMatch(new RegExp(`^Ho so ${created.body.code.replace(/\./g, '\\.')} da duoc tiep nhan tai Buu dien huyen Ia Grai, hen tra ket qua ngay \\d{2}/\\d{2}/\\d{4}\\.$`));

    const silent = { ...asked, applicant: dossierBody().applicant, smsOptIn: false };
    const quiet = await http('POST', '/v1/counter/dossiers', { body: silent, headers: { ...clerk, 'idempotency-key': randomUUID() } });
    expect(quiet.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await gatewayFor(silent.applicant.phone)).toEqual([]);
  });

  it('tells the applicant of each decision once: supplement asked, apology with the new date, each within its segment budget', async () => {
    const { code, token } = await createSubmitAndReceive(dossierBody());
    await eventually(async () => ((await track(code, token)).body.routedAt ? true : undefined), 20_000);
    const stp = { authorization: `Bearer ${await agencyToken('gl-stp')}` };
    const decide = (body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...stp, 'idempotency-key': randomUUID() } });
    expect((await decide({ type: 'accept' })).status).toBe(200);
    expect((await decide({ type: 'request-supplement', items: [{ document: 'Tờ khai có chữ ký', reason: 'Tờ khai chưa ký' }], officer: 'Nguyễn Văn B' })).status).toBe(200);
    expect((await http('POST', `/v1/dossiers/${code}/supplement`, { headers: { 'x-dossier-token': token } })).status).toBe(200);
    const due = localDate(new Date((await track(code, token)).body.dueAt), calendar);
    const extended = await decide({ type: 'extend', reason: 'Cần xác minh thêm tại địa phương', newDueDate: addWorkingDays(due, 1, calendar), signer: 'Lê Thị C' });
    expect(extended.status).toBe(200);
    const sms = await eventually(async () => {
      const all = ((await track(code, token)).body.sms ?? []) as any[];
      return all.length >= 3 ? all : undefined;
    }, 20_000);
    expect(sms.map((m) => m.scenario)).toEqual(['received-online', 'supplement-requested', 'extended']);
    const apology = sms.find((m) => m.scenario === 'extended');
    // The apology keeps its diacritics (the template opts in to Unicode) and names both dates.
    expect(apology.encoding).toBe('UCS-2');
    expect(apology.text).toContain(`Hẹn lại ngày ${addWorkingDays(due, 1, calendar).split('-').reverse().join('/')}`);
    expect(apology.segments).toBeLessThanOrEqual(3);
    for (const m of sms.filter((x) => x.scenario !== 'extended')) expect([m.encoding, m.segments], m.scenario).toEqual(['GSM-7', 1]);
  });

  it('says "to verify" for a stop of kind verification, and "stopped" otherwise', async () => {
    const { code, token } = await createSubmitAndReceive(dossierBody());
    await eventually(async () => ((await track(code, token)).body.routedAt ? true : undefined), 20_000);
    const stp = { authorization: `Bearer ${await agencyToken('gl-stp')}` };
    const decide = (body: unknown) => http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...stp, 'idempotency-key': randomUUID() } });
    expect((await decide({ type: 'accept' })).status).toBe(200);
    expect((await decide({ type: 'stop', kind: 'verification', reason: 'Cần xác minh nơi cư trú', signer: 'Trần Văn E' })).status).toBe(200);
    expect(await scenariosOf(code, token, 2)).toEqual(['received-online', 'stopped-verification']);
  });
});

describe('every outcome tells the applicant once, in one GSM-7 segment (clock set to Wed 02/12/2026 10:00)', () => {
  beforeEach(() => setClock('2026-12-02T10:00:00+07:00'));
  const smsOf = async (code: string, token: string, scenario: string) =>
    eventually(async () => {
      const all = ((await track(code, token)).body.sms ?? []) as any[];
      return all.some((m) => m.scenario === scenario) ? all : undefined;
    }, 20_000);
  const only = (all: any[], scenario: string) => {
    const these = all.filter((m) => m.scenario === scenario);
    expect(these, scenario).toHaveLength(1);
    expect([these[0].encoding, these[0].segments], scenario).toEqual(['GSM-7', 1]);
    return these[0].text as string;
  };

  it('a refusal at reception names the procedure and where to read why', async () => {
    const { ref, token, created } = await createAndSubmit(dossierBody());
    const refused = await http('POST', `/v1/counter/dossiers/${ref}/refusal`, {
      body: { reasons: ['Hồ sơ không thuộc thẩm quyền tiếp nhận'], legalBasis: 'Khoản 3 Điều 19 Nghị định 61/2018/NĐ-CP', officer: 'Rơ Mah H’Lan' },
      headers: { ...(await officerOf(created.body.receivingUnit.id)), 'idempotency-key': randomUUID() },
    });
    expect(refused.status).toBe(200);
    const all = await smsOf(ref, token, 'refused');
    expect(all.map((m) => m.scenario)).toEqual(['refused']);
    expect(only(all, 'refused')).toBe(`Ho so ${ref} (Cap Phieu ly lich tu phap) khong duoc tiep nhan. Xem phieu tu choi va ly do: https://motcua.gialai.vn/t/${ref}`);
  });

  it('a result to collect at the counter names the service point', async () => {
    const body = { ...dossierBody(), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' } };
    const { code, token } = await createSubmitAndReceive(body);
    await completeAtAgency(code);
    const all = await smsOf(code, token, 'result-counter');
    expect(only(all, 'result-counter')).toBe(`Ho so ${code} da co ket qua. Moi ong/ba den nhan tai Buu dien huyen Ia Grai.`);
    expect(all.map((m) => m.scenario)).toEqual(['received-online', 'result-counter']);
  });

  it('an electronic result says where to download it, and the token holder can', async () => {
    const body = { ...dossierBody(), resultDelivery: { method: 'online' as const } };
    const { code, token, received } = await createSubmitAndReceive(body);
    await completeAtAgency(code);
    const all = await smsOf(code, token, 'result-online');
    expect(only(all, 'result-online')).toBe(`Ho so ${code} da co ket qua dien tu. Tai ve tai: https://motcua.gialai.vn/t/${received.body.form.ref}`);
    const link = await http('GET', `/v1/dossiers/${code}/results/result-1`, { headers: { 'x-dossier-token': token } });
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(/^http/);
    // Downloaded by its token holder, the electronic result has been handed over: returned, once.
    expect((await http('GET', `/v1/dossiers/${code}/results/result-1`, { headers: { 'x-dossier-token': token } })).status).toBe(200);
    const after = (await track(code, token)).body;
    expect(after.status).toBe('returned');
    expect(after.timeline.filter((e: any) => e.type === 'dossier.returned')).toHaveLength(1);
  });

  it('refuses an electronic result for a procedure that has none, naming the field', async () => {
    const body = { ...dossierBody({ procedureId: 'ho-tich-khai-sinh' }), resultDelivery: { method: 'online' as const } };
    const res = await http('POST', '/v1/dossiers', { body });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'resultDelivery.method' })]));
  });

  it('a stop and a withdrawal each tell the applicant once', async () => {
    const stoppedOne = await createSubmitAndReceive(dossierBody());
    await eventually(async () => ((await track(stoppedOne.code, stoppedOne.token)).body.routedAt ? true : undefined), 20_000);
    const stp = { authorization: `Bearer ${await agencyToken('gl-stp')}` };
    const decide = (body: unknown) => http('POST', `/v1/agency/dossiers/${stoppedOne.code}/decisions`, { body, headers: { ...stp, 'idempotency-key': randomUUID() } });
    expect((await decide({ type: 'accept' })).status).toBe(200);
    expect((await decide({ type: 'stop', kind: 'stop', reason: 'Có tranh chấp chưa giải quyết xong', signer: 'Trần Văn E' })).status).toBe(200);
    const stopped = await smsOf(stoppedOne.code, stoppedOne.token, 'stopped');
    expect(only(stopped, 'stopped')).toBe(`Ho so ${stoppedOne.code} bi dung xu ly. Xem thong bao dung xu ly va ly do: https://motcua.gialai.vn/t/${stoppedOne.received.body.form.ref}`);

    const withdrawnOne = await createSubmitAndReceive(dossierBody());
    await eventually(async () => ((await track(withdrawnOne.code, withdrawnOne.token)).body.routedAt ? true : undefined), 20_000);
    const clerk = { authorization: `Bearer ${await clerkToken('bd-iagrai')}`, 'idempotency-key': randomUUID() };
    const res = await http('POST', `/v1/counter/dossiers/${withdrawnOne.code}/withdrawal`, { body: { reason: 'Công dân không còn nhu cầu', requestSigned: true }, headers: clerk });
    expect(res.status).toBe(200);
    const withdrawn = await smsOf(withdrawnOne.code, withdrawnOne.token, 'withdrawn');
    expect(only(withdrawn, 'withdrawn')).toBe(`Ho so ${withdrawnOne.code} (Cap Phieu ly lich tu phap) da duoc rut theo yeu cau cua ong/ba.`);
    expect(withdrawn.map((m) => m.scenario)).toEqual(['received-online', 'withdrawn']);
  });
});

describe('the per-phone rate limit (clock set to Wed 02/12/2026 10:10)', () => {
  it('sends five SMS an hour to one phone and holds the sixth until the next hour, never dropping it', async () => {
    await setClock('2026-12-02T10:10:00+07:00');
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const dossiers: Awaited<ReturnType<typeof createSubmitAndReceive>>[] = [];
    for (let i = 0; i < 6; i++) dossiers.push(await createSubmitAndReceive(dossierBody({ phone })));
    const notices = await eventually(async () => {
      const all = (await Promise.all(dossiers.map(async (d) => (await track(d.code, d.token)).body.sms?.[0]))).filter(Boolean);
      return all.length === 6 && all.every((n: any) => n.status !== 'created') ? all : undefined;
    }, 30_000);
    const held = notices.filter((n: any) => n.status === 'deferred');
    expect(held).toHaveLength(1);
    // The window is the clock hour (03:00–04:00 UTC): the sixth waits for 11:00 in Vietnam.
    expect(held[0].sendAfter).toBe('2026-12-02T04:00:00.000Z');
    expect(await gatewayFor(phone)).toHaveLength(5);
    // The next hour, the sweep sends it.
    await setClock('2026-12-02T11:01:00+07:00');
    expect((await http('POST', '/_local/schedules/sms-deferred')).status).toBe(200);
    expect(await eventually(async () => ((await gatewayFor(phone)).length === 6 ? true : undefined), 20_000)).toBe(true);
  });
});

describe('quiet hours (clock set to 01/12/2026 22:30)', () => {
  it('defers a notice of 22:30 until 07:00, then sends it', async () => {
    await setClock('2026-12-01T22:30:00+07:00');
    const body = dossierBody();
    const { code, token } = await createSubmitAndReceive(body);
    const [deferred] = await eventually(async () => {
      const s = (await track(code, token)).body.sms;
      return s?.[0]?.status === 'deferred' ? s : undefined;
    }, 30_000);
    expect(deferred.sendAfter).toBe('2026-12-02T00:00:00.000Z');
    expect(await gatewayFor(body.applicant.phone)).toEqual([]);
    await setClock('2026-12-02T07:01:00+07:00');
    expect((await http('POST', '/_local/schedules/sms-deferred')).status).toBe(200);
    const [sent] = await eventually(async () => {
      const m = await gatewayFor(body.applicant.phone);
      return m.length ? m : undefined;
    }, 30_000);
    expect(sent.text).toContain(code);
  });
});
