/**
 * Issue 9's clocked checks, end to end through reception: the cloud's clock is set to the day of
 * each scenario (named in its test) and put back after it. The due date counts from the moment of
 * reception, by the 2026 schedule as decided (29/08–02/09 off, Sat 22/08 a working day), in the
 * unit of the procedure (working days, calendar days, or none at all).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { endOfOfficeHours, localDate } from '../../shared/domain/calendar.ts';
import { eventually, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { createAndSubmit, createSubmitAndReceive, officerOf } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor } from '../support/queues.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

afterEach(resetClock);

const calendar = vietnamCalendar();
const dayOf = (iso: string) => localDate(new Date(iso), calendar);
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: { 'x-dossier-token': token } } : {});
const decide = (code: string, jwt: string, body: unknown) =>
  http('POST', `/v1/agency/dossiers/${code}/decisions`, { body, headers: { ...bearer(jwt), 'idempotency-key': randomUUID() } });
const routed = (code: string) => eventually(async () => ((await track(code)).body.routedAt ? true : undefined));
/** Vietnam wall time of an instant, "dd/mm HH:MM". */
const wall = (iso: string) => {
  const vn = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${vn.slice(8, 10)}/${vn.slice(5, 7)} ${vn.slice(11, 16)}`;
};

describe('the due date counts from reception, on the 2026 schedule as decided', () => {
  it('a 3-working-day procedure received on Fri 28/08/2026 at 10:00 is due on Mon 07/09/2026 (29/08 to 02/09 off)', async () => {
    await setClock('2026-08-28T10:00:00+07:00');
    const { received } = await createSubmitAndReceive(dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' }));
    const form = received.body.form;
    expect(dayOf(form.receivedAt)).toBe('2026-08-28');
    // Fri 28/08 10:00–17:00 (5 working hours), Thu 03/09 and Fri 04/09 (16), Mon 07/09 from 07:00 (3 more).
    expect(dayOf(form.dueAt)).toBe('2026-09-07');
    expect(wall(form.dueAt)).toMatch(/^07\/09 10:0\d$/);
  });

  it('counts Sat 22/08/2026, the swapped working day: received there at 10:00, due by Wed 26/08 at 10:00, not at its close', async () => {
    await setClock('2026-08-22T10:00:00+07:00');
    const { received } = await createSubmitAndReceive(dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' }));
    // Had Saturday not counted, the clock would start Mon 24/08 07:00 and run out at Wed 26/08's close.
    expect(wall(received.body.form.dueAt)).toMatch(/^26\/08 10:0\d$/);
  });

  it('a 10-calendar-day procedure ignores weekends: received Mon 05/10/2026, due Thu 15/10/2026 at the close of office hours', async () => {
    await setClock('2026-10-05T10:00:00+07:00');
    const { received } = await createSubmitAndReceive(dossierBody({ procedureId: 'ltp-cap-phieu' }));
    // Working days would have given Mon 19/10.
    expect(received.body.form.dueAt).toBe(endOfOfficeHours('2026-10-15', calendar).toISOString());
  });

  it('a supplement on a calendar-day procedure moves its date by the calendar days it took (asked Tue 06/10, sent Fri 09/10/2026)', async () => {
    await setClock('2026-10-05T10:00:00+07:00');
    const { code, token } = await createSubmitAndReceive(dossierBody({ procedureId: 'ltp-cap-phieu' }));
    await routed(code);
    const stp = await agencyToken('gl-stp');
    expect((await decide(code, stp, { type: 'accept' })).status).toBe(200);
    await setClock('2026-10-06T10:00:00+07:00');
    const asked = await decide(code, stp, { type: 'request-supplement', items: [{ document: 'Tờ khai có chữ ký', reason: 'Tờ khai chưa ký' }], officer: 'Nguyễn Văn B' });
    expect(asked.status).toBe(200);
    await setClock('2026-10-09T10:00:00+07:00');
    expect((await http('POST', `/v1/dossiers/${code}/supplement`, { headers: { 'x-dossier-token': token } })).status).toBe(200);
    // Three calendar days paused: Thu 15/10 + 3 = Sun 18/10, so the next working day's close, Mon 19/10
    // (three working days would have given Tue 20/10).
    expect((await track(code)).body.dueAt).toBe(endOfOfficeHours('2026-10-19', calendar).toISOString());
  });

  it('a dossier carried from a plain post office counts from its arrival: handed in Fri 28/08, arrived Thu 03/09/2026, due Mon 14/09', async () => {
    await setClock('2026-08-28T10:00:00+07:00');
    const body = { ...dossierBody({ procedureId: 'ltp-cap-phieu' }), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' } };
    const created = await http('POST', '/v1/counter/dossiers', { body, headers: { ...bearer(await clerkToken('bc-iasao')), 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    expect(created.body.dueAt).toBeUndefined();
    await setClock('2026-09-03T09:00:00+07:00');
    const arrived = await http('POST', `/v1/counter/dossiers/${created.body.ref}/arrival`, { body: { officer: 'Rơ Mah H’Lan' }, headers: await officerOf('ttphcc-gialai') });
    expect(arrived.status).toBe(200);
    expect(arrived.body.form.code).toMatch(/-260903-/);
    // 10 calendar days from Thu 03/09: Sun 13/09, so Mon 14/09 at the close.
    expect(arrived.body.form.dueAt).toBe(endOfOfficeHours('2026-09-14', calendar).toISOString());
  });
});

describe('a procedure with no appointment date (real clock, December 2026)', () => {
  it('is received with a code and no due date; the agency is told there is none, and nothing can be extended', async () => {
    const body = { ...dossierBody({ procedureId: 'le-hoi-thong-bao' }), resultDelivery: { method: 'counter' as const, servicePointId: 'bdvhx-iato' } };
    const { code, token, received } = await createSubmitAndReceive(body);
    expect(received.body.form).toEqual(expect.objectContaining({ form: '01', code }));
    expect(received.body.form.dueAt).toBeUndefined();
    const mine = (await track(code, token)).body;
    // Received, or routed already: the router records the routing as soon as it sees the reception.
    expect(['received', 'routed']).toContain(mine.status);
    expect(mine.dueAt).toBeUndefined();
    expect(mine.remaining).toBeUndefined();

    const [message] = await collectFor(await agencyQueueUrl('iagrai-iato'), code);
    const envelope = JSON.parse(message!.Body!);
    expect(envelope.dueAt).toBeUndefined();
    expect(envelope.procedure).toEqual(expect.objectContaining({ id: 'le-hoi-thong-bao', processingTime: 'không hẹn ngày trả kết quả' }));

    const commune = await agencyToken('iagrai-iato');
    expect((await decide(code, commune, { type: 'accept' })).status).toBe(200);
    const extended = await decide(code, commune, { type: 'extend', reason: 'Cần xác minh thêm', newDueDate: '2027-01-15', signer: 'Lê Văn D' });
    expect(extended.status).toBe(409);
    expect(extended.body.detail).toMatch(/không có ngày hẹn/);
  });
});

describe('an online dossier before an officer looks at it (clock set to Fri 28/08/2026 10:00)', () => {
  it('has no code and no clock while it waits in the reception queue, however long it waits', async () => {
    await setClock('2026-08-28T10:00:00+07:00');
    const { ref, token } = await createAndSubmit(dossierBody());
    await setClock('2026-09-10T10:00:00+07:00');
    const waiting = (await track(ref, token)).body;
    expect(waiting.status).toBe('new');
    for (const absent of ['code', 'receivedAt', 'dueAt', 'remaining']) expect(waiting[absent], absent).toBeUndefined();
  });
});
