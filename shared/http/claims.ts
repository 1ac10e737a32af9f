/**
 * The caller's identity from the JWT authorizer's claims (Cognito ID token).
 * API Gateway HTTP API hands every claim over as a string: an array claim such as
 * `cognito:groups` arrives as "[clerk agency]". Both forms are accepted.
 */
import { roles, type Role } from '../contracts/routes.ts';

export interface Caller {
  sub: string;
  roles: Role[];
  agencyId?: string;
  servicePointId?: string;
}

export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const groups = claims['cognito:groups'];
  const list = Array.isArray(groups)
    ? groups.map(String)
    : typeof groups === 'string'
      ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const agencyId = str(claims['custom:agency_id']);
  const servicePointId = str(claims['custom:service_point_id']);
  return {
    sub: claims.sub,
    roles: list.filter((g): g is Role => (roles as readonly string[]).includes(g)),
    ...(agencyId ? { agencyId } : {}),
    ...(servicePointId ? { servicePointId } : {}),
  };
}
