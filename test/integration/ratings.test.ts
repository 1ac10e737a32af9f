/**
 * Satisfaction ratings (issue 13, item 3), end to end: once per dossier, only after the result was
 * handed over, by the citizen (token) or by the clerk on their behalf; the comment stays out of
 * the public timeline; the results per agency and per service point come from the aggregates the
 * ratings wrote (one Query each). Other tests may rate on the same day, so the checks compare the
 * results before and after.
 * Runs on the local cloud's clock set to Wed 02/12/2026 10:00 (Asia/Ho_Chi_Minh).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '../support/clock.ts';
import { signToken } from '../../infra/local/keys.ts';
import { cloud, http } from '../support/cloud.ts';
import { completeAtAgency, createSubmitAndReceive } from '../support/documents.ts';
import { dossierBody, someCccd } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const adminToken = () => signToken(cloud.dataDir, { sub: 'so-noi-vu-gia-lai', token_use: 'id', 'cognito:groups': ['admin'] });
const day = '2026-12-02';

/** A dossier handed over to its applicant at `desk`. */
async function handedOver(desk: string) {
  const cccd = someCccd();
  const received = await createSubmitAndReceive({ ...dossierBody({ cccd }), resultDelivery: { method: 'counter', servicePointId: desk } });
  await completeAtAgency(received.code);
  const res = await http('POST', `/v1/counter/dossiers/${received.code}/handover`, {
    body: { recipient: { kind: 'applicant', fullName: 'Nguyễn Thị Hoa', identity: { documentType: 'cccd', number: cccd } }, signedBy: 'Nguyễn Thị Hoa' },
    headers: bearer(await clerkToken(desk)),
  });
  if (res.status !== 200) throw new Error(`handover answered ${res.status}: ${JSON.stringify(res.body)}`);
  return received;
}

const rateAsCitizen = (code: string, token: string, body: unknown) => http('POST', `/v1/dossiers/${code}/rating`, { body, headers: { 'x-dossier-token': token } });
const rateAtCounter = async (code: string, desk: string, body: unknown) => http('POST', `/v1/counter/dossiers/${code}/rating`, { body, headers: bearer(await clerkToken(desk)) });
const adminResults = async (groupBy: 'agency' | 'servicePoint') => http('GET', `/v1/admin/ratings?from=${day}&to=${day}&groupBy=${groupBy}`, { headers: bearer(await adminToken()) });
const agencyResults = async (agencyId: string) => http('GET', `/v1/agency/ratings?from=${day}&to=${day}`, { headers: bearer(await agencyToken(agencyId)) });
const group = (res: { body: any }, id: string) => res.body.groups.find((g: any) => g.id === id) ?? { count: 0, overall: [], criteria: [] };
const levelCount = (g: any, value: number) => g.overall.find((o: any) => o.value === value)?.count ?? 0;

beforeAll(() => setClock('2026-12-02T10:00:00+07:00'));
afterAll(resetClock);

describe('rating a dossier', () => {
  it('publishes the criteria, each marked confirmed or unconfirmed', async () => {
    const res = await http('GET', '/v1/ratings/criteria');
    expect(res.status).toBe(200);
    expect(res.body.overall.levels).toHaveLength(5);
    expect(res.body.criteria.find((c: any) => c.id === 'postal-service').status).toBe('unconfirmed');
  });

  it('refuses a rating before the result is handed over (409)', async () => {
    const { code, token } = await createSubmitAndReceive(dossierBody());
    const res = await rateAsCitizen(code, token, { overall: 5 });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:motcua:problem:rating-too-early');
  });

  it('takes one rating per dossier: a second, from the counter or the citizen, is 409', async () => {
    // prepare
    const { code, token } = await handedOver('bd-iagrai');
    // act
    const first = await rateAsCitizen(code, token, { overall: 4, answers: { 'on-time': 5, trips: '1' }, comment: 'Nhân viên hướng dẫn tận tình' });
    const again = await rateAtCounter(code, 'bd-iagrai', { overall: 2 });
    const twice = await rateAsCitizen(code, token, { overall: 1 });
    // assess
    expect(first.status).toBe(201);
    expect(first.body).toEqual(expect.objectContaining({ overall: { value: 4, label: 'Hài lòng' }, comment: 'Nhân viên hướng dẫn tận tình', byRole: 'citizen' }));
    expect(first.body.answers).toContainEqual({ id: 'trips', text: 'Số lần phải đi lại để hoàn thành hồ sơ', answer: '1', label: '1 lần' });
    expect([again.status, again.body.type]).toEqual([409, 'urn:motcua:problem:already-rated']);
    expect(twice.status).toBe(409);
    // The timeline says it was rated; the comment is nowhere in it, with or without the token.
    const mine = await http('GET', `/v1/dossiers/${code}`, { headers: { 'x-dossier-token': token } });
    expect(mine.body.timeline.map((e: any) => e.type)).toContain('dossier.rated');
    expect(JSON.stringify(mine.body)).not.toContain('tận tình');
  });

  it('refuses answers outside the criteria, naming the answer, and records nothing', async () => {
    const { code, token } = await handedOver('bd-iagrai');
    const res = await rateAsCitizen(code, token, { overall: 5, answers: { trips: '9' } });
    expect([res.status, res.body.field]).toEqual([400, 'answers.trips']);
    expect((await rateAsCitizen(code, token, { overall: 5 })).status).toBe(201);
  });
});

describe('rating results', () => {
  it('counts by agency and by service point, for the admin and for the agency itself', async () => {
    // prepare
    const beforeAgency = await adminResults('agency');
    const beforePoints = await adminResults('servicePoint');
    const beforeOwn = await agencyResults('gl-stp');
    const a = await handedOver('bd-iagrai');
    const b = await handedOver('bd-pleiku');
    // act: the citizen rates one, the clerk records the other's answers
    expect((await rateAsCitizen(a.code, a.token, { overall: 5, answers: { 'staff-attitude': 5 } })).status).toBe(201);
    expect((await rateAtCounter(b.code, 'bd-pleiku', { overall: 3, answers: { 'staff-attitude': 2 } })).status).toBe(201);
    // assess
    const byAgency = await adminResults('agency');
    expect(byAgency.status).toBe(200);
    expect(group(byAgency, 'gl-stp').count - group(beforeAgency, 'gl-stp').count).toBe(2);
    expect(levelCount(group(byAgency, 'gl-stp'), 5) - levelCount(group(beforeAgency, 'gl-stp'), 5)).toBe(1);
    expect(byAgency.body.months.map((m: any) => m.month)).toEqual(['2026-12']);
    const byPoint = await adminResults('servicePoint');
    for (const [point, level] of [['bd-iagrai', 5], ['bd-pleiku', 3]] as const) {
      expect(group(byPoint, point).count - group(beforePoints, point).count).toBe(1);
      expect(levelCount(group(byPoint, point), level) - levelCount(group(beforePoints, point), level)).toBe(1);
    }
    expect(group(byPoint, 'bd-pleiku').name).not.toBe('bd-pleiku');
    // The agency sees its own, by service point; another agency sees none of these.
    const own = await agencyResults('gl-stp');
    expect(own.body.agency.id).toBe('gl-stp');
    expect(own.body.total.count - beforeOwn.body.total.count).toBe(2);
    const attitude = own.body.total.criteria.find((c: any) => c.id === 'staff-attitude');
    const attitudeBefore = beforeOwn.body.total.criteria.find((c: any) => c.id === 'staff-attitude');
    expect(attitude.answered - attitudeBefore.answered).toBe(2);
    const other = await agencyResults('iagrai-iato');
    expect(group(other, 'bd-pleiku').count).toBe(0);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await http('GET', '/v1/admin/ratings?from=2026-12-05&to=2026-12-01', { headers: bearer(await adminToken()) });
    expect([res.status, res.body.field]).toEqual([400, 'query.to']);
  });
});
