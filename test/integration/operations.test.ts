/**
 * GET /v1/admin/operations: the rollout as of today, the depth of every queue and the age of its
 * oldest message (the CloudWatch stand-in), DLQs with a warning when not empty, queues with one when
 * their oldest message is as old as their alarm (admin only). The clock is moved and put back.
 */
import { CreateQueueCommand, DeleteQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { http, sqs, t } from '../support/cloud.ts';
import { readClock, resetClock, setClock } from '../support/clock.ts';
import { agencyDlqUrl, drain } from '../support/queues.ts';
import { adminToken, agencyToken } from '../support/tokens.ts';

afterEach(resetClock);

interface QueueRow {
  name: string;
  visible: number;
  deadLetter: boolean;
  oldestAgeSeconds: number | null;
  ageAlarmSeconds: number | null;
  warning?: string;
}
const queueOf = async (name: string) => ((await asAdmin()).body.queues as QueueRow[]).find((q) => q.name === name);
const asAdmin = async () => http('GET', '/v1/admin/operations', { headers: { authorization: `Bearer ${await adminToken()}` } });

describe('the operations view of the dashboard', () => {
  it('refuses an agency’s token (403): the rollout and the queues are the province’s', async () => {
    const res = await http('GET', '/v1/admin/operations', { headers: { authorization: `Bearer ${await agencyToken('gl-stp')}` } });
    expect(res.status).toBe(403);
  });

  it('says which units are live today and which agencies have not joined yet, with the day they join (real clock, before 01/01/2027)', async () => {
    const res = await asAdmin();
    expect(res.status).toBe(200);
    expect(res.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.receivingUnits).toContainEqual(expect.objectContaining({ id: 'ttphcc-gialai', live: true }));
    expect(res.body.servicePoints).toContainEqual(expect.objectContaining({ id: 'bd-pleiku', live: false }));
    expect(res.body.heldAgencies).toContainEqual(expect.objectContaining({ agencyId: 'gl-sgtvt', agencyName: 'Sở Giao thông vận tải tỉnh Gia Lai', live: false, joins: '2027-01-01' }));
  });

  it('lists every queue of the topology with its depth, and warns about a dead-letter queue that holds a message', async () => {
    const dlq = await agencyDlqUrl('gl-stp');
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: '{"schemaVersion":1}', MessageGroupId: 'probe', MessageDeduplicationId: `probe-${Date.now()}` }));
    try {
      const res = await asAdmin();
      expect(res.status).toBe(200);
      const byName = new Map((res.body.queues as QueueRow[]).map((q) => [q.name, q]));
      for (const id of Object.keys(t.queues) as (keyof typeof t.queues)[]) {
        expect(byName.get(names.queue(t.prefix, id)), id).toEqual(expect.objectContaining({ deadLetter: false }));
        expect(byName.get(names.dlq(t.prefix, id)), `${id} dlq`).toEqual(expect.objectContaining({ deadLetter: true }));
      }
      expect(byName.get(names.agencyQueue(t.prefix, 'gl-stp'))).toEqual(expect.objectContaining({ deadLetter: false }));
      const stpDlq = byName.get(names.agencyDlq(t.prefix, 'gl-stp'));
      expect(stpDlq).toEqual(expect.objectContaining({ deadLetter: true, visible: 1 }));
      expect(stpDlq?.warning).toBe('Hàng đợi thư lỗi có 1 tin nhắn chờ xử lý');
      // A DLQ alarms on its depth, not on age; the agency queue at the age its alarm uses.
      expect(stpDlq?.ageAlarmSeconds).toBeNull();
      expect(byName.get(names.agencyQueue(t.prefix, 'gl-stp'))?.ageAlarmSeconds).toBe(t.agencyQueue.alarms.oldestMessageAgeSeconds);
      expect(res.body.queuesTruncated).toBe(false);
    } finally {
      await drain(dlq);
    }
  });

  it('gives the age of the oldest message in a queue nobody consumes (an agency queue), warns once it is as old as the alarm, and gives no age to an empty queue', async () => {
    // An agency queue of its own: the departments' queues take messages from other files' dossiers at any time.
    const name = names.agencyQueue(t.prefix, 'so-tham-do');
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    expect(await queueOf(name)).toMatchObject({ visible: 0, oldestAgeSeconds: null });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"schemaVersion":1}', MessageGroupId: 'probe', MessageDeduplicationId: `age-probe-${Date.now()}` }));
    try {
      const fresh = await queueOf(name);
      expect(fresh?.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
      expect(fresh?.oldestAgeSeconds).toBeLessThan(60);
      expect(fresh?.warning).toBeUndefined();
      // Five hours later by the cloud's clock (the agency queue alarms at 4 hours).
      await setClock(new Date(Date.parse((await readClock()).now) + 5 * 3600_000).toISOString());
      const old = await queueOf(name);
      expect(old?.oldestAgeSeconds).toBeGreaterThanOrEqual(5 * 3600);
      expect(old?.warning).toMatch(/^Tin nhắn cũ nhất đã chờ 5 giờ( \d+ phút)? \(ngưỡng cảnh báo 4 giờ\): nơi nhận có thể đã ngừng hoặc đang lỗi$/);
      await drain(url);
      expect(await queueOf(name)).toMatchObject({ visible: 0, oldestAgeSeconds: null });
    } finally {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    }
  });
});
