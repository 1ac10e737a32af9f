/** GET /v1/admin/operations: the rollout as of today and the depth of every queue, DLQs with a warning when not empty (admin only). */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { http, sqs, t } from '../support/cloud.ts';
import { agencyDlqUrl, drain } from '../support/queues.ts';
import { adminToken, agencyToken } from '../support/tokens.ts';

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
      const byName = new Map((res.body.queues as { name: string; visible: number; deadLetter: boolean; warning?: string }[]).map((q) => [q.name, q]));
      for (const id of Object.keys(t.queues) as (keyof typeof t.queues)[]) {
        expect(byName.get(names.queue(t.prefix, id)), id).toEqual(expect.objectContaining({ deadLetter: false }));
        expect(byName.get(names.dlq(t.prefix, id)), `${id} dlq`).toEqual(expect.objectContaining({ deadLetter: true }));
      }
      expect(byName.get(names.agencyQueue(t.prefix, 'gl-stp'))).toEqual(expect.objectContaining({ deadLetter: false }));
      const stpDlq = byName.get(names.agencyDlq(t.prefix, 'gl-stp'));
      expect(stpDlq).toEqual(expect.objectContaining({ deadLetter: true, visible: 1 }));
      expect(stpDlq?.warning).toBe('Hàng đợi thư lỗi có 1 tin nhắn chờ xử lý');
      expect(res.body.queuesTruncated).toBe(false);
    } finally {
      await drain(dlq);
    }
  });
});
