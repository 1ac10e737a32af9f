import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mkdtemp as makeTemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type ConnectorOptions } from '../../infra/connector/connector.ts';
import { api, eventually, http, sqs, t } from '../support/cloud.ts';
import { createSubmitAndReceive, samplePdf, sha256 } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor, drain } from '../support/queues.ts';
import { agencyToken } from '../support/tokens.ts';

const agencyId = 'gl-stp';
const outDirs: string[] = [];
const mkdtemp = async (prefix: string) => {
  const dir = await makeTemp(prefix);
  outDirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(outDirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Submits a dossier with its scans and waits until the router has sent it to the agency. */
async function routedDossier() {
  const submitted = await createSubmitAndReceive(dossierBody());
  await eventually(async () => ((await http('GET', `/v1/dossiers/${submitted.code}`)).body.routedAt ? true : undefined));
  return submitted;
}

/** Runs the connector in-process until the queue has been quiet for a moment (like `--once`). */
async function runOnce(outDir: string, extra: Partial<ConnectorOptions> = {}) {
  const token = await agencyToken(agencyId);
  const lines: string[] = [];
  const connector = await startConnector({
    agencyId,
    outDir,
    apiUrl: api,
    token: async () => token,
    prefix: t.prefix,
    once: true,
    idleMs: 2000,
    pollMs: 100,
    log: (line) => lines.push(line),
    warn: (line) => lines.push(line),
    ...extra,
  });
  await connector.finished;
  return { ...connector, lines };
}

describe('the agency connector (npm run agency)', () => {
  beforeAll(async () => {
    // Messages other test files left for this agency are not this file's business.
    await drain(await agencyQueueUrl(agencyId), 500);
  });

  it('receives dossier.assigned, shows it, and downloads every scan with the SHA-256 the envelope lists', async () => {
    const { code, token } = await routedDossier();
    const outDir = await mkdtemp(path.join(tmpdir(), 'motcua-connector-'));

    const run = await runOnce(outDir);

    expect(run.failures).toEqual([]);
    const mine = run.handled.filter((h) => h.dossierCode === code);
    expect(mine).toEqual([expect.objectContaining({ type: 'dossier.assigned', outcome: 'processed', receiveCount: 1 })]);
    expect(mine[0]!.files.map((f) => path.relative(outDir, f))).toEqual([path.join(code, 'doc-1.pdf'), path.join(code, 'doc-2.pdf')]);
    for (const file of mine[0]!.files) {
      const bytes = await readFile(file);
      expect(sha256(bytes)).toBe(sha256(samplePdf));
      expect(bytes.equals(samplePdf)).toBe(true);
    }
    const shown = run.lines.find((l) => l.includes(code))!;
    expect(shown).toContain('[HỒ SƠ MỚI]');
    expect(shown).toContain('Nguyễn Thị Hoa (Xã Ia Tô)');
    expect(shown).toMatch(/hạn trả \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(shown).toContain('2 bản quét: doc-1');
    // The downloads went through the agency API, which records each one in the dossier's history
    // (shown to the applicant, not on public tracking).
    const tracked = await http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
    expect(tracked.body.timeline.filter((e: any) => e.type === 'document.downloaded')).toHaveLength(2);
  });

  it('handles a message delivered twice once, and still recognises it after a restart', async () => {
    const { code, token } = await routedDossier();
    const url = await agencyQueueUrl(agencyId);
    const [original] = await collectFor(url, code);
    const envelope = JSON.parse(original!.Body!);
    // The same envelope twice, under deduplication ids SQS does not recognise as one: a redelivery
    // as a consumer sees it after the 5-minute deduplication window.
    const resend = (suffix: string) =>
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: original!.Body!, MessageGroupId: code, MessageDeduplicationId: `${envelope.messageId}-${suffix}` }));
    await resend('a');
    await resend('b');
    const outDir = await mkdtemp(path.join(tmpdir(), 'motcua-connector-'));

    const first = await runOnce(outDir);
    await resend('c');
    const second = await runOnce(outDir);

    expect(first.failures).toEqual([]);
    expect(first.handled.filter((h) => h.dossierCode === code).map((h) => h.outcome)).toEqual(['processed', 'duplicate']);
    expect(second.handled.filter((h) => h.dossierCode === code).map((h) => h.outcome)).toEqual(['duplicate']);
    expect(first.lines.some((l) => l.startsWith('[ĐÃ XỬ LÝ]') && l.includes(envelope.messageId))).toBe(true);
    const log = JSON.parse(await readFile(path.join(outDir, 'handled-messages.json'), 'utf8'));
    expect(log[envelope.messageId]).toEqual(expect.objectContaining({ dossierCode: code, type: 'dossier.assigned' }));
    // Handled once: each scan was downloaded once, not once per delivery.
    const tracked = await http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
    expect(tracked.body.timeline.filter((e: any) => e.type === 'document.downloaded')).toHaveLength(2);
  });

  it('leaves a message it cannot handle on the queue, so that it lands in the DLQ after maxReceiveCount receives', async () => {
    // A queue of its own (through --queue-url) with a short visibility timeout, so the redrive shows in seconds.
    const name = `${t.prefix}-test-connector-${Date.now()}`;
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: `${name}.fifo`,
          Attributes: { FifoQueue: 'true', VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
        }),
      )
    ).QueueUrl!;
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ schemaVersion: '0.9', hello: 'world' }), MessageGroupId: 'g', MessageDeduplicationId: 'bad-1' }));
      const outDir = await mkdtemp(path.join(tmpdir(), 'motcua-connector-'));

      const run = await runOnce(outDir, { queueUrl, idleMs: 3000 });

      expect(run.handled).toEqual([]);
      expect(run.failures).toHaveLength(2);
      expect(run.failures[0]!.error).toContain('not an agency envelope v1');
      const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      expect(dead.Messages?.map((m) => JSON.parse(m.Body!))).toEqual([{ schemaVersion: '0.9', hello: 'world' }]);
    } finally {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: dlq }));
    }
  });

  // Needs POST /v1/agency/dossiers/{code}/decisions (issue 5, item 3).
  it('--decide complete --result FILE: tracking shows the result and the citizen can download it', async () => {
    const { code, token } = await routedDossier();
    const outDir = await mkdtemp(path.join(tmpdir(), 'motcua-connector-'));
    const resultFile = path.join(outDir, 'ket-qua.pdf');
    await writeFile(resultFile, samplePdf);

    const run = await runOnce(outDir, { decide: { type: 'complete', results: [resultFile], summary: 'Đã cấp Phiếu lý lịch tư pháp số 1' } });

    expect(run.failures).toEqual([]);
    expect(run.handled.find((h) => h.dossierCode === code)).toEqual(expect.objectContaining({ outcome: 'processed', decision: expect.anything() }));
    const tracked = await http('GET', `/v1/dossiers/${code}`);
    expect(tracked.body.status).toBe('result-ready');
    expect(tracked.body.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['dossier.accepted', 'dossier.completed']));
    const link = await http('GET', `/v1/dossiers/${code}/results/result-1`, { headers: { 'x-dossier-token': token } });
    expect(link.status).toBe(200);
    const downloaded = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(downloaded.equals(samplePdf)).toBe(true);
  });
});
