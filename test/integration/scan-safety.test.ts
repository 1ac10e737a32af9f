/**
 * Scan safety (issue 8, finding 9) end to end through the local cloud: scans posted to the
 * presigned form as a browser posts them, file checks by the documents function, malware scans
 * by the GuardDuty stand-in (infra/local/malware-scanner.ts) delivered to the malware-scans
 * function. A slot is verified only when both halves passed.
 *
 * The order of the two halves is forced with the app functions called directly on a bucket of
 * the test's own (no notification, no scanner), DynamoDB and S3 staying the real emulators.
 */
import { CreateBucketCommand, GetObjectTaggingCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { recordMalwareScan, verifyDocument } from '../../shared/app/documents.ts';
import { DocumentBucket, documentKey } from '../../shared/aws/document-bucket.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { province } from '../../shared/province/index.ts';
import { api, db, dossiersTable, eventually, http, t } from '../support/cloud.ts';
import { askUpload, samplePdf, sha256, slotState, uploadScan } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { buildPdf, eicar, openActionPdf } from '../support/pdf.ts';

const bucket = names.bucket(t.prefix, 'documents');
const s3 = new S3Client({ forcePathStyle: true });
const citizen = (token: string) => ({ 'x-dossier-token': token });
const slotKey = (code: string, slot: string) => documentKey(code, 'documents', slot);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PDF whose comment line is the EICAR test string: it passes the file checks, not the malware scan. */
const eicarPdf = () => Buffer.concat([Buffer.from('%PDF-1.4\n%'), eicar, Buffer.from('\n'), buildPdf({ objects: ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[]/Count 0>>'] }).subarray(9)]);

async function draft() {
  const created = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': randomUUID() } });
  expect(created.status).toBe(201);
  return { code: created.body.ref as string, token: created.body.accessToken as string };
}

/** Makes the stand-in scanner slow, fail or silent for one dossier's keys. */
async function scanner(code: string, rule: { delayMs?: number; result?: string }) {
  const res = await fetch(`${api}/_local/malware-scanner`, { method: 'PUT', body: JSON.stringify({ prefix: `dossiers/${code}/`, ...rule }) });
  expect(res.status).toBe(204);
}
afterEach(async () => void (await fetch(`${api}/_local/malware-scanner`, { method: 'DELETE' })));

async function exists(key: string) {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}
const quarantined = async (code: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `quarantine/${code}/documents/doc-1/` }))).Contents ?? []).map((o) => o.Key);
const storedSlot = async (code: string) => (await new DossierStore(db, dossiersTable).getDossier(code))!.documents['doc-1']!;
const timeline = async (code: string) => (await http('GET', `/v1/dossiers/${code}`)).body.timeline.map((e: any) => e.type);
async function expectQuarantined(code: string) {
  await eventually(async () => ((await exists(slotKey(code, 'doc-1'))) ? undefined : true));
  expect(await quarantined(code)).toHaveLength(1);
}

describe('active content in a PDF (finding 9)', () => {
  it('rejects a file that begins %PDF-1.4 and carries an /OpenAction JavaScript object, names it, and quarantines it', async () => {
    const { code, token } = await draft();
    expect(await uploadScan(code, 'doc-1', token, openActionPdf())).toBe(204);

    const state = await slotState(code, 'doc-1', citizen(token));
    expect(state).toEqual(expect.objectContaining({ status: 'rejected', reason: 'tệp PDF chứa hành động tự chạy khi mở tệp (/OpenAction): không được chấp nhận' }));
    await expectQuarantined(code);
    expect((await http('POST', `/v1/dossiers/${code}/submit`, { headers: citizen(token) })).status).toBe(409);
  });
});

describe('malware scan (GuardDuty Malware Protection for S3; the stand-in locally)', () => {
  it('rejects the EICAR test file and quarantines it', async () => {
    const { code, token } = await draft();
    // Declared as a PDF with its real size and checksum: S3 takes it.
    expect(await uploadScan(code, 'doc-1', token, eicar)).toBe(204);

    const state = await slotState(code, 'doc-1', citizen(token));
    expect(state.status).toBe('rejected');
    // Whichever half refused it first: the malware scan, or the file checks (it is no PDF).
    expect(['tệp chứa mã độc (EICAR-Test-File (not a virus)): không được chấp nhận', 'nội dung tệp không phải PDF, JPEG hoặc PNG']).toContain(state.reason);
    await expectQuarantined(code);
  });

  it('rejects a PDF carrying EICAR that passes the file checks, naming the threat', async () => {
    const { code, token } = await draft();
    await scanner(code, { delayMs: 1500 });
    expect(await uploadScan(code, 'doc-1', token, eicarPdf())).toBe(204);
    // The file checks pass first; the slot waits for the malware result.
    await eventually(async () => ((await storedSlot(code)).awaiting === 'malware-scan' ? true : undefined));

    const state = await slotState(code, 'doc-1', citizen(token));
    expect(state).toEqual(expect.objectContaining({ status: 'rejected', reason: 'tệp chứa mã độc (EICAR-Test-File (not a virus)): không được chấp nhận' }));
    await expectQuarantined(code);
    expect(await timeline(code)).toEqual(['dossier.created', 'document.rejected']);
  });

  it('verifies a clean PDF only once the malware result is in (submission waits for it), the object tagged as GuardDuty tags it', async () => {
    const { code, token } = await draft();
    await scanner(code, { delayMs: 2500 });
    expect(await uploadScan(code, 'doc-1', token, samplePdf)).toBe(204);
    expect(await uploadScan(code, 'doc-2', token, samplePdf)).toBe(204);

    await eventually(async () => ((await storedSlot(code)).awaiting === 'malware-scan' ? true : undefined));
    const view = await http('GET', `/v1/dossiers/${code}`, { headers: citizen(token) });
    expect(view.body.documents.find((d: any) => d.id === 'doc-1')).toEqual(expect.objectContaining({ status: 'uploaded', statusLabel: 'Đã tải lên, đang kiểm tra' }));
    const early = await http('POST', `/v1/dossiers/${code}/submit`, { headers: citizen(token) });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('urn:motcua:problem:documents-missing');

    expect((await slotState(code, 'doc-1', citizen(token))).status).toBe('verified');
    expect((await slotState(code, 'doc-2', citizen(token))).status).toBe('verified');
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: slotKey(code, 'doc-1') }));
    expect(tags.TagSet).toEqual([{ Key: 'GuardDutyMalwareScanStatus', Value: 'NO_THREATS_FOUND' }]);
    expect((await http('POST', `/v1/dossiers/${code}/submit`, { headers: citizen(token) })).status).toBe(200);
    expect((await timeline(code)).filter((e: string) => e.startsWith('document.'))).toEqual(['document.verified', 'document.verified']);
  });

  it('rejects, asking for a new upload, when the scan could not be done', async () => {
    const { code, token } = await draft();
    await scanner(code, { result: 'FAILED' });
    expect(await uploadScan(code, 'doc-1', token, samplePdf)).toBe(204);
    expect(await slotState(code, 'doc-1', citizen(token))).toEqual(expect.objectContaining({ status: 'rejected', reason: 'hệ thống chưa quét được mã độc trong tệp: vui lòng tải lên lại' }));
  });

  it('never verifies a scan whose malware result does not come (GuardDuty down)', async () => {
    const { code, token } = await draft();
    await scanner(code, { result: 'no-event' });
    expect(await uploadScan(code, 'doc-1', token, samplePdf)).toBe(204);
    await eventually(async () => ((await storedSlot(code)).awaiting === 'malware-scan' ? true : undefined));
    await sleep(1500);
    expect((await storedSlot(code)).status).toBe('uploaded');
  });
});

describe('the two halves in either order, and a redelivered malware result', () => {
  /** A draft with a form issued for doc-1, and the file written to a bucket of the test's own. */
  async function written(file: Buffer) {
    const s3Faults = new S3Client({});
    const own = `scans-${randomUUID().slice(0, 8)}`;
    await s3Faults.send(new CreateBucketCommand({ Bucket: own }));
    const deps = { store: new DossierStore(db, dossiersTable), bucket: new DocumentBucket(s3Faults, own), province: province(), now: () => new Date() };
    const { code, token } = await draft();
    expect((await askUpload(code, 'doc-1', file, { token })).status).toBe(201);
    const key = slotKey(code, 'doc-1');
    const put = await s3Faults.send(new PutObjectCommand({ Bucket: own, Key: key, Body: file, ContentType: 'application/pdf', ChecksumSHA256: sha256(file) }));
    const eTag = put.ETag!.replace(/"/g, '');
    const report = (result: 'NO_THREATS_FOUND' | 'THREATS_FOUND', eventId = randomUUID()) => ({ eventId, key, eTag, result, ...(result === 'THREATS_FOUND' ? { threats: ['EICAR-Test-File (not a virus)'] } : {}) });
    const slot = async () => (await deps.store.getDossier(code))!.documents['doc-1']!;
    const history = async () => (await deps.store.getWithEvents(code))!.events.filter((e) => e.type.startsWith('document.')).map((e) => e.type);
    return { deps, key, code, report, slot, history, write: { sequencer: '0001' } };
  }

  it('verifies when the file checks come first, then the clean result', async () => {
    const w = await written(samplePdf);
    expect(await verifyDocument(w.deps, w.key, w.write)).toBe('awaiting');
    expect((await w.slot()).status).toBe('uploaded');
    expect(await recordMalwareScan(w.deps, w.report('NO_THREATS_FOUND'))).toBe('verified');
    expect(await w.slot()).toEqual(expect.objectContaining({ status: 'verified', sha256: sha256(samplePdf) }));
    expect(await w.history()).toEqual(['document.verified']);
  });

  it('verifies when the clean result comes first, then the file checks', async () => {
    const w = await written(samplePdf);
    expect(await recordMalwareScan(w.deps, w.report('NO_THREATS_FOUND'))).toBe('recorded');
    expect((await w.slot()).status).toBe('empty');
    expect(await verifyDocument(w.deps, w.key, w.write)).toBe('verified');
    expect(await w.slot()).toEqual(expect.objectContaining({ status: 'verified', sha256: sha256(samplePdf) }));
    expect(await w.history()).toEqual(['document.verified']);
  });

  it('verifies when both halves arrive at the same moment (neither change lost)', async () => {
    // Both halves may change the slot without a dossier event; the slot's revision guards them.
    for (let round = 0; round < 5; round++) {
      const w = await written(samplePdf);
      await Promise.all([verifyDocument(w.deps, w.key, w.write), recordMalwareScan(w.deps, w.report('NO_THREATS_FOUND'))]);
      expect((await w.slot()).status, `round ${round}`).toBe('verified');
      expect(await w.history()).toEqual(['document.verified']);
    }
  });

  it('rejects and quarantines an infected file in either order', async () => {
    for (const malwareFirst of [true, false]) {
      const w = await written(eicarPdf());
      if (malwareFirst) {
        expect(await recordMalwareScan(w.deps, w.report('THREATS_FOUND'))).toBe('rejected');
        expect(await verifyDocument(w.deps, w.key, w.write)).toBe('ignored'); // moved away already
      } else {
        expect(await verifyDocument(w.deps, w.key, w.write)).toBe('awaiting');
        expect(await recordMalwareScan(w.deps, w.report('THREATS_FOUND'))).toBe('rejected');
      }
      expect(await w.slot()).toEqual(expect.objectContaining({ status: 'rejected', reason: 'tệp chứa mã độc (EICAR-Test-File (not a virus)): không được chấp nhận' }));
      expect(await w.deps.bucket.current(w.key)).toBeUndefined();
      expect(await w.history()).toEqual(['document.rejected']);
    }
  });

  it('treats a redelivered malware result as a no-op', async () => {
    const w = await written(samplePdf);
    expect(await verifyDocument(w.deps, w.key, w.write)).toBe('awaiting');
    const report = w.report('NO_THREATS_FOUND');
    expect(await recordMalwareScan(w.deps, report)).toBe('verified');
    const before = await w.deps.store.getDossier(w.code);
    expect(await recordMalwareScan(w.deps, report)).toBe('already');
    expect(await recordMalwareScan(w.deps, report)).toBe('already');
    expect((await w.deps.store.getDossier(w.code))!.version).toBe(before!.version);
    expect(await w.history()).toEqual(['document.verified']);
  });
});
