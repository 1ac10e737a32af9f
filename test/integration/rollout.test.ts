import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { addWorkingTime, workingTimeBetween } from '../../shared/domain/calendar.ts';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { db, dossiersOf, dossiersTable, eventually, http } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';
import { createAndSubmit, createSubmitAndReceive, officerOf } from '../support/documents.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor, drain } from '../support/queues.ts';

const runRolloutJob = () => http('POST', '/_local/schedules/release-held-dossiers');
/** The agency's working list (one page of 100: this file's dossiers for the agency are a few). */
const assignedTo = async (agencyId: string): Promise<{ code: string; assignedAt: string }[]> =>
  (await http('GET', '/v1/agency/assigned?limit=100', { headers: { authorization: `Bearer ${await agencyToken(agencyId)}` } })).body.dossiers;
afterEach(resetClock);

describe('rollout: an agency that has not joined yet', () => {
  it('receives nothing for it, online or at the counter, and says where and from when (real clock, before 01/01/2027)', async () => {
    // The Department of Transport joins on 1 January 2027 (rollout.json).
    const body = dossierBody({ procedureId: 'gplx-doi' });
    const online = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(online.status).toBe(422);
    expect(online.headers.get('content-type')).toContain('application/problem+json');
    expect(online.body).toEqual(
      expect.objectContaining({
        type: 'urn:motcua:problem:not-receivable-yet',
        title: 'Hồ sơ chưa tiếp nhận được qua hệ thống',
        field: 'procedureId',
        where: [{ kind: 'agency', id: 'gl-sgtvt', name: 'Sở Giao thông vận tải tỉnh Gia Lai' }],
        liveFrom: '2027-01-01',
      }),
    );
    expect(online.body.detail).toContain('từ ngày 01/01/2027');
    const counter = await http('POST', '/v1/counter/dossiers', { body, headers: { authorization: `Bearer ${await clerkToken('bd-iagrai')}`, 'idempotency-key': randomUUID() } });
    expect(counter.status).toBe(422);
    expect(await dossiersOf(body.applicant)).toBe(0);
  });

  it('receives it from the day the agency joins (clock set to Mon 04/01/2027 09:00)', async () => {
    await setClock('2027-01-04T09:00:00+07:00');
    const created = await http('POST', '/v1/dossiers', { body: dossierBody({ procedureId: 'gplx-doi' }), headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    expect(created.body.receivingUnit.id).toBe('ttphcc-gialai');
  });
});

describe('rollout: the receiving point decides, not where the applicant lives (real clock, December 2026)', () => {
  it('receives online the Department of Justice’s certificate for a resident of Pleiku, a city not in the rollout', async () => {
    // The result is collected at the centre's counter: no post office of Pleiku delivers yet.
    const body = { ...dossierBody({ unitId: '23550' }), resultDelivery: { method: 'counter' as const, servicePointId: 'ttphcc-quay-buu-dien' } };
    const created = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    expect(created.body.receivingUnit.id).toBe('ttphcc-gialai');
  });

  it('takes nothing in at the Pleiku post office (not live), and names the centre and its counter instead', async () => {
    const body = dossierBody();
    const res = await http('POST', '/v1/counter/dossiers', { body, headers: { authorization: `Bearer ${await clerkToken('bd-pleiku')}`, 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:not-receivable-yet', field: 'servicePointId' }));
    expect(res.body.where.map((w: any) => w.id)).toEqual(['ttphcc-gialai', 'ttphcc-quay-buu-dien']);
    expect(await dossiersOf(body.applicant)).toBe(0);
  });
});

describe('rollout: a dossier held because its agency left the rollout after reception', () => {
  // The hold is the safety net for a phase postponed after dossiers were received (and for a step
  // of a chain whose agency has not joined). Stand-in for the postponement: the received dossier's
  // agency is moved to the Department of Transport (joins 01/01/2027) before the router sees it.
  async function heldDossier() {
    const done = await createAndSubmit(dossierBody({ procedureId: 'dkdn-thanh-lap-dntn' }));
    await db.send(
      new UpdateCommand({
        TableName: dossiersTable,
        Key: { pk: `DOSSIER#${done.ref}`, sk: 'DOSSIER' },
        UpdateExpression: 'SET agencyId = :a, chainAgencies = :c',
        ExpressionAttributeValues: { ':a': 'gl-sgtvt', ':c': ['gl-sgtvt'] },
      }),
    );
    const received = await http('POST', `/v1/counter/dossiers/${done.ref}/acceptance`, { body: { officer: 'Rơ Mah H’Lan' }, headers: await officerOf(done.created.body.receivingUnit.id) });
    expect(received.status).toBe(200);
    const code = received.body.form.code as string;
    const held = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${code}`);
      return r.body.held ? r : undefined;
    });
    return { code, held };
  }

  it('holds it, visibly, with its clock stopped, instead of routing it (real clock)', async () => {
    const { code, held } = await heldDossier();
    expect(held.body.status).toBe('received');
    expect(held.body.routedAt).toBeUndefined();
    expect(held.body.held.agency.id).toBe('gl-sgtvt');
    expect(held.body.timeline.find((e: any) => e.type === 'dossier.held').label).toBe('Chờ cơ quan giải quyết tham gia hệ thống');
    expect(await drain(await agencyQueueUrl('gl-sgtvt'), 1000)).toEqual([]);
    // Not assigned while held: nothing in the agency's working list.
    expect((await assignedTo('gl-sgtvt')).map((d) => d.code)).not.toContain(code);

    // The hourly job counts it as waiting and leaves it where it is.
    const run = await runRolloutJob();
    expect(run.status).toBe(200);
    expect(run.body.waiting['gl-sgtvt']).toBeGreaterThanOrEqual(1);
    expect(run.body.released).not.toContain(code);
  });

  it('routes it once the agency is live, with the due date moved by the hold (clock set to Mon 04/01/2027 08:00)', async () => {
    const { code, held } = await heldDossier();
    const heldAt = new Date(held.body.timeline.find((e: any) => e.type === 'dossier.held').at);
    await setClock('2027-01-04T08:00:00+07:00');
    // The hourly schedule runs on the same clock: the jump of a month makes it due, so it may
    // release the dossier before this explicit run does. Either way it is released once.
    const run = await runRolloutJob();
    expect(run.status).toBe(200);
    expect(run.body.waiting['gl-sgtvt']).toBeUndefined();
    const [message] = await collectFor(await agencyQueueUrl('gl-sgtvt'), code);
    expect(JSON.parse(message!.Body!).type).toBe('dossier.assigned');
    const after = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${code}`);
      return r.body.routedAt ? r : undefined;
    });
    expect(after.body.held).toBeUndefined();
    expect(after.body.timeline.map((e: any) => e.type).slice(-3)).toEqual(['dossier.held', 'dossier.released', 'dossier.routed']);
    expect(after.body.timeline.filter((e: any) => e.type === 'dossier.released')).toHaveLength(1);
    // Routed at its release: in the agency's working list from then.
    expect((await assignedTo('gl-sgtvt')).find((d) => d.code === code)?.assignedAt).toBe(after.body.routedAt);
    // No clock while held: the due date moved by the working time of the hold (weeks of it).
    const releasedAt = new Date(after.body.timeline.find((e: any) => e.type === 'dossier.released').at);
    const calendar = vietnamCalendar();
    const paused = Math.floor(workingTimeBetween(heldAt, releasedAt, calendar));
    expect(paused).toBeGreaterThan(8 * 60);
    expect(after.body.dueAt).toBe(addWorkingTime(new Date(held.body.dueAt), paused, calendar).toISOString());
  });
});

describe('deadline job', () => {
  it('reminds the agency once of a dossier due today or on the next working day', async () => {
    // A same-day procedure: due at 17:30 today, or on the next working day after 15:00.
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '92810' }));
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined));
    const url = await agencyQueueUrl('iagrai-iasao');
    await collectFor(url, code); // the assignment

    const first = await http('POST', '/_local/schedules/deadline-reminders');
    expect(first.status).toBe(200);
    expect(first.body.reminded).toContain(code);
    const [reminder] = await collectFor(url, code);
    const envelope = JSON.parse(reminder!.Body!);
    expect(envelope.type).toBe('dossier.reminder');
    expect(envelope.reason).toMatch(/đến hạn trả kết quả$/);

    const again = await http('POST', '/_local/schedules/deadline-reminders');
    expect(again.body.reminded).not.toContain(code);
    const tracked = await http('GET', `/v1/dossiers/${code}`);
    expect(tracked.body.timeline.filter((e: any) => e.type === 'dossier.reminder-due')).toHaveLength(1);
  });
});
