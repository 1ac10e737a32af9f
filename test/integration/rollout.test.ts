import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { addWorkingTime, workingTimeBetween } from '../../shared/domain/calendar.ts';
import { describe, expect, it } from 'vitest';
import { db, dossiersTable, eventually, http } from '../support/cloud.ts';
import { createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor, drain } from '../support/queues.ts';

const runRolloutJob = () => http('POST', '/_local/schedules/release-held-dossiers');

describe('rollout: an agency that is not live yet', () => {
  it('receives the dossier but holds it, visibly, instead of routing it', async () => {
    // The Department of Transport joins on 1 January 2027 (rollout.json).
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'gplx-doi' }));
    const tracked = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${code}`);
      return r.body.held ? r : undefined;
    });
    expect(tracked.body.status).toBe('received');
    expect(tracked.body.routedAt).toBeUndefined();
    expect(tracked.body.held.agency.id).toBe('gl-sgtvt');
    expect(tracked.body.timeline.map((e: any) => e.type)).toContain('dossier.held');
    expect(tracked.body.timeline.find((e: any) => e.type === 'dossier.held').label).toBe('Chờ cơ quan giải quyết tham gia hệ thống');
    expect(await drain(await agencyQueueUrl('gl-sgtvt'), 1000)).toEqual([]);

    // The hourly job counts it as waiting and leaves it where it is.
    const run = await runRolloutJob();
    expect(run.status).toBe(200);
    expect(run.body.waiting['gl-sgtvt']).toBeGreaterThanOrEqual(1);
    expect(run.body.released).not.toContain(code);
  });

  it('routes a held dossier once its agency is live, when the hourly job runs', async () => {
    const { code, ref } = await createSubmitAndReceive(dossierBody({ procedureId: 'gplx-doi' }));
    const held = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${code}`);
      return r.body.held ? r : undefined;
    });
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    // Stand-in for the go-live date passing (the functions read the real clock, and the
    // Department of Transport only joins in 2027): the dossier is moved to an agency that is live.
    await db.send(
      new UpdateCommand({
        TableName: dossiersTable,
        Key: { pk: `DOSSIER#${ref}`, sk: 'DOSSIER' },
        // The hold started a week before (whatever day the test runs on, it holds working time).
        UpdateExpression: 'SET agencyId = :a, heldAgencyId = :a, chainAgencies = :c, pauses = :p',
        ExpressionAttributeValues: { ':a': 'gl-skhdt', ':c': ['gl-skhdt'], ':p': [{ from: weekAgo, reason: 'held' }] },
      }),
    );

    const run = await runRolloutJob();
    expect(run.body.released).toContain(code);
    const [message] = await collectFor(await agencyQueueUrl('gl-skhdt'), code);
    expect(JSON.parse(message!.Body!).type).toBe('dossier.assigned');
    const after = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${code}`);
      return r.body.routedAt ? r : undefined;
    });
    expect(after.body.held).toBeUndefined();
    expect(after.body.timeline.map((e: any) => e.type).slice(-3)).toEqual(['dossier.held', 'dossier.released', 'dossier.routed']);
    // No clock while held: the due date moved by the working time of the hold.
    const releasedAt = new Date(after.body.timeline.find((e: any) => e.type === 'dossier.released').at);
    const calendar = vietnamCalendar();
    const paused = Math.floor(workingTimeBetween(new Date(weekAgo), releasedAt, calendar));
    expect(paused).toBeGreaterThan(0);
    expect(after.body.dueAt).toBe(addWorkingTime(new Date(held.body.dueAt), paused, calendar).toISOString());
  });
});

describe('deadline job', () => {
  it('reminds the agency once of a dossier due today or on the next working day', async () => {
    // A same-day procedure: due at 17:30 today, or on the next working day after 15:00.
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '23812' }));
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
