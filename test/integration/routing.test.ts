import { DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createQueues } from '../../infra/local/resources.ts';
import { agencyEnvelopeV1 } from '../../shared/contracts/agency-envelope.ts';
import { eventually, http, sqs, t } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyDlqUrl, agencyQueueUrl, collectFor, drain } from '../support/queues.ts';
import { createSubmitAndReceive } from '../support/documents.ts';
import { agencyToken } from '../support/tokens.ts';

const track = (code: string) => http('GET', `/v1/dossiers/${code}`);

describe('routing a dossier to its agency’s queue', () => {
  it('delivers the versioned envelope to the competent agency, and tracking shows the dossier routed', async () => {
    const { code } = await createSubmitAndReceive(dossierBody());
    const created = { body: { code } };
    const [message] = await collectFor(await agencyQueueUrl('gl-stp'), created.body.code);
    const envelope = agencyEnvelopeV1.parse(JSON.parse(message!.Body!));
    expect(envelope).toEqual(
      expect.objectContaining({
        schemaVersion: '1.0',
        type: 'dossier.assigned',
        dossierCode: created.body.code,
        agency: { id: 'gl-stp', code: '000.00.08.H21', name: 'Sở Tư pháp tỉnh Gia Lai' },
        applicant: { kind: 'individual', fullName: 'Nguyễn Thị Hoa', unitId: '92807', unitName: 'Xã Ia Tô' },
        // The criminal-record certificate counts calendar days (BRIEF corrections 5).
        procedure: { id: 'ltp-cap-phieu', name: expect.any(String), processingDays: 10, processingUnit: 'calendar-days', processingTime: '10 ngày (15 ngày nếu cần xác minh)' },
      }),
    );
    expect(message!.Attributes?.MessageGroupId).toBe(created.body.code);
    expect(message!.Attributes?.MessageDeduplicationId).toBe(envelope.messageId);
    // Message attributes never carry personal data.
    expect(Object.keys(message!.MessageAttributes ?? {}).sort()).toEqual(['schemaVersion', 'type']);

    const tracked = await eventually(async () => {
      const r = await track(created.body.code);
      return r.body.routedAt ? r : undefined;
    });
    expect(tracked.body.timeline.map((e: any) => e.type)).toEqual([
      'dossier.created',
      'document.verified',
      'document.verified',
      'dossier.submitted',
      'dossier.received',
      'dossier.routed',
    ]);
    // The envelope lists the verified scans (slots, not URLs).
    expect(envelope.documents.map((d) => d.slot)).toEqual(['doc-1', 'doc-2']);
    expect(tracked.body).toEqual(expect.objectContaining({ status: 'routed', statusLabel: 'Đã chuyển cơ quan giải quyết' }));
    expect(tracked.body.timeline[5]).toEqual(expect.objectContaining({ label: 'Đã chuyển đến cơ quan giải quyết', agency: { id: 'gl-stp', name: 'Sở Tư pháp tỉnh Gia Lai' } }));
  });

  it('routes a commune-level procedure to the applicant’s commune office', async () => {
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '92808' }));
    const created = { body: { code } };
    // Received by the one-stop section of Ia Grai district (Xã Ia Hrung has none of its own).
    expect(created.body.code.startsWith('000.00.28.H21-')).toBe(true);
    const [message] = await collectFor(await agencyQueueUrl('iagrai-iahrung'), created.body.code);
    expect(JSON.parse(message!.Body!).agency.id).toBe('iagrai-iahrung');
  });

  it('sends one message for one POST repeated with one Idempotency-Key', async () => {
    const key = randomUUID();
    const body = dossierBody({ procedureId: 'hkd-thanh-lap' });
    const first = await createSubmitAndReceive(body, { 'idempotency-key': key });
    const again = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    expect(again.body.ref).toBe(first.ref);
    const messages = await collectFor(await agencyQueueUrl('iagrai-ubnd'), first.code, { quietMs: 2500 });
    expect(messages).toHaveLength(1);
  });

  it('records the routing of a dossier whose queue is missing and tells the agency, once, when the queue is back', async () => {
    const agency = 'iagrai-iader';
    const url = await agencyQueueUrl(agency);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));

    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '92809' }));
    const created = { body: { code } };
    await new Promise((r) => setTimeout(r, 2500));
    // Recorded before told (an agency acting on the message finds the dossier routed to it): the
    // routing is there, the message waits for the queue.
    const waiting = await track(created.body.code);
    expect(waiting.body.status).toBe('routed');

    await createQueues(sqs, t);
    const messages = await collectFor(await agencyQueueUrl(agency), created.body.code, { quietMs: 3000, timeoutMs: 30_000 });
    expect(messages).toHaveLength(1);
    const routed = await eventually(async () => ((await track(created.body.code)).body.routedAt ? true : undefined));
    expect(routed).toBe(true);
    const timeline = (await track(created.body.code)).body.timeline.map((e: any) => e.type);
    expect(timeline.filter((x: string) => x === 'dossier.routed')).toHaveLength(1);
  });

  it('moves a message that a consumer fails maxReceiveCount times to the agency’s DLQ', async () => {
    const agency = 'iagrai-iasao';
    const url = await agencyQueueUrl(agency);
    const dlq = await agencyDlqUrl(agency);
    await drain(url, 500);
    await drain(dlq, 200);
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'chung-thuc-ban-sao', unitId: '92810' }));
    const created = { body: { code } };

    // A consumer that never deletes: each receive counts; visibility 0 makes it come straight back.
    let receives = 0;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
      if (res.Messages?.length) receives++;
      else if (receives >= t.agencyQueue.maxReceiveCount) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(receives).toBe(t.agencyQueue.maxReceiveCount);
    const dead = await drain(dlq);
    expect(dead.map((m) => JSON.parse(m.Body!).dossierCode)).toEqual([created.body.code]);
  });
});

describe('an agency acting the moment its message arrives', () => {
  it('finds the dossier routed to it: the routing is recorded before the message is sent', async () => {
    const url = await agencyQueueUrl('gl-stp');
    const jwt = await agencyToken('gl-stp');
    const { code } = await createSubmitAndReceive(dossierBody());
    // Poll without pause and read the dossier as the agency the instant the message is there.
    const deadline = Date.now() + 30_000;
    let read: { status: number; body: any } | undefined;
    while (!read && Date.now() < deadline) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      for (const m of out.Messages ?? []) {
        if (JSON.parse(m.Body!).dossierCode !== code) continue;
        read = await http('GET', `/v1/agency/dossiers/${code}`, { headers: { authorization: `Bearer ${jwt}` } });
      }
    }
    expect(read?.status).toBe(200);
    expect(read?.body.status).toBe('routed');
  });
});
