/**
 * Roles from the `cognito:groups` claim (issue 8, finding 6): only HTTP API's "[a b]" form and
 * real arrays are read, and only a group named exactly like a role grants it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyClaims } from '../../infra/local/authorizer.ts';
import { roles } from '../../shared/contracts/routes.ts';
import { callerFromClaims, groupNames, rolesOf } from '../../shared/http/claims.ts';

/** Cognito group names: 1-128 letters, marks, symbols, digits, punctuation; never white space. */
const groupName = fc.stringMatching(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,24}$/u);
/** Names that look like roles: joined by punctuation, bracketed, cased or padded otherwise. */
const nearRole = fc
  .tuple(fc.constantFrom(...roles), fc.constantFrom(',', ';', '|', '[', ']', '"', '.', ':'), fc.constantFrom(...roles, ''), fc.boolean())
  .map(([a, sep, b, upper]) => (upper ? `${a[0]!.toUpperCase()}${a.slice(1)}` : `${a}${sep}${b}`));
const notARole = fc.oneof(groupName, nearRole).filter((g) => !(roles as readonly string[]).includes(g));
/** What API Gateway HTTP API hands the function for an array claim (see infra/local/authorizer.ts). */
const asHttpApi = (groups: string[]) => stringifyClaims({ sub: 'u1', 'cognito:groups': groups })['cognito:groups'];
const callerWith = (groups: unknown) => callerFromClaims({ sub: 'u1', 'cognito:groups': groups });

describe('roles from cognito:groups', () => {
  it('reads "[clerk agency]" as the two roles, and a real array the same', () => {
    expect(callerWith('[clerk agency]')!.roles).toEqual(['clerk', 'agency']);
    expect(callerWith(['clerk', 'agency'])!.roles).toEqual(['clerk', 'agency']);
    expect(callerWith('[admin]')!.roles).toEqual(['admin']);
  });

  it('reads a single group named "courier,agency" as no role, in both forms', () => {
    expect(callerWith(asHttpApi(['courier,agency']))!.roles).toEqual([]);
    expect(callerWith(['courier,agency'])!.roles).toEqual([]);
    expect(groupNames('[courier,agency]')).toEqual(['courier,agency']);
  });

  it('reads nothing from forms HTTP API does not produce: bare strings, commas, empty brackets', () => {
    for (const claim of ['clerk', 'clerk,agency', 'clerk agency', '[]', '', '[', ']', '["clerk"]', 42, null, { clerk: true }])
      expect(callerWith(claim)!.roles).toEqual([]);
  });

  it('grants nothing for any group name that is not exactly a role', () => {
    fc.assert(
      fc.property(fc.array(notARole, { maxLength: 6 }), (groups) => {
        expect(callerWith(asHttpApi(groups))!.roles).toEqual([]);
        expect(callerWith(groups)!.roles).toEqual([]);
      }),
    );
  });

  it('grants exactly the roles whose names are among the groups, whatever else is there', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(notARole, fc.constantFrom(...roles)), { maxLength: 8 }), (groups) => {
        const expected = new Set(groups.filter((g) => (roles as readonly string[]).includes(g)));
        expect(new Set(callerWith(asHttpApi(groups))!.roles)).toEqual(expected);
        expect(new Set(callerWith(groups)!.roles)).toEqual(expected);
      }),
    );
  });

  it('splits HTTP API\'s form back into the very group names it was made from', () => {
    fc.assert(
      fc.property(fc.array(groupName, { maxLength: 6 }), (groups) => {
        expect(groupNames(asHttpApi(groups))).toEqual(groups);
      }),
    );
  });

  it('keeps each role once', () => {
    expect(rolesOf(['clerk', 'clerk'])).toEqual(['clerk']);
  });

  it('has no caller without a subject', () => {
    expect(callerFromClaims({ 'cognito:groups': '[clerk]' })).toBeUndefined();
    expect(callerFromClaims({ sub: '', 'cognito:groups': '[clerk]' })).toBeUndefined();
  });
});
