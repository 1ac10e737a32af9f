import { beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../infra/local/keys.ts';
import { cloud, eventually, http } from '../support/cloud.ts';
import { dossierBody } from '../support/factories.ts';
import { agencyToken, clerkToken } from '../support/tokens.ts';
import { createSubmitAndReceive } from '../support/documents.ts';

describe('agency API: GET /v1/agency/dossiers/{code} behind the JWT authorizer', () => {
  let code: string;
  beforeAll(async () => {
    ({ code } = await createSubmitAndReceive(dossierBody({ procedureId: 'dat-dai-chuyen-nhuong', cccd: '064190012345' })));
    await eventually(async () => ((await http('GET', `/v1/dossiers/${code}`)).body.routedAt ? true : undefined));
  });

  const get = (token?: string) => http('GET', `/v1/agency/dossiers/${code}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('shows the routed dossier, applicant included, to the agency it was routed to', async () => {
    const res = await get(await agencyToken('iagrai-vpdkdd'));
    expect(res.status).toBe(200);
    expect(res.body.applicant).toEqual(expect.objectContaining({ fullName: 'Nguyễn Thị Hoa', cccd: '064190012345' }));
  });

  it('refuses another agency with 403 problem+json', async () => {
    const res = await get(await agencyToken('gl-stp'));
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:motcua:problem:forbidden');
  });

  it('refuses a counter clerk (wrong role) with 403', async () => {
    expect((await get(await clerkToken('bd-iagrai'))).status).toBe(403);
  });

  it('answers 401 without a token, with an expired token, or with a token from another issuer', async () => {
    expect((await get()).status).toBe(401);
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await signToken(cloud.dataDir, { sub: 'x', 'cognito:groups': ['agency'], 'custom:agency_id': 'iagrai-vpdkdd', iat: past, exp: past + 60 });
    expect((await get(expired)).status).toBe(401);
    const foreign = await signToken(cloud.dataDir, { sub: 'x', iss: 'https://cognito-idp.example/other', 'cognito:groups': ['agency'], 'custom:agency_id': 'iagrai-vpdkdd' });
    expect((await get(foreign)).status).toBe(401);
  });
});
