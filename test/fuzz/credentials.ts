/**
 * Authorization headers for the fuzzer: a token for each role, minted like test/support/tokens.ts
 * and `npm run token` do (the local key set signs them), and odd ones: expired, tampered, unsigned,
 * another audience, no role, a group list as one string, ids of 2 KB, not a bearer at all.
 */
import type { JWTPayload } from 'jose';
import type { Credentials } from './requests.ts';

export type Sign = (claims: JWTPayload & Record<string, unknown>) => Promise<string>;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export async function fuzzCredentials(sign: Sign): Promise<Credentials> {
  const bearer = async (claims: JWTPayload & Record<string, unknown>) => `Bearer ${await sign({ token_use: 'id', ...claims })}`;
  const now = Math.floor(Date.now() / 1000);
  const clerk = await bearer({ sub: 'fuzz-clerk', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-iagrai' });
  const [, payload] = clerk.slice(7).split('.');
  return {
    plausible: {
      clerk,
      'agency gl-stp': await bearer({ sub: 'fuzz-agency-gl-stp', 'cognito:groups': ['agency'], 'custom:agency_id': 'gl-stp' }),
      'agency gl-snv': await bearer({ sub: 'fuzz-agency-gl-snv', 'cognito:groups': ['agency'], 'custom:agency_id': 'gl-snv' }),
      courier: await bearer({ sub: 'fuzz-courier', 'cognito:groups': ['courier'] }),
      admin: await bearer({ sub: 'fuzz-admin', 'cognito:groups': ['admin'] }),
    },
    byTag: { counter: ['clerk'], agency: ['agency gl-stp', 'agency gl-snv'], courier: ['courier'], admin: ['admin'] },
    odd: {
      'none': undefined,
      'no role': await bearer({ sub: 'fuzz-nobody' }),
      'every role': await bearer({ sub: 'fuzz-all', 'cognito:groups': ['clerk', 'agency', 'courier', 'admin'], 'custom:agency_id': 'gl-stp', 'custom:service_point_id': 'bd-iagrai' }),
      'groups as one string "courier,agency"': await bearer({ sub: 'fuzz-comma', 'cognito:groups': 'courier,agency', 'custom:agency_id': 'gl-stp' }),
      'clerk of a service point that does not exist': await bearer({ sub: 'fuzz-clerk-nowhere', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-nowhere' }),
      'clerk without a service point': await bearer({ sub: 'fuzz-clerk-bare', 'cognito:groups': ['clerk'] }),
      'agency without an agency id': await bearer({ sub: 'fuzz-agency-bare', 'cognito:groups': ['agency'] }),
      'agency id of 2 KB': await bearer({ sub: 'fuzz-agency-long', 'cognito:groups': ['agency'], 'custom:agency_id': 'g'.repeat(2_100) }),
      'service point id of 2 KB': await bearer({ sub: 'fuzz-clerk-long', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'b'.repeat(2_100) }),
      'sub of 4 KB with control characters': await bearer({ sub: `\u0000\u202e${'s'.repeat(4_000)}`, 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-iagrai' }),
      expired: await bearer({ sub: 'fuzz-late', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-iagrai', iat: now - 7_200, exp: now - 3_600 }),
      'another audience': await bearer({ sub: 'fuzz-aud', aud: 'someone-else', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-iagrai' }),
      'access token': await bearer({ sub: 'fuzz-access', token_use: 'access', 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-iagrai' }),
      'tampered payload': `Bearer ${clerk.slice(7).split('.')[0]}.${b64({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), 'cognito:groups': ['admin'] })}.${clerk.split('.')[2]}`,
      'alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'not a JWT': 'Bearer x.y.z',
      'empty bearer': 'Bearer ',
      basic: 'Basic Zm9vOmJhcg==',
      'token of 8 KB': `Bearer ${'e'.repeat(8_000)}`,
    },
  };
}
