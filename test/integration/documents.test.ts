/**
 * Scanned documents end to end (issue 4): upload forms asked over HTTP and posted to S3 as a
 * browser posts them, verification driven by S3's object-created events, submission waiting for
 * the scans, counter intake, and agency downloads. Everything goes through the local cloud: the
 * S3 front checks POST policies as S3 does, so what S3 refuses is refused here too.
 */
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { names } from '../../infra/topology.ts';
import { DocumentBucket } from '../../shared/aws/document-bucket.ts';
import { agencyEnvelopeV1 } from '../../shared/contracts/agency-envelope.ts';
import { defaultMaxBytes } from '../../shared/domain/documents.ts';
import { cloud, db, dossiersTable, eventually, http, refOf, scanAll, t } from '../support/cloud.ts';
import { askUpload, officerOf, postForm, samplePdf, sha256, slotState, uploadScan } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor } from '../support/queues.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const bucket = names.bucket(t.prefix, 'documents');
// Endpoint, region and credentials come from the AWS_ENDPOINT_URL_* env that cloud.ts sets.
const s3 = new S3Client({ forcePathStyle: true });

/** A second, different real PDF (two pages), to tell a replaced file from the first one. */
const otherPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n4 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A Windows executable: the DOS header ("MZ") and stub, as a file renamed .pdf starts. */
const windowsExe = Buffer.concat([
  Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]),
  Buffer.from('This program cannot be run in DOS mode.\r\r\n$'),
  Buffer.alloc(256),
]);
/** A real 1×1 PNG. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const slotKey = (code: string, slot: string) => `dossiers/${code}/documents/${slot}`;
const citizen = (token: string) => ({ 'x-dossier-token': token });
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new online draft (procedure ltp-cap-phieu: doc-1 and doc-2 mandatory, agency gl-stp). */
async function draft(): Promise<{ code: string; token: string }> {
  const created = await http('POST', '/v1/dossiers', { body: dossierBody() });
  expect(created.status).toBe(201);
  return { code: created.body.ref, token: created.body.accessToken };
}

/** Uploads a file to a slot through the form and waits for the documents function's verdict. */
async function scan(code: string, slot: string, token: string, file: Buffer = samplePdf) {
  expect(await uploadScan(code, slot, token, file)).toBe(204);
  return slotState(code, slot, citizen(token));
}

/** A draft whose doc-2 is verified: only doc-1 stands between it and submission. */
async function draftMissingDoc1() {
  const d = await draft();
  expect((await scan(d.code, 'doc-2', d.token)).status).toBe('verified');
  return d;
}

/** A draft with every mandatory scan verified. */
async function completeDraft(files: { doc1?: Buffer } = {}) {
  const d = await draft();
  expect((await scan(d.code, 'doc-1', d.token, files.doc1)).status).toBe('verified');
  expect((await scan(d.code, 'doc-2', d.token)).status).toBe('verified');
  return d;
}

const submit = (code: string, headers: Record<string, string> = {}) => http('POST', `/v1/dossiers/${code}/submit`, { headers });
/** An officer of the centre (which receives the criminal-record certificate) accepts the dossier. */
const accept = async (code: string) => http('POST', `/v1/counter/dossiers/${code}/acceptance`, { body: { officer: 'Rơ Mah H’Lan' }, headers: await officerOf('ttphcc-gialai') });

/** The slot as the token holder sees it now (no waiting). */
async function slotNow(code: string, slot: string, token: string) {
  const res = await http('GET', `/v1/dossiers/${code}`, { headers: citizen(token) });
  return res.body.documents.find((d: any) => d.id === slot);
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound' || (error as { name?: string }).name === 'NoSuchKey') return false;
    throw error;
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

/** S3's XML error answer, read the way a client library reads it. */
async function s3Error(res: Response) {
  const text = await res.text();
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  return { status: res.status, code: tag('Code'), message: tag('Message') };
}

/** Submission is refused with 409 documents-missing naming exactly these slots. */
async function expectSubmitRefusedFor(code: string, token: string, slots: string[]) {
  const res = await submit(code, citizen(token));
  expect(res.status).toBe(409);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.type).toBe('urn:motcua:problem:documents-missing');
  expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(slots.map((s) => `documents.${s}`));
  expect((await http('GET', `/v1/dossiers/${code}`)).body.status).toBe('draft');
}

describe('a citizen’s scans, from the presigned form to the agency’s queue', () => {
  it('verifies a PDF posted to the form as a browser posts it, and the submitted dossier reaches the agency listing its slots, not URLs', async () => {
    const { code, token } = await draft();

    const asked = await askUpload(code, 'doc-1', samplePdf, { token });
    expect(asked.status).toBe(201);
    // The server fixes the key; the form pins the declared type and checksum and lives ≤ 15 min.
    expect(asked.body.key).toBe(slotKey(code, 'doc-1'));
    expect(asked.body.fields).toEqual(expect.objectContaining({ key: slotKey(code, 'doc-1'), 'Content-Type': 'application/pdf', 'x-amz-checksum-sha256': sha256(samplePdf) }));
    expect(Date.parse(asked.body.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    const posted = await postForm(asked.body, samplePdf);
    expect(posted.status).toBe(204);
    const doc1 = await slotState(code, 'doc-1', citizen(token));
    expect(doc1).toEqual(expect.objectContaining({ status: 'verified', contentType: 'application/pdf', size: samplePdf.length }));
    expect((await scan(code, 'doc-2', token)).status).toBe('verified');

    const submitted = await submit(code, citizen(token));
    expect(submitted.status).toBe(200);
    // Submitted, it waits for an officer: no code, no clock, nothing routed yet.
    expect(submitted.body).toEqual(expect.objectContaining({ status: 'new' }));
    expect(submitted.body.code).toBeUndefined();
    expect(submitted.body.dueAt).toBeUndefined();
    const accepted = await accept(code);
    expect(accepted.body.dossier).toEqual(expect.objectContaining({ status: 'received', dueAt: expect.any(String) }));

    const messages = await collectFor(await agencyQueueUrl('gl-stp'), accepted.body.form.code);
    expect(messages).toHaveLength(1);
    const envelope = agencyEnvelopeV1.parse(JSON.parse(messages[0]!.Body!));
    expect(envelope.documents).toEqual([
      { slot: 'doc-1', name: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', contentType: 'application/pdf', size: samplePdf.length, sha256: sha256(samplePdf) },
      { slot: 'doc-2', name: 'Bản chụp Căn cước công dân', contentType: 'application/pdf', size: samplePdf.length, sha256: sha256(samplePdf) },
    ]);
    expect(messages[0]!.Body!).not.toMatch(/https?:\/\//);
  });

  it('answers a repeated declaration with a fresh form and writes nothing: no second change, no idempotency record', async () => {
    const { code, token } = await draft();
    const key = randomUUID();
    const first = await askUpload(code, 'doc-1', samplePdf, { token, headers: { 'idempotency-key': key } });
    const dossierItem = async () => (await db.send(new GetCommand({ TableName: dossiersTable, Key: { pk: `DOSSIER#${code}`, sk: 'DOSSIER' }, ConsistentRead: true }))).Item!;
    const afterFirst = await dossierItem();
    const again = await askUpload(code, 'doc-1', samplePdf, { token, headers: { 'idempotency-key': key } });
    const withoutKey = await askUpload(code, 'doc-1', samplePdf, { token });

    expect([first.status, again.status, withoutKey.status]).toEqual([201, 201, 201]);
    expect(await dossierItem()).toEqual(afterFirst);
    const records = await scanAll(names.table(t.prefix, 'idempotency'), { expression: 'begins_with(id, :op)', values: { ':op': 'requestUploadUrl#' } });
    expect(records).toEqual([]);
    // The fresh form works: the scan it carries is verified.
    expect(await postForm(again.body, samplePdf)).toHaveProperty('status', 204);
    expect((await slotState(code, 'doc-1', citizen(token))).status).toBe('verified');
  });

  it('keeps the slot verified, and its file in place, when the browser posts the same form twice', async () => {
    const { code, token } = await draft();
    const asked = await askUpload(code, 'doc-1', samplePdf, { token });

    // A double click: two writes of the same bytes (the policy pins the checksum), one declaration.
    expect((await postForm(asked.body, samplePdf)).status).toBe(204);
    expect((await postForm(asked.body, samplePdf)).status).toBe(204);

    expect((await slotState(code, 'doc-1', citizen(token))).status).toBe('verified');
    await sleep(1000);
    expect((await slotNow(code, 'doc-1', token)).status).toBe('verified');
    expect(await objectExists(slotKey(code, 'doc-1'))).toBe(true);
    const timeline = (await http('GET', `/v1/dossiers/${code}`)).body.timeline.map((e: any) => e.type);
    expect(timeline).toEqual(['dossier.created', 'document.verified']);
  });
});

describe('scans refused by S3 or rejected on verification, and a dossier that cannot be submitted with them', () => {
  it('rejects a Windows executable renamed .pdf: S3 takes it, verification rejects it, the object goes to quarantine', async () => {
    const { code, token } = await draftMissingDoc1();
    // Declared as a PDF with its real size and checksum: the policy cannot see inside the file.
    expect(await uploadScan(code, 'doc-1', token, windowsExe)).toBe(204);

    const state = await slotState(code, 'doc-1', citizen(token));
    expect(state).toEqual(expect.objectContaining({ status: 'rejected', statusLabel: 'Không hợp lệ', reason: 'nội dung tệp không phải PDF, JPEG hoặc PNG' }));
    await eventually(async () => ((await objectExists(slotKey(code, 'doc-1'))) ? undefined : true));
    expect(await keysUnder(`quarantine/${code}/`)).toEqual([expect.stringMatching(new RegExp(`^quarantine/${code.replace(/\./g, '\\.')}/documents/doc-1/`))]);
    await expectSubmitRefusedFor(code, token, ['doc-1']);
  });

  it('refuses to issue a form for a file declared over 20 MB, naming size', async () => {
    const { code, token } = await draftMissingDoc1();
    const res = await askUpload(code, 'doc-1', samplePdf, { token, declared: { size: defaultMaxBytes + 1 } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.type).toBe('urn:motcua:problem:validation');
    expect(res.body.field).toBe('size');
    expect((await slotNow(code, 'doc-1', token)).status).toBe('empty');
    await expectSubmitRefusedFor(code, token, ['doc-1']);
  });

  it('lets S3 refuse a body over the slot’s 20 MB whatever size was declared (EntityTooLarge), and nothing lands in the slot', async () => {
    const { code, token } = await draftMissingDoc1();
    const asked = await askUpload(code, 'doc-1', samplePdf, { token });
    // The only limit is the default 20 MB: one 21 MB body, starting like a PDF.
    const big = Buffer.alloc(21 * 1024 * 1024);
    samplePdf.copy(big);

    const res = await s3Error(await postForm(asked.body, big));
    expect(res).toEqual(expect.objectContaining({ status: 400, code: 'EntityTooLarge' }));
    expect(await objectExists(slotKey(code, 'doc-1'))).toBe(false);
    expect((await slotNow(code, 'doc-1', token)).status).toBe('empty');
    await expectSubmitRefusedFor(code, token, ['doc-1']);
  });

  it('lets S3 refuse a body whose SHA-256 is not the declared one (BadDigest), and the slot stays empty', async () => {
    const { code, token } = await draftMissingDoc1();
    const asked = await askUpload(code, 'doc-1', samplePdf, { token, declared: { sha256: sha256(otherPdf) } });
    expect(asked.status).toBe(201);

    const res = await s3Error(await postForm(asked.body, samplePdf));
    expect(res).toEqual(expect.objectContaining({ status: 400, code: 'BadDigest' }));
    expect(await objectExists(slotKey(code, 'doc-1'))).toBe(false);
    expect((await slotNow(code, 'doc-1', token)).status).toBe('empty');
    await expectSubmitRefusedFor(code, token, ['doc-1']);
  });

  it('rejects an object put straight into a slot key when no upload form was issued', async () => {
    const { code, token } = await draftMissingDoc1();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: slotKey(code, 'doc-1'), Body: samplePdf, ContentType: 'application/pdf' }));

    const state = await slotState(code, 'doc-1', citizen(token));
    expect(state).toEqual(expect.objectContaining({ status: 'rejected', reason: 'tệp không được tải lên qua đường dẫn do hệ thống cấp' }));
    await eventually(async () => ((await objectExists(slotKey(code, 'doc-1'))) ? undefined : true));
    await expectSubmitRefusedFor(code, token, ['doc-1']);
  });

  it('rejects a PNG posted against a PDF declaration (the form’s Content-Type is only a field), and takes it once declared as PNG', async () => {
    const { code, token } = await draftMissingDoc1();
    // Declared application/pdf with the PNG's real size and checksum; the file part says image/png.
    const asked = await askUpload(code, 'doc-1', png, { token, contentType: 'application/pdf' });
    expect((await postForm(asked.body, png, 'image/png')).status).toBe(204);

    const state = await slotState(code, 'doc-1', citizen(token));
    expect(state).toEqual(expect.objectContaining({ status: 'rejected', reason: 'tệp khai báo là application/pdf nhưng nội dung là image/png' }));
    await expectSubmitRefusedFor(code, token, ['doc-1']);

    // The citizen corrects the declaration and sends the very same file again.
    const again = await askUpload(code, 'doc-1', png, { token, contentType: 'image/png' });
    expect((await postForm(again.body, png, 'image/png')).status).toBe(204);
    const fixed = await eventually(async () => {
      const s = await slotNow(code, 'doc-1', token);
      return s.status === 'verified' ? s : undefined;
    });
    expect(fixed).toEqual(expect.objectContaining({ status: 'verified', contentType: 'image/png', size: png.length }));
  });
});

describe('upload forms S3 refuses: expired, for another dossier’s slot, or for a key outside the slot', () => {
  let a: { code: string; token: string };
  let b: { code: string; token: string };
  let formA: { url: string; fields: Record<string, string> };
  beforeAll(async () => {
    [a, b] = await Promise.all([draft(), draft()]);
    formA = (await askUpload(a.code, 'doc-1', samplePdf, { token: a.token })).body;
  });

  it('refuses a form whose policy has expired with 403 Policy expired', async () => {
    // The API's forms live 15 minutes: build one with the same adapter and conditions, living 1 s.
    const form = await new DocumentBucket(s3, bucket).uploadForm({
      key: slotKey(b.code, 'doc-1'),
      contentType: 'application/pdf',
      maxBytes: defaultMaxBytes,
      sha256: sha256(samplePdf),
      expiresSeconds: 1,
      now: new Date(),
    });
    await sleep(2000);

    const res = await s3Error(await postForm(form, samplePdf));
    expect(res).toEqual({ status: 403, code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' });
    expect(await objectExists(slotKey(b.code, 'doc-1'))).toBe(false);
  });

  it('refuses dossier A’s form pointed at dossier B’s slot with 403, and B’s slot stays empty', async () => {
    const res = await s3Error(await postForm({ url: formA.url, fields: { ...formA.fields, key: slotKey(b.code, 'doc-1') } }, samplePdf));
    expect(res.status).toBe(403);
    expect(res.code).toBe('AccessDenied');
    expect(res.message).toContain('Policy Condition failed');
    expect(res.message).toContain(slotKey(a.code, 'doc-1'));
    expect(await objectExists(slotKey(b.code, 'doc-1'))).toBe(false);
    expect((await slotNow(b.code, 'doc-1', b.token)).status).toBe('empty');
  });

  for (const [what, key] of [
    ['a path climbing out of the slot', (code: string) => `dossiers/${code}/documents/../../x`],
    ['the quarantine', (code: string) => `quarantine/${code}/documents/doc-1/x`],
    ['another slot of the same dossier', (code: string) => slotKey(code, 'doc-2')],
  ] as const)
    it(`refuses a key outside the slot (${what}) with 403`, async () => {
      const res = await s3Error(await postForm({ url: formA.url, fields: { ...formA.fields, key: key(a.code) } }, samplePdf));
      expect(res).toEqual(expect.objectContaining({ status: 403, code: 'AccessDenied' }));
      expect(res.message).toContain('Policy Condition failed');
      expect(await objectExists(key(a.code))).toBe(false);
    });

  it('still takes the untouched form for its own slot', async () => {
    expect((await postForm(formA, samplePdf)).status).toBe(204);
    expect((await slotState(a.code, 'doc-1', citizen(a.token))).status).toBe('verified');
  });
});

describe('agency downloads: GET /v1/agency/dossiers/{code}/documents/{slot}', () => {
  let code: string;
  let stp: string;
  const download = (slot: string, jwt?: string) => http('GET', `/v1/agency/dossiers/${code}/documents/${slot}`, jwt ? { headers: bearer(jwt) } : {});
  // The agency's own view is a recorded read too: leave those out.
  const timeline = async () =>
    (await http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(stp) })).body.timeline.map((e: any) => e.type).filter((t: string) => t !== 'dossier.viewed');

  beforeAll(async () => {
    stp = await agencyToken('gl-stp');
    const d = await completeDraft();
    code = d.code;
    // Uploading again replaces the slot's file (the second form, the second file).
    expect(await uploadScan(code, 'doc-1', d.token, otherPdf)).toBe(204);
    // The replacement is checked again, malware scan included, before it counts.
    await eventually(async () => {
      const s = await slotNow(code, 'doc-1', d.token);
      return s.size === otherPdf.length && s.status === 'verified' ? true : undefined;
    });
    expect((await submit(code, citizen(d.token))).status).toBe(200);
    expect((await accept(code)).status).toBe(200);
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined));
  });

  it('gives the agency in charge a link living at most 5 minutes to the exact bytes, and records who downloaded which slot', async () => {
    const res = await download('doc-2', stp);
    expect(res.status).toBe(200);
    expect(Number(new URL(res.body.url).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    // Named after the dossier code, given at reception.
    expect(res.body.fileName).toBe(`${(await http('GET', `/v1/dossiers/${code}`)).body.code}-doc-2.pdf`);

    const file = await fetch(res.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(samplePdf)).toBe(true);

    expect(await timeline()).toContain('document.downloaded');
    const events = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${await refOf(code)}` } }));
    // An access entry beside the events (shared/app/staff-access.ts), not an event.
    const downloads = (events.Items ?? []).filter((i) => i.entity === 'access' && i.read === 'document');
    expect(downloads).toEqual([
      expect.objectContaining({ role: 'agency', agencyId: 'gl-stp', sub: 'agency-user-gl-stp', at: expect.any(String), kind: 'documents', slot: 'doc-2' }),
    ]);
  });

  it('hands out the second upload of a slot uploaded twice', async () => {
    const res = await download('doc-1', stp);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    expect(bytes.equals(otherPdf)).toBe(true);
  });

  it('refuses another agency with 403 and records nothing', async () => {
    const before = await timeline();
    const res = await download('doc-2', await agencyToken('iagrai-vpdkdd'));
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:motcua:problem:forbidden');
    expect(res.body.url).toBeUndefined();
    expect(await timeline()).toEqual(before);
  });

  it('answers 401 without a token and records nothing', async () => {
    const before = await timeline();
    expect((await download('doc-2')).status).toBe(401);
    expect(await timeline()).toEqual(before);
  });
});

describe('counter intake: received at once, routed once the scans are verified', () => {
  const counterBody = () => ({ ...dossierBody(), resultDelivery: { method: 'counter' as const, servicePointId: 'bd-iagrai' } });

  it('receives the dossier with a due date, waits for every mandatory scan, then routes it exactly once', async () => {
    const clerk = bearer(await clerkToken('bd-iagrai'));
    const created = await http('POST', '/v1/counter/dossiers', { body: counterBody(), headers: clerk });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ status: 'received', receivedAt: expect.any(String), dueAt: expect.any(String) }));
    // Received at once at a one-stop desk: the dossier code is there from the start.
    expect(created.body.code.startsWith('000.00.28.H21-')).toBe(true);
    const code: string = created.body.code;
    const queue = await agencyQueueUrl('gl-stp');
    const view = `/v1/counter/dossiers/${code}`;

    expect(await collectFor(queue, code, { min: 0, quietMs: 1500 })).toEqual([]);
    expect((await http('GET', view, { headers: clerk })).body.routedAt).toBeUndefined();

    expect(await uploadScan(code, 'doc-1', undefined, samplePdf, { via: 'counter', headers: clerk })).toBe(204);
    expect((await slotState(code, 'doc-1', clerk, view)).status).toBe('verified');
    // One mandatory scan still missing: not routed.
    expect(await collectFor(queue, code, { min: 0, quietMs: 1500 })).toEqual([]);
    expect((await http('GET', view, { headers: clerk })).body.routedAt).toBeUndefined();

    expect(await uploadScan(code, 'doc-2', undefined, samplePdf, { via: 'counter', headers: clerk })).toBe(204);
    expect((await slotState(code, 'doc-2', clerk, view)).status).toBe('verified');
    const messages = await collectFor(queue, code, { quietMs: 2500 });
    expect(messages).toHaveLength(1);
    expect(agencyEnvelopeV1.parse(JSON.parse(messages[0]!.Body!)).documents.map((d) => d.slot)).toEqual(['doc-1', 'doc-2']);
    const tracked = await eventually(async () => {
      const r = await http('GET', `/v1/dossiers/${code}`);
      return r.body.routedAt ? r : undefined;
    });
    expect(tracked.body.status).toBe('routed');
    expect(tracked.body.dueAt).toBe(created.body.dueAt);
  });

  it('refuses a clerk whose token carries no custom:service_point_id with 403', async () => {
    const lost = bearer(await signToken(cloud.dataDir, { sub: 'clerk-nowhere', token_use: 'id', 'cognito:groups': ['clerk'] }));
    const created = await http('POST', '/v1/counter/dossiers', { body: counterBody(), headers: lost });
    expect(created.status).toBe(403);
    expect(created.body.type).toBe('urn:motcua:problem:forbidden');
    const { code } = await draft();
    expect((await askUpload(code, 'doc-1', samplePdf, { via: 'counter', headers: lost })).status).toBe(403);
  });

  it('refuses counter routes to a citizen without a token (401), even one holding a dossier token', async () => {
    expect((await http('POST', '/v1/counter/dossiers', { body: counterBody() })).status).toBe(401);
    const { code, token } = await draft();
    expect((await askUpload(code, 'doc-1', samplePdf, { via: 'counter', token })).status).toBe(401);
  });
});

describe('submitting: POST /v1/dossiers/{code}/submit', () => {
  it('answers 401 without the dossier token and 403 with a wrong one, leaving the draft as it was', async () => {
    const { code, token } = await completeDraft();
    const none = await submit(code);
    expect(none.status).toBe(401);
    expect(none.body.type).toBe('urn:motcua:problem:unauthorized');
    const wrong = await submit(code, citizen('x'.repeat(43)));
    expect(wrong.status).toBe(403);
    expect(wrong.body.type).toBe('urn:motcua:problem:forbidden');
    expect((await http('GET', `/v1/dossiers/${code}`)).body.status).toBe('draft');
    expect((await submit(code, citizen(token))).status).toBe(200);
  });

  it('refuses a second submission with 409 illegal-transition', async () => {
    const { code, token } = await completeDraft();
    expect((await submit(code, citizen(token))).status).toBe(200);
    const again = await submit(code, citizen(token));
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:motcua:problem:illegal-transition');
  });

  it('answers a submission repeated with the same Idempotency-Key with the same 200, and routes once', async () => {
    const { code, token } = await completeDraft();
    const key = randomUUID();
    const first = await submit(code, { ...citizen(token), 'idempotency-key': key });
    const again = await submit(code, { ...citizen(token), 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    // A replay shows the dossier as it is now (the router may have routed it meanwhile): the same
    // dossier, submitted once.
    expect(again.body.ref).toBe(first.body.ref);
    expect(again.body.receivedAt).toBe(first.body.receivedAt);
    expect(again.body.timeline.filter((e: any) => e.type === 'dossier.submitted')).toHaveLength(1);
    const accepted = await accept(code);
    expect(await collectFor(await agencyQueueUrl('gl-stp'), accepted.body.form.code, { quietMs: 2000 })).toHaveLength(1);
  });
});
