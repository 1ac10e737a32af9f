/** JWTs the local authorizer accepts, minted like `npm run token` does. */
import { signToken } from '../../infra/local/keys.ts';
import { cloud } from './cloud.ts';

export function agencyToken(agencyId: string): Promise<string> {
  return signToken(cloud.dataDir, { sub: `agency-user-${agencyId}`, token_use: 'id', 'cognito:groups': ['agency'], 'custom:agency_id': agencyId });
}

export function clerkToken(servicePointId: string): Promise<string> {
  return signToken(cloud.dataDir, { sub: `clerk-${servicePointId}`, token_use: 'id', 'cognito:groups': ['clerk'], 'custom:service_point_id': servicePointId });
}

/** A postman of a post office; by default the one the courier partner stand-in plays (infra/local/postman.ts `postmanOf`). */
export function courierToken(postOfficeId: string, sub = `postman-${postOfficeId}`): Promise<string> {
  return signToken(cloud.dataDir, { sub, token_use: 'id', 'cognito:groups': ['courier'], 'custom:service_point_id': postOfficeId });
}

/** A provincial administrator (role admin, province-wide). */
export function adminToken(sub = 'so-noi-vu-gia-lai'): Promise<string> {
  return signToken(cloud.dataDir, { sub, token_use: 'id', 'cognito:groups': ['admin'] });
}
