/**
 * The caller's identity from the JWT authorizer's claims (Cognito ID token).
 *
 * API Gateway HTTP API hands every claim over as a string: an array claim such as
 * `cognito:groups` arrives as "[clerk agency]", the elements joined by single spaces inside one
 * pair of brackets (the Go formatting of a slice; the local authorizer imitates it). Cognito group
 * names cannot contain white space (CreateGroup: `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`), so that split is
 * exact; they can contain commas and brackets, so nothing else is split. A real array (a Lambda
 * authorizer, a test) is read as it is. Anything else (a bare string, a nested form) gives no
 * group, and a group grants a role only when its name is exactly the role's name.
 */
import { roles, type Role } from '../contracts/routes.ts';

export interface Caller {
  sub: string;
  roles: Role[];
  agencyId?: string;
  servicePointId?: string;
}

/**
 * The group names of a `cognito:groups` claim: a real array, or HTTP API's "[a b c]".
 * Example: `groupNames('[clerk courier,agency]')` -> `['clerk', 'courier,agency']`.
 */
export function groupNames(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string' || claim.length < 2 || !claim.startsWith('[') || !claim.endsWith(']')) return [];
  const inside = claim.slice(1, -1);
  return inside === '' ? [] : inside.split(' ');
}

/** The roles named exactly by the groups: `courier,agency`, `Clerk` or `clerk ` grant nothing. */
export function rolesOf(groups: readonly string[]): Role[] {
  const known = new Set<string>(roles);
  return [...new Set(groups.filter((g): g is Role => known.has(g)))];
}

export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0) return undefined;
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const agencyId = str(claims['custom:agency_id']);
  const servicePointId = str(claims['custom:service_point_id']);
  return {
    sub: claims.sub,
    roles: rolesOf(groupNames(claims['cognito:groups'])),
    ...(agencyId ? { agencyId } : {}),
    ...(servicePointId ? { servicePointId } : {}),
  };
}
