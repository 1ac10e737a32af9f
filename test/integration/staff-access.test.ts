/**
 * Accounted staff access (issue 8, findings 6 and 8), end to end through the local cloud: every
 * staff read of a dossier's personal data is an entry in its history (who, role, where, when,
 * what), written without touching the dossier's version, so a concurrent decision never fails as
 * stale and the router never sends anything for it; staff tokens must name an existing service
 * point or agency; roles come from group names exactly; public tracking shows status only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { decide } from '../../shared/app/decisions.ts';
import { AccessNotRecordedError, downloadAsStaff, readDossierAsStaff } from '../../shared/app/staff-access.ts';
import { DocumentBucket } from '../../shared/aws/document-bucket.ts';
import { s3 } from '../../shared/aws/clients.ts';
import { toProblem } from '../../shared/http/problem.ts';
import { isRoutable } from '../../shared/app/route-dossier.ts';
import { vietnamCalendar } from '../../shared/calendar/index.ts';
import { DossierStore } from '../../shared/aws/dossier-store.ts';
import { province } from '../../shared/province/index.ts';
import { names } from '../../infra/topology.ts';
import { cloud, db, dossiersTable, eventually, http, t } from '../support/cloud.ts';
import { createSubmitAndReceive, samplePdf, sha256, uploadResult } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyQueueUrl, collectFor, drain } from '../support/queues.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const key = () => ({ 'idempotency-key': randomUUID() });
const track = (code: string, token?: string) => http('GET', `/v1/dossiers/${code}`, token ? { headers: { 'x-dossier-token': token } } : {});
const store = new DossierStore(db, dossiersTable);

/** Every item of a dossier's partition (keyed by its reference), as stored. */
async function partition(code: string): Promise<Record<string, any>[]> {
  const ref = await store.resolve(code);
  const out = await db.send(new QueryCommand({ TableName: dossiersTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DOSSIER#${ref}` }, ConsistentRead: true }));
  return out.Items ?? [];
}
const accessItems = async (code: string) => (await partition(code)).filter((i) => i.entity === 'access');
const versionOf = async (code: string) => (await store.getDossier(code))!.version;

/** ltp-cap-phieu goes to gl-stp (Sở Tư pháp); doc-1 and doc-2 mandatory. */
async function routedDossier() {
  const submitted = await createSubmitAndReceive(dossierBody({ procedureId: 'ltp-cap-phieu', cccd: '064190012345' }));
  await eventually(async () => ((await track(submitted.code)).body.routedAt ? true : undefined));
  return submitted;
}

describe('a staff read of a dossier is an entry in its history', () => {
  let code: string;
  let token: string;
  let stp: string;
  let clerk: string;
  beforeAll(async () => {
    ({ code, token } = await routedDossier());
    stp = await agencyToken('gl-stp');
    clerk = await clerkToken('bd-iagrai');
    await collectFor(await agencyQueueUrl('gl-stp'), code);
  });

  it("records a clerk's view: who, role, service point, when, what; without the citizen's data", async () => {
    const before = await versionOf(code);
    const res = await http('GET', `/v1/counter/dossiers/${code}`, { headers: bearer(clerk) });
    expect(res.status).toBe(200);
    expect(res.body.applicant.cccd).toBe('064190012345');

    const entries = await accessItems(code);
    expect(entries).toEqual([
      // The officer who accepted it at reception saw it first (the view answered to the acceptance).
      expect.objectContaining({ sub: 'clerk-ttphcc-quay-buu-dien', role: 'clerk', servicePointId: 'ttphcc-quay-buu-dien', read: 'dossier', operation: 'counterAcceptDossier' }),
      expect.objectContaining({ sub: 'clerk-bd-iagrai', role: 'clerk', servicePointId: 'bd-iagrai', read: 'dossier', at: expect.any(String), operation: 'counterGetDossier' }),
    ]);
    const text = JSON.stringify(entries);
    for (const personal of ['064190012345', '0912345678', '+84912345678', 'Nguyễn Thị Hoa', 'Plei Ia Tô']) expect(text).not.toContain(personal);
    // Not an event: the version stays, so no decision computed meanwhile becomes stale.
    expect(await versionOf(code)).toBe(before);
    // The view the clerk got already lists the read, with who made it.
    expect(res.body.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'dossier.viewed', by: 'clerk-bd-iagrai', role: 'clerk', servicePoint: expect.objectContaining({ id: 'bd-iagrai' }) }));
  });

  it('shows staff reads to the applicant (token) in Vietnamese, and not on public tracking', async () => {
    const mine = await track(code, token);
    const read = mine.body.timeline.find((e: any) => e.type === 'dossier.viewed');
    expect(read.label).toMatch(/^Nhân viên bưu điện \(điểm phục vụ .+\) đã xem thông tin hồ sơ$/);
    expect(read.by).toBeUndefined(); // the staff member's account id stays with staff
    const open = await track(code);
    expect(open.body.timeline.some((e: any) => e.type === 'dossier.viewed')).toBe(false);
  });

  it("records an agency's view and scan download as access entries, not events: no version change, nothing routed", async () => {
    const before = await versionOf(code);
    const view = await http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(stp) });
    expect(view.status).toBe(200);
    const link = await http('GET', `/v1/agency/dossiers/${code}/documents/doc-1`, { headers: bearer(stp) });
    expect(link.status).toBe(200);

    expect(await versionOf(code)).toBe(before);
    const items = await partition(code);
    expect(items.filter((i) => i.type === 'document.downloaded' && i.entity === 'event')).toEqual([]);
    const mine = items.filter((i) => i.entity === 'access' && i.role === 'agency');
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sub: 'agency-user-gl-stp', agencyId: 'gl-stp', read: 'dossier', operation: 'agencyGetDossier' }),
        expect.objectContaining({ sub: 'agency-user-gl-stp', agencyId: 'gl-stp', read: 'document', kind: 'documents', slot: 'doc-1', operation: 'agencyGetDocument' }),
      ]),
    );
    // The router reads the same stream: an access entry is never something it routes.
    for (const item of mine) expect(isRoutable(item)).toBe(false);
    expect((await drain(await agencyQueueUrl('gl-stp'))).filter((m) => JSON.parse(m.Body!).dossierCode === code)).toEqual([]);

    const tracked = await track(code, token);
    const download = tracked.body.timeline.find((e: any) => e.type === 'document.downloaded');
    expect(download.label).toMatch(/^Cán bộ Sở Tư pháp.* đã tải bản quét/);
  });

  it('lets a decision computed before staff reads commit (never stale because of a read)', async () => {
    const loaded = (await store.getDossier(code))!;
    expect((await http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(stp) })).status).toBe(200);
    expect((await http('GET', `/v1/agency/dossiers/${code}/documents/doc-2`, { headers: bearer(stp) })).status).toBe(200);
    expect((await http('GET', `/v1/counter/dossiers/${code}`, { headers: bearer(clerk) })).status).toBe(200);
    const deps = { store, province: province(), calendar: vietnamCalendar(), now: () => new Date() };
    await expect(decide(deps, loaded, { type: 'accept' }, { agencyId: 'gl-stp', sub: 'agency-user-gl-stp' })).resolves.toBeUndefined();
    expect((await store.getDossier(code))!.status).toBe('processing');
  });

  it('records the view returned after an agency decision, and a clerk downloading the result', async () => {
    expect((await uploadResult(code, stp)).status).toBe('verified');
    const done = await http('POST', `/v1/agency/dossiers/${code}/decisions`, { body: { type: 'complete', resultSlots: ['result-1'] }, headers: { ...bearer(stp), ...key() } });
    expect(done.status).toBe(200);
    expect(done.body.applicant).toBeDefined();
    const result = await http('GET', `/v1/counter/dossiers/${code}/results/result-1`, { headers: bearer(clerk) });
    expect(result.status).toBe(200);

    const entries = await accessItems(code);
    expect(entries.filter((e) => e.operation === 'agencyDecide')).toEqual([expect.objectContaining({ role: 'agency', agencyId: 'gl-stp', read: 'dossier' })]);
    expect(entries.filter((e) => e.operation === 'counterGetResultDocument')).toEqual([
      expect.objectContaining({ role: 'clerk', servicePointId: 'bd-iagrai', read: 'document', kind: 'results', slot: 'result-1' }),
    ]);
  });
});

describe('a staff token must name an existing service point or agency', () => {
  it('refuses a clerk whose service point does not exist, on every counter route, with 403 problem+json', async () => {
    const { code } = await routedDossier();
    const before = await accessItems(code);
    const ghost = bearer(await signToken(cloud.dataDir, { sub: 'clerk-ghost', token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-khong-co' }));
    const calls = [
      http('POST', '/v1/counter/dossiers', { body: dossierBody(), headers: { ...ghost, ...key() } }),
      http('GET', `/v1/counter/dossiers/${code}`, { headers: ghost }),
      http('POST', `/v1/counter/dossiers/${code}/documents/doc-1/upload-url`, { body: { contentType: 'application/pdf', size: 10, sha256: sha256(samplePdf) }, headers: { ...ghost, ...key() } }),
      http('POST', `/v1/counter/dossiers/${code}/supplement`, { headers: { ...ghost, ...key() } }),
      http('POST', `/v1/counter/dossiers/${code}/withdrawal`, { body: { reason: 'Công dân không còn nhu cầu', requestSigned: true }, headers: { ...ghost, ...key() } }),
      http('GET', `/v1/counter/dossiers/${code}/results/result-1`, { headers: ghost }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.type).toBe('urn:motcua:problem:forbidden');
    }
    expect(await accessItems(code)).toEqual(before);
  });

  it('refuses an agency token naming an agency that does not exist, with 403', async () => {
    const { code } = await routedDossier();
    const before = await accessItems(code);
    const ghost = bearer(await signToken(cloud.dataDir, { sub: 'agency-ghost', token_use: 'id', 'cognito:groups': ['agency'], 'custom:agency_id': 'so-khong-co' }));
    for (const res of [
      await http('GET', `/v1/agency/dossiers/${code}`, { headers: ghost }),
      await http('GET', `/v1/agency/dossiers/${code}/documents/doc-1`, { headers: ghost }),
      await http('POST', `/v1/agency/dossiers/${code}/decisions`, { body: { type: 'accept' }, headers: { ...ghost, ...key() } }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.type).toBe('urn:motcua:problem:forbidden');
    }
  });
});

describe('roles come from group names exactly', () => {
  it('reads a single group named "courier,agency" as no role at all', async () => {
    const { code } = await routedDossier();
    const jwt = await signToken(cloud.dataDir, { sub: 'u-comma', token_use: 'id', 'cognito:groups': ['courier,agency'], 'custom:agency_id': 'gl-stp' });
    const res = await http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(jwt) });
    expect(res.status).toBe(403);
    expect(res.body.applicant).toBeUndefined();
  });
});

describe('public tracking shows status only', () => {
  it('shows that a supplement is requested and since when; items and reasons only with the token or to staff', async () => {
    const { code, token } = await routedDossier();
    const stp = await agencyToken('gl-stp');
    const request = { type: 'request-supplement', items: [{ slot: 'doc-2', document: 'Bản chụp Căn cước công dân', reason: 'Ảnh mờ, không đọc được số' }], officer: 'Nguyễn Văn B' };
    expect((await http('POST', `/v1/agency/dossiers/${code}/decisions`, { body: request, headers: { ...bearer(stp), ...key() } })).status).toBe(200);

    const open = await track(code);
    expect(open.status).toBe(200);
    expect(open.body.status).toBe('supplement-requested');
    expect(open.body.supplementRequest).toEqual({ at: expect.any(String) });
    const text = JSON.stringify(open.body);
    for (const secret of ['Ảnh mờ', 'Bản chụp Căn cước', 'Nguyễn Văn B', 'Nguyễn Thị Hoa', '064190012345', 'Plei Ia Tô']) expect(text).not.toContain(secret);

    const mine = await track(code, token);
    expect(mine.body.supplementRequest.items).toEqual(request.items);
    const staff = await http('GET', `/v1/agency/dossiers/${code}`, { headers: bearer(stp) });
    expect(staff.body.supplementRequest.items).toEqual(request.items);
  });
});

/**
 * Fault injection a real emulator cannot produce on demand: DynamoDB refusing the access entry's
 * PutItem while reads still work. A middleware on a real client (pointed at DynamoDB Local) throws
 * for that one command, as if the SDK's own retries were spent; everything else goes to the emulator.
 */
describe('a read whose access entry cannot be written', () => {
  it('returns no data: 503 problem+json with Retry-After, and nothing recorded', async () => {
    const { code } = await routedDossier();
    const before = await accessItems(code);
    const client = new DynamoDBClient({});
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') throw Object.assign(new Error('injected: DynamoDB unavailable'), { name: 'InternalServerError' });
        return next(args);
      },
      { step: 'initialize', name: 'injectPutFailure' },
    );
    const flaky = new DossierStore(DynamoDBDocumentClient.from(client), dossiersTable);
    const deps = { store: flaky, bucket: new DocumentBucket(s3(), names.bucket(t.prefix, 'documents')), province: province(), calendar: vietnamCalendar(), now: () => new Date() };
    const clerk = { role: 'clerk' as const, sub: 'clerk-bd-iagrai', servicePointId: 'bd-iagrai' };
    const agency = { role: 'agency' as const, sub: 'agency-user-gl-stp', agencyId: 'gl-stp' };

    const view = readDossierAsStaff(deps, clerk, code, 'counterGetDossier');
    await expect(view).rejects.toBeInstanceOf(AccessNotRecordedError);
    const link = downloadAsStaff(deps, agency, code, { slot: 'doc-1', kind: 'documents', expiresSeconds: 300 }, 'agencyGetDocument');
    await expect(link).rejects.toBeInstanceOf(AccessNotRecordedError);

    const problem = toProblem(await view.catch((e) => e), { instance: `/v1/counter/dossiers/${code}`, correlationId: 'req-1', logger: new Logger({ logLevel: 'SILENT' }) });
    expect(problem.statusCode).toBe(503);
    expect(problem.headers).toEqual(expect.objectContaining({ 'content-type': expect.stringContaining('application/problem+json'), 'retry-after': '2' }));
    const body = JSON.parse(String(problem.body));
    expect(body.type).toBe('urn:motcua:problem:access-not-recorded');
    expect(String(problem.body)).not.toContain('064190012345');
    expect(await accessItems(code)).toEqual(before);
  });
});
