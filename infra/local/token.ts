/**
 * `npm run token -- --role <clerk|agency|courier|admin> [--agency ID] [--service-point ID] [--sub S] [--ttl SECONDS]`
 *
 * Prints one JWT shaped like a Cognito ID token, signed with the local key set (created if
 * missing) so the local JWT authorizer accepts it. The agency and service point must exist in
 * the province data (PROVINCE_DATASET, default gia-lai-2025: shared/province/index.ts). Data folder: as for `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { roles, type Role } from '../../shared/contracts/routes.ts';
import { province } from '../../shared/province/index.ts';
import { defaultDataDir } from './config.ts';
import { localAudience, localIssuer, signToken } from './keys.ts';

export { signToken };

export interface TokenRequest {
  role: Role;
  agency?: string;
  servicePoint?: string;
  sub?: string;
  ttlSeconds?: number;
}

/** Claims of a Cognito ID token for a local user; throws on a role/agency/service point mismatch. */
export function tokenClaims(req: TokenRequest, dataset?: string, now = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  if (!roles.includes(req.role)) throw new Error(`--role must be one of ${roles.join(', ')}`);
  const p = province(dataset);
  if (req.role === 'agency' && !req.agency) throw new Error('--role agency needs --agency <agency id>');
  if ((req.role === 'clerk' || req.role === 'courier') && !req.servicePoint) throw new Error(`--role ${req.role} needs --service-point <service point id>`);
  if (req.agency && !p.agencies.has(req.agency)) {
    throw new Error(`unknown agency "${req.agency}" (known: ${[...p.agencies.keys()].join(', ')})`);
  }
  if (req.servicePoint && !p.servicePoints.has(req.servicePoint)) {
    throw new Error(`unknown service point "${req.servicePoint}" (known: ${[...p.servicePoints.keys()].join(', ')})`);
  }
  const ttl = req.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('--ttl must be a positive number of seconds');
  return {
    sub: req.sub ?? randomUUID(),
    'cognito:groups': [req.role],
    ...(req.agency ? { 'custom:agency_id': req.agency } : {}),
    ...(req.servicePoint ? { 'custom:service_point_id': req.servicePoint } : {}),
    iss: localIssuer,
    aud: localAudience,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + ttl,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      agency: { type: 'string' },
      'service-point': { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const claims = tokenClaims(
    {
      role: (values.role ?? '') as Role,
      agency: values.agency,
      servicePoint: values['service-point'],
      sub: values.sub,
      ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
    },
    process.env.PROVINCE_DATASET,
  );
  console.log(await signToken(defaultDataDir(), claims));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: Error) => {
    console.error(`token: ${err.message}`);
    process.exit(2);
  });
}
