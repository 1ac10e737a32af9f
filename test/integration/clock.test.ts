/**
 * The local cloud's settable clock end to end: what the functions stamp, what tracking counts
 * and what the deadline job sees all follow `PUT /_local/clock` (test/support/clock.ts), with
 * no restart. Runs on simulated dates, each named in its test; the clock is put back after each.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { db, dossiersTable, eventually, http, refOf } from '../support/cloud.ts';
import { readClock, resetClock, setClock } from '../support/clock.ts';
import { createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';

afterEach(resetClock);

const events = async (code: string) =>
  (
    await db.send(
      new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)', ExpressionAttributeValues: { ':pk': `DOSSIER#${await refOf(code)}`, ':e': 'EVENT#' }, ConsistentRead: true }),
    )
  ).Items as { type: string; at: string }[];
const within = (iso: string, expected: string, seconds: number) => Math.abs(Date.parse(iso) - Date.parse(expected)) <= seconds * 1000;

describe('a clock set on the local cloud', () => {
  it('GET /_local/clock shows what PUT set, in Vietnam time and UTC, running on from there', async () => {
    const set = await setClock('2026-08-28T10:00:00+07:00');
    expect(set).toMatchObject({ simulated: true, speed: 1, vietnam: expect.stringMatching(/^28\/08\/2026 10:00:0\d$/) });
    const read = await readClock();
    expect(within(read.now, '2026-08-28T03:00:00Z', 5)).toBe(true);
    await resetClock();
    expect((await readClock()).simulated).toBe(false);
  });

  it('refuses an instant without its offset (400), and leaves the clock as it was', async () => {
    const res = await fetch(`${(await import('../support/cloud.ts')).api}/_local/clock`, { method: 'PUT', body: JSON.stringify({ at: '2026-08-28T10:00:00' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/with an offset/);
    expect((await readClock()).simulated).toBe(false);
  });

  it('stamps a dossier created and received at 10:00 on Fri 28/08/2026 (Vietnam) with that instant: createdAt 2026-08-28T03:00Z, code of 260828', async () => {
    await setClock('2026-08-28T10:00:00+07:00');
    const { created, ref, token, code } = await createSubmitAndReceive(dossierBody());
    expect(created.status).toBe(201);
    const tracked = await http('GET', `/v1/dossiers/${ref}`, { headers: { 'x-dossier-token': token } });
    expect(within(tracked.body.createdAt, '2026-08-28T03:00:00.000Z', 30)).toBe(true);
    expect(code).toMatch(/-260828-/);
  });

  it("moves what tracking's `remaining` says when the clock moves (submitted Fri 28/08/2026, looked at on Mon 07/09/2026)", async () => {
    await setClock('2026-08-28T10:00:00+07:00');
    const { code } = await createSubmitAndReceive(dossierBody());
    const before = await http('GET', `/v1/dossiers/${code}`);
    expect(before.body.remaining.overdue).toBe(false);
    await setClock('2026-09-07T10:00:00+07:00');
    const after = await http('GET', `/v1/dossiers/${code}`);
    expect(after.body.dueAt).toBe(before.body.dueAt);
    // Between the two: the working days of 31/08 (and whatever the calendar says of National Day) and 03–04/09 at least.
    expect(before.body.remaining.workingMinutes - after.body.remaining.workingMinutes).toBeGreaterThanOrEqual(2 * 8 * 60);
  });

  it('the deadline job reads the simulated time: on the due day it reminds the agency, and the event is stamped that day', async () => {
    // Prepare: submitted on Fri 28/08/2026, due some working days later.
    await setClock('2026-08-28T10:00:00+07:00');
    const { code, received } = await createSubmitAndReceive(dossierBody());
    const dueAt = received.body.dossier.dueAt as string;
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.status === 'routed' ? true : undefined), 20_000);
    expect((await events(code)).some((e) => e.type === 'dossier.reminder-due')).toBe(false);
    // Act: the morning of the due day (Vietnam), then the hourly job (the jump may already have run it once).
    const dueDay = new Date(Date.parse(dueAt) + 7 * 3_600_000).toISOString().slice(0, 10);
    await setClock(`${dueDay}T08:00:00+07:00`);
    const run = await http('POST', '/_local/schedules/deadline-reminders');
    expect(run.status).toBe(200);
    // Assess: one reminder, stamped with the simulated morning, whichever run wrote it.
    const reminders = await eventually(async () => {
      const found = (await events(code)).filter((e) => e.type === 'dossier.reminder-due');
      return found.length ? found : undefined;
    }, 10_000);
    expect(reminders).toHaveLength(1);
    expect(within(reminders[0]!.at, `${dueDay}T01:00:00.000Z`, 60)).toBe(true);
  });
});
