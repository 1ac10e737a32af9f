/**
 * Issue 11's delivery check: 1,000 notices while the local gateway fails half of all sends
 * transiently, on both providers: in the end 1,000 sent, none twice, none lost. The notices are
 * written as the router writes them (shared/aws/sms-store.ts) and queued by reference; the clock
 * is set to Wed 02/12/2026 08:00 and moved on between rounds, so the retries' backoff passes.
 */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { SmsStore } from '../../shared/aws/sms-store.ts';
import type { SmsNotice } from '../../shared/domain/sms/notice.ts';
import { api, db, dossiersTable, eventually, http, queueUrl, scanAll, sqs, t } from '../support/cloud.ts';
import { resetClock, setClock } from '../support/clock.ts';

afterEach(async () => {
  await resetClock();
  await fetch(`${api}/_local/sms/faults`, { method: 'DELETE' });
});

const run = randomUUID().slice(0, 8);
const count = 1000;

describe('1,000 notices while half of all sends fail for now', () => {
  it('sends each exactly once in the end, through retries and fail-over', async () => {
    let clock = Date.parse('2026-12-02T08:00:00+07:00');
    await setClock(new Date(clock).toISOString());
    expect((await fetch(`${api}/_local/sms/faults`, { method: 'PUT', body: JSON.stringify({ seed: 7, aws: { transientRate: 0.5 }, brandname: { transientRate: 0.5 } }) })).status).toBe(204);
    const store = new SmsStore(db, dossiersTable);
    const notices: SmsNotice[] = Array.from({ length: count }, (_, i) => ({
      id: `${run}-${i}`,
      dossierRef: `HS-LOAD${run}`,
      eventId: `${run}-event-${i}`,
      scenario: 'received-online',
      templateVersion: 1,
      recipient: 'applicant',
      to: `+8497${String(i).padStart(7, '0')}`,
      sender: 'BUUDIEN GL',
      text: `Ho so HS-LOAD${i} da duoc tiep nhan.`,
      encoding: 'GSM-7',
      segments: 1,
      status: 'created',
      createdAt: new Date(clock).toISOString(),
      attempts: [],
    }));
    for (let i = 0; i < count; i += 25) await Promise.all(notices.slice(i, i + 25).map((n) => store.create(n)));
    const url = await queueUrl(names.queue(t.prefix, 'sms-outbox'));
    for (let i = 0; i < count; i += 10)
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: notices.slice(i, i + 10).map((n, j) => ({ Id: String(j), MessageBody: JSON.stringify({ ref: n.dossierRef, id: n.id }) })) }));

    const statuses = async () => {
      const items = await scanAll(dossiersTable, { expression: 'begins_with(pk, :p) AND entity = :e', values: { ':p': `DOSSIER#HS-LOAD${run}`, ':e': 'sms' } });
      const by: Record<string, number> = {};
      for (const i of items) by[String(i.status)] = (by[String(i.status)] ?? 0) + 1;
      return by;
    };
    // Rounds: let the queue drain, then move the clock past the longest backoff and sweep.
    for (let round = 0; round < 12; round++) {
      await eventually(async () => {
        const s = await statuses();
        return (s.created ?? 0) === 0 && (s.sending ?? 0) + (s.delivered ?? 0) + (s.deferred ?? 0) + (s['technical-failure'] ?? 0) === count ? s : undefined;
      }, 120_000);
      const s = await statuses();
      if ((s.deferred ?? 0) === 0) break;
      clock += 61 * 60_000;
      await setClock(new Date(clock).toISOString());
      for (let released = 1; released > 0; ) released = Number((await http('POST', '/_local/schedules/sms-deferred')).body?.released ?? 0);
    }
    const end = await statuses();
    console.log('sms load', JSON.stringify(end));
    expect((end.sending ?? 0) + (end.delivered ?? 0)).toBe(count);

    // At the gateway: one accepted message per notice, none twice.
    const accepted = ((await (await fetch(`${api}/_local/sms`)).json()) as { messages: { reference?: string; to: string }[] }).messages.filter((m) => m.to.startsWith('+8497'));
    const refs = accepted.map((m) => m.reference);
    expect(new Set(refs).size).toBe(refs.length);
    expect(notices.filter((n) => !refs.includes(n.id))).toEqual([]);
  });
});
