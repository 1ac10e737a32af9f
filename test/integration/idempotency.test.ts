/**
 * Issue 8, findings 1–3: Idempotency-Key behind authorization, no secrets at rest, exactly one
 * dossier per key. Each case was a defect of the shipped spine (a replay skipped the caller's
 * checks; records kept tokens and CCCDs in clear; a retry after a failure made a second dossier).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { names } from '../../infra/topology.ts';
import { dossiersTable, eventually, http, scanAll, t } from '../support/cloud.ts';
import { createSubmitAndReceive, samplePdf, slotState, uploadScan } from '../support/documents.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const idempotencyTable = names.table(t.prefix, 'idempotency');

/** Every idempotency record as stored (a Scan: fine in a test, never on a request path). */
const records = () => scanAll(idempotencyTable);

/** A draft with every mandatory scan verified, ready to submit. */
async function readyDraft() {
  const created = await http('POST', '/v1/dossiers', { body: dossierBody() });
  expect(created.status).toBe(201);
  const token = created.body.accessToken as string;
  for (const slot of created.body.documents.filter((d: any) => d.mandatory)) {
    await uploadScan(created.body.ref, slot.id, token);
    expect((await slotState(created.body.ref, slot.id, { 'x-dossier-token': token })).status).toBe('verified');
  }
  return { code: created.body.ref as string, token };
}

describe('a replay never skips authorization (finding 1)', () => {
  it('refuses a submit replayed with the owner’s key but no dossier token, and shows no personal data', async () => {
    const { code, token } = await readyDraft();
    const key = randomUUID();
    const first = await http('POST', `/v1/dossiers/${code}/submit`, { headers: { 'x-dossier-token': token, 'idempotency-key': key } });
    expect(first.status).toBe(200);
    const stolen = await http('POST', `/v1/dossiers/${code}/submit`, { headers: { 'idempotency-key': key } });
    expect(stolen.status).toBe(401);
    expect(stolen.body.applicant).toBeUndefined();
    expect(JSON.stringify(stolen.body)).not.toContain(first.body.applicant.cccd);
    // The owner's own retry still gets the answer.
    const retry = await http('POST', `/v1/dossiers/${code}/submit`, { headers: { 'x-dossier-token': token, 'idempotency-key': key } });
    expect(retry.status).toBe(200);
    expect(retry.body.ref).toBe(code);
  });

  it('refuses another agency replaying an agency’s accept (same path, body and key) with 403', async () => {
    const { code } = await createSubmitAndReceive(dossierBody({ procedureId: 'ltp-cap-phieu' }));
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined));
    const key = randomUUID();
    const path = `/v1/agency/dossiers/${code}/decisions`;
    const accepted = await http('POST', path, { body: { type: 'accept' }, headers: { ...bearer(await agencyToken('gl-stp')), 'idempotency-key': key } });
    expect(accepted.status).toBe(200);
    const replayed = await http('POST', path, { body: { type: 'accept' }, headers: { ...bearer(await agencyToken('gl-snv')), 'idempotency-key': key } });
    expect(replayed.status).toBe(403);
    expect(replayed.body.applicant).toBeUndefined();
  });

  it('answers a clerk of another service point replaying a counter create with 422, never the access token', async () => {
    const key = randomUUID();
    const body = { ...dossierBody(), resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' } };
    const first = await http('POST', '/v1/counter/dossiers', { body, headers: { ...bearer(await clerkToken('bd-iagrai')), 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const other = await http('POST', '/v1/counter/dossiers', { body, headers: { ...bearer(await clerkToken('bd-chuse')), 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:motcua:problem:idempotency-key-reused');
    expect(JSON.stringify(other.body)).not.toContain(first.body.accessToken);
    // The first clerk's retry gets the same dossier and token back.
    const retry = await http('POST', '/v1/counter/dossiers', { body, headers: { ...bearer(await clerkToken('bd-iagrai')), 'idempotency-key': key } });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it.each([
    ['shorter than 16 characters', 'abc'],
    ['with characters outside A–Z a–z 0–9 _ -', 'key/with/slashes+and=signs'],
    ['longer than 64 characters', 'k'.repeat(65)],
  ])('refuses an Idempotency-Key %s with 400 naming the header, and creates nothing', async (_, key) => {
    const before = (await records()).length;
    const res = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': key } });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('idempotency-key');
    expect(res.body.errors[0].message).toMatch(/16 đến 64 ký tự/);
    expect((await records()).length).toBe(before);
  });

  it('requires an Idempotency-Key on both creates (400 saying so)', async () => {
    const online = await http('POST', '/v1/dossiers', { body: dossierBody(), idempotencyKey: false });
    expect(online.status).toBe(400);
    expect(online.body.field).toBe('idempotency-key');
    expect(online.body.errors[0].message).toMatch(/thiếu header Idempotency-Key/);
    const counter = await http('POST', '/v1/counter/dossiers', {
      body: { ...dossierBody(), resultDelivery: { method: 'counter', servicePointId: 'bd-iagrai' } },
      headers: bearer(await clerkToken('bd-iagrai')),
      idempotencyKey: false,
    });
    expect(counter.status).toBe(400);
    expect(counter.body.field).toBe('idempotency-key');
  });
});

describe('idempotency records hold no secret (finding 2)', () => {
  it('stores neither the access token, nor the key, nor the CCCD, phone or address of a create', async () => {
    const key = randomUUID();
    const body = dossierBody({ fullName: 'Ksor H’Hen' });
    const created = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    const all = JSON.stringify(await records());
    for (const secret of [created.body.accessToken, key, body.applicant.cccd, body.applicant.phone.slice(1), body.applicant.address.line, 'Ksor'])
      expect(all).not.toContain(secret);
    // Yet a retry with the key gives the citizen the token again.
    const retry = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    expect(retry.body.accessToken).toBe(created.body.accessToken);
    expect((await http('GET', `/v1/dossiers/${created.body.ref}`, { headers: { 'x-dossier-token': retry.body.accessToken } })).body.applicant).toBeDefined();
  });
});

describe('exactly one dossier per key (finding 3)', () => {
  it('makes one dossier when the same create is sent 10 times at once', async () => {
    const key = randomUUID();
    const body = dossierBody();
    const answers = await Promise.all(Array.from({ length: 10 }, () => http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.ref)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.accessToken)).size).toBe(1);
  });

  it('replays a submit retried after it succeeded, instead of a 409 for a dossier already submitted', async () => {
    const { code, token } = await readyDraft();
    const key = randomUUID();
    const headers = { 'x-dossier-token': token, 'idempotency-key': key };
    const [a, b] = await Promise.all([http('POST', `/v1/dossiers/${code}/submit`, { headers }), http('POST', `/v1/dossiers/${code}/submit`, { headers })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const history = (await http('GET', `/v1/dossiers/${code}`)).body.timeline.map((e: any) => e.type);
    expect(history.filter((t: string) => t === 'dossier.submitted')).toHaveLength(1);
  });
});

describe('the cap on open drafts per applicant', () => {
  it('answers the sixth open draft of one CCCD with 429 problem+json and Retry-After, before allocating a code', async () => {
    const cccd = `0641900${String(Date.now() % 100000).padStart(5, '0')}`;
    for (let i = 0; i < 5; i++) expect((await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) })).status).toBe(201);
    const sixth = await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(sixth.headers.get('retry-after')).toBe('3600');
    expect(sixth.body).toEqual(expect.objectContaining({ type: 'urn:motcua:problem:too-many-drafts', field: 'applicant.cccd' }));
    // Another person is not held back, and the applicant lists keep no number in clear.
    expect((await http('POST', '/v1/dossiers', { body: dossierBody() })).status).toBe(201);
    const lists = { Items: await scanAll(dossiersTable, { expression: 'entity = :e', values: { ':e': 'applicant-drafts' } }) };
    expect(lists.Items!.length).toBeGreaterThan(0);
    expect(JSON.stringify(lists.Items)).not.toContain(cccd);
  });

  it('frees a place when a draft is submitted', async () => {
    const cccd = `0641910${String(Date.now() % 100000).padStart(5, '0')}`;
    const first = await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) });
    const token = first.body.accessToken as string;
    for (let i = 0; i < 4; i++) expect((await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) })).status).toBe(201);
    expect((await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) })).status).toBe(429);
    for (const slot of first.body.documents.filter((d: any) => d.mandatory)) {
      await uploadScan(first.body.ref, slot.id, token, samplePdf);
      await slotState(first.body.ref, slot.id, { 'x-dossier-token': token });
    }
    expect((await http('POST', `/v1/dossiers/${first.body.ref}/submit`, { headers: { 'x-dossier-token': token } })).status).toBe(200);
    expect((await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) })).status).toBe(201);
  });
});

describe('a create is not looked up before it runs: its own transaction finds a used key (issue 15, P2)', () => {
  /** The dossiers stored for one CCCD (a Scan: fine in a test). */
  const draftsOf = (cccd: string) => scanAll(dossiersTable, { expression: 'entity = :e AND applicant.cccd = :c', values: { ':e': 'dossier', ':c': cccd } });

  it('answers a create retried with its key the first answer, and writes nothing, though its draft filled the CCCD’s cap meanwhile', async () => {
    const cccd = `0641920${String(Date.now() % 100000).padStart(5, '0')}`;
    for (let i = 0; i < 4; i++) expect((await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) })).status).toBe(201);
    const key = randomUUID();
    const body = dossierBody({ cccd });
    const fifth = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    expect(fifth.status).toBe(201);
    const retry = await http('POST', '/v1/dossiers', { body, headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(fifth.body);
    expect(await draftsOf(cccd)).toHaveLength(5);
    // The cap still holds: a new request (new key) is the sixth draft.
    expect((await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }) })).status).toBe(429);
  });

  it('refuses the key with another body (422), never hands out the first token, and writes nothing for the second applicant', async () => {
    const key = randomUUID();
    const first = await http('POST', '/v1/dossiers', { body: dossierBody(), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const cccd = `0641930${String(Date.now() % 100000).padStart(5, '0')}`;
    const other = await http('POST', '/v1/dossiers', { body: dossierBody({ cccd }), headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('urn:motcua:problem:idempotency-key-reused');
    expect(JSON.stringify(other.body)).not.toContain(first.body.accessToken);
    expect(await draftsOf(cccd)).toEqual([]);
  });
});
