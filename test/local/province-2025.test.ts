/**
 * The deployed dataset end to end (issue 15, item 1): `npm start` and `cdk synth` run the merged
 * Gia Lai of 1 July 2025 (shared/province/index.ts), while every other test runs on the 2019 pilot
 * (vitest.config.ts). This file starts its own local cloud on gia-lai-2025 and drives it through
 * real HTTP and SQS: the catalogue, an online birth registration in Xã Ia Krái accepted by its
 * one-stop section and routed to the commune's People's Committee, and a counter intake at the Ia
 * Grai post office routed to Xã Ia Grai.
 *
 * Runs on the machine's real date (December 2026 when written): the whole merged province is live
 * from 5 January 2026 (gia-lai-2025/rollout.json), and codes carry the day of the run.
 */
import { rm } from 'node:fs/promises';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { call, postForm, samplePdf, sha256 } from '../../infra/local/replay/client.ts';
import { signToken } from '../../infra/local/keys.ts';
import { names, topology } from '../../infra/topology.ts';
import { agencyEnvelopeV1 } from '../../shared/contracts/agency-envelope.ts';
import { province } from '../../shared/province/index.ts';
import { dossierBody } from '../support/factories.ts';
import { eventually, freePorts, tempDir } from './support.ts';

const gl2025 = province('gia-lai-2025');
const t = topology({ dataset: 'gia-lai-2025' });
let cloud: LocalCloud;
let sqs: SQSClient;
let dataDir: string;
const logs: string[] = [];

beforeAll(async () => {
  dataDir = await tempDir('province-2025');
  cloud = await startLocalCloud({ dataDir, ports: await freePorts(), topology: t, log: (l) => logs.push(l), schedules: { timers: false }, courierPartner: { script: { mode: 'manual' } } });
  sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: cloud.env.AWS_REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
}, 180_000);
afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Real HTTP to this file's cloud through the replay's client (a POST carries an Idempotency-Key; a 503 is tried again with it). */
const http = (method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) => call(cloud.endpoints.api, method, path, options.body, options.headers);

/** A clerk of a service point, signed as `npm run token -- --role clerk --service-point <id>` does. */
const clerk = async (servicePointId: string) => ({
  authorization: `Bearer ${await signToken(dataDir, { sub: `clerk-${servicePointId}`, token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': servicePointId })}`,
});

/** Uploads the PDF to a slot through its presigned form (as a browser does) and waits until it is verified. */
async function uploadVerified(base: string, slot: string, headers: Record<string, string>) {
  const asked = await http('POST', `${base}/documents/${slot}/upload-url`, {
    body: { contentType: 'application/pdf', size: samplePdf.length, sha256: sha256(samplePdf) },
    headers,
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  expect((await postForm(asked.body)).status).toBe(204);
  const state = await eventually(async () => {
    const s = (await http('GET', base, { headers })).body.documents?.find((d: any) => d.id === slot);
    return s?.status === 'verified' || s?.status === 'rejected' ? s.status : undefined;
  }, 45_000);
  expect(state, slot).toBe('verified');
}

/** The messages of an agency's FIFO queue for one dossier, read as the agency's consumer would. */
async function routedTo(agencyId: string, code: string): Promise<Message[]> {
  const url = cloud.queueUrls[names.agencyQueue(t.prefix, agencyId)]!;
  const found: Message[] = [];
  await eventually(async () => {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
    found.push(...(out.Messages ?? []).filter((m) => JSON.parse(m.Body!).dossierCode === code));
    return found.length > 0 ? true : undefined;
  }, 30_000);
  return found;
}

describe('the local cloud on gia-lai-2025 (the deployed dataset)', () => {
  it('creates a queue for each of the merged province’s agencies', () => {
    expect(t.agencies).toHaveLength(gl2025.agencies.size);
    for (const id of ['xa-iakrai', 'xa-iagrai', 'gl-stp']) expect(cloud.queueUrls[names.agencyQueue(t.prefix, id)], id).toEqual(expect.any(String));
  });

  it('lists the 2025 procedures in the catalogue', async () => {
    const res = await http('GET', '/v1/procedures');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: any) => p.id).sort()).toEqual([...gl2025.procedures.keys()].sort());
    const ltp = await http('GET', '/v1/procedures/ltp-cap-phieu');
    expect(ltp.body.competentAgency).toEqual({ id: 'gl-stp', name: 'Sở Tư pháp tỉnh Gia Lai' });
  });

  it('takes an online birth registration in Xã Ia Krái: accepted by the commune’s one-stop section, routed to its People’s Committee', async () => {
    // Arrange: a resident of Xã Ia Krái (23776, formed from Ia Tô, Ia Khai and Ia Krái)
    const created = await http('POST', '/v1/dossiers', { body: dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '23776' }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { ref, accessToken } = created.body;
    const citizen = { 'x-dossier-token': accessToken as string };
    for (const slot of created.body.documents.filter((d: any) => d.mandatory)) await uploadVerified(`/v1/dossiers/${ref}`, slot.id, citizen);
    const submitted = await http('POST', `/v1/dossiers/${ref}/submit`, { headers: citizen });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual(expect.objectContaining({ status: 'new', receivingUnit: expect.objectContaining({ id: 'motcua-iakrai' }) }));

    // Act: an officer at the section's desk (Bưu điện văn hóa xã Ia Tô) accepts it
    const accepted = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer: 'Rơ Mah H’Lan' }, headers: await clerk('bdvhx-iato') });

    // Assert
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const code: string = accepted.body.form.code;
    expect(code.startsWith('000.02.50.H21-')).toBe(true);
    const [message, ...more] = await routedTo('xa-iakrai', code);
    expect(more).toEqual([]);
    expect(message!.Attributes?.MessageGroupId).toBe(code);
    const envelope = agencyEnvelopeV1.parse(JSON.parse(message!.Body!));
    expect(envelope).toEqual(
      expect.objectContaining({
        dossierCode: code,
        agency: { id: 'xa-iakrai', code: '000.02.50.H21', name: 'Ủy ban nhân dân xã Ia Krái' },
        applicant: expect.objectContaining({ unitId: '23776', unitName: 'Xã Ia Krái' }),
        procedure: expect.objectContaining({ id: 'ho-tich-khai-sinh' }),
      }),
    );
  });

  it('lets the officers of Phường Pleiku’s own centre, where the post office has no desk, accept its online dossiers', async () => {
    // Arrange: a resident of Phường Pleiku (23575) submits online; the ward's section has no post-office desk
    const created = await http('POST', '/v1/dossiers', { body: dossierBody({ procedureId: 'ho-tich-khai-sinh', unitId: '23575' }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { ref, accessToken } = created.body;
    const citizen = { 'x-dossier-token': accessToken as string };
    for (const slot of created.body.documents.filter((d: any) => d.mandatory)) await uploadVerified(`/v1/dossiers/${ref}`, slot.id, citizen);
    const submitted = await http('POST', `/v1/dossiers/${ref}/submit`, { headers: citizen });
    expect(submitted.body).toEqual(expect.objectContaining({ status: 'new', receivingUnit: expect.objectContaining({ id: 'motcua-p-pleiku' }) }));

    // Act: an officer of the ward's section signs in at its public administration service centre
    const officer = await clerk('ttphcc-p-pleiku');
    const queue = await http('GET', '/v1/counter/reception', { headers: officer });
    const accepted = await http('POST', `/v1/counter/dossiers/${ref}/acceptance`, { body: { officer: 'Nguyễn Thị Hoa' }, headers: officer });

    // Assert: the dossier was in the ward's queue, gets the ward's code and reaches its People's Committee
    expect(queue.body.items.map((i: any) => i.ref)).toContain(ref);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const code: string = accepted.body.form.code;
    expect(code.startsWith('000.07.50.H21-')).toBe(true);
    const [message] = await routedTo('p-pleiku', code);
    expect(agencyEnvelopeV1.parse(JSON.parse(message!.Body!)).agency).toEqual({ id: 'p-pleiku', code: '000.07.50.H21', name: 'Ủy ban nhân dân phường Pleiku' });
    // The applicant's record of who read the dossier names a section officer, not a post-office clerk
    const view = await http('GET', `/v1/dossiers/${ref}`, { headers: citizen });
    expect(JSON.stringify(view.body)).toContain('Cán bộ một cửa (điểm phục vụ Trung tâm Phục vụ hành chính công phường Pleiku)');
  });

  it('receives a certification at the Ia Grai post office’s counter at once and routes it to Xã Ia Grai once scanned', async () => {
    // Arrange: a clerk of Bưu điện Ia Grai (a one-stop desk of Xã Ia Grai's section)
    const headers = await clerk('bd-iagrai');
    const body = { ...dossierBody({ procedureId: 'chung-thuc-ban-sao', unitId: '23764' }), resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' } };

    // Act
    const created = await http('POST', '/v1/counter/dossiers', { body, headers });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const code: string = created.body.code;
    for (const slot of created.body.documents.filter((d: any) => d.mandatory)) await uploadVerified(`/v1/counter/dossiers/${code}`, slot.id, headers);

    // Assert: received on the spot under the section's code, then routed to the commune
    expect(created.body).toEqual(expect.objectContaining({ status: 'received', dueAt: expect.any(String) }));
    expect(code.startsWith('000.01.50.H21-')).toBe(true);
    const [message] = await routedTo('xa-iagrai', code);
    expect(JSON.parse(message!.Body!).agency).toEqual({ id: 'xa-iagrai', code: '000.01.50.H21', name: 'Ủy ban nhân dân xã Ia Grai' });
  });
});
