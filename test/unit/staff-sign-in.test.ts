/**
 * Staff sign-in for the pages: the development sign-in's tokens (infra/local/sign-in.ts), the
 * pages' reading of them (web/common/auth.ts), where a sign-in may send someone back to, and the
 * counter console's paths.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSignIn } from '../../infra/local/sign-in.ts';
import { decodeJwt, safeNext } from '../../web/common/claims.ts';
import { route } from '../../web/counter/routes.ts';
import { withdrawableStatuses } from '../../web/counter/labels.ts';
import { statuses, transitionTable } from '../../shared/domain/state-machine.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'motcua-sign-in-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the development sign-in', () => {
  it('issues a clerk the ID token npm run token would, which the pages read back', async () => {
    const { token, expiresAt } = await localSignIn(dataDir).issue({ role: 'clerk', servicePoint: 'bd-iagrai' });
    const claims = decodeJwt(token)!;
    expect(claims).toEqual(expect.objectContaining({ 'cognito:groups': ['clerk'], 'custom:service_point_id': 'bd-iagrai', token_use: 'id' }));
    expect(new Date(claims.exp * 1000).toISOString()).toBe(expiresAt);
  });

  it('refuses a service point or an agency the province data does not have', async () => {
    const signIn = localSignIn(dataDir);
    await expect(signIn.issue({ role: 'clerk', servicePoint: 'khong-co' })).rejects.toThrow(/unknown service point/);
    await expect(signIn.issue({ role: 'agency', agency: 'khong-co' })).rejects.toThrow(/unknown agency/);
  });

  it('offers the roles and the province’s service points and agencies to choose from', () => {
    const c = localSignIn(dataDir).choices();
    expect(c.roles).toEqual(['clerk', 'agency', 'courier', 'admin']);
    expect(c.servicePoints).toContainEqual(expect.objectContaining({ id: 'bd-iagrai' }));
    expect(c.agencies).toContainEqual(expect.objectContaining({ id: 'gl-stp' }));
  });
});

describe('reading a token in the page', () => {
  it('is not fooled by something that is not a JWT', () => {
    expect(decodeJwt('not-a-token')).toBeUndefined();
    expect(decodeJwt('a.%%%.c')).toBeUndefined();
    expect(decodeJwt(`x.${Buffer.from('{"sub":"u"}').toString('base64url')}.y`)).toBeUndefined();
  });

  it('reads Vietnamese names in the claims with their diacritics', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'u1', exp: 1, name: 'Rơ Mah H’Lan' })).toString('base64url');
    expect(decodeJwt(`h.${payload}.s`)?.name).toBe('Rơ Mah H’Lan');
  });
});

describe('coming back after sign-in', () => {
  it('only ever goes to a path of this site', () => {
    fc.assert(
      fc.property(fc.string(), (next) => {
        const to = safeNext(next);
        expect(to.startsWith('/')).toBe(true);
        expect(to.startsWith('//')).toBe(false);
        expect(to.startsWith('/\\')).toBe(false);
        // Where a browser would go from this page: always this site.
        expect(new URL(to, 'https://motcua.example').origin).toBe('https://motcua.example');
      }),
    );
    // The same, for values made of the characters that fool a prefix check.
    const tricky = fc.string({ unit: fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', 'e', '.', ':', '@', '%', '0', '9'), maxLength: 12 });
    // Many runs: the shortest counterexample found so far (`/.//`) needs four exact characters.
    fc.assert(
      fc.property(tricky, (next) => {
        expect(new URL(safeNext(next), 'https://motcua.example').origin).toBe('https://motcua.example');
      }),
      { numRuns: 20_000 },
    );
    expect(safeNext('//evil.example/quay/')).toBe('/quay/');
    // Browsers drop tabs and newlines from a URL before parsing it: these are //evil.example to them.
    for (const sneaky of ['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\\evil.example', '\\/evil.example']) expect(safeNext(sneaky)).toBe('/quay/');
    expect(safeNext('https://evil.example')).toBe('/quay/');
    // Dot segments: the path these resolve to is //evil.example, which is another site once handed back.
    for (const dotted of ['/.//evil.example', '/..//evil.example', '/a/..//evil.example', '/%2e//evil.example']) expect(safeNext(dotted)).toBe('/quay/');
    expect(safeNext('/quay/./ho-so/../hang-doi')).toBe('/quay/hang-doi');
    expect(safeNext('/co-quan/ho-so/HS-1?x=1')).toBe('/co-quan/ho-so/HS-1?x=1');
    expect(safeNext(null, '/buu-ta/')).toBe('/buu-ta/');
  });
});

describe('the console’s paths', () => {
  it('opens a dossier by a code with dots, and knows its pages', () => {
    expect(route('/quay/ho-so/000.02.28.H21-261126-0001')).toEqual({ page: 'dossier', code: '000.02.28.H21-261126-0001' });
    expect(route('/quay/ho-so/HS-K7Q2M4ZX3A/')).toEqual({ page: 'dossier', code: 'HS-K7Q2M4ZX3A' });
    expect(route('/quay/')).toEqual({ page: 'queue' });
    expect(route('/quay')).toEqual({ page: 'queue' });
    expect(route('/quay/tiep-nhan')).toEqual({ page: 'intake' });
    expect(route('/quay/tim/')).toEqual({ page: 'search' });
    expect(route('/quay/so-theo-doi')).toEqual({ page: 'book' });
    expect(route('/quay/ho-so/%E0%A4%A')).toEqual({ page: 'dossier', code: '%E0%A4%A' });
    expect(route('/quay/khac')).toEqual({ page: 'missing' });
  });
});

describe('the console’s withdrawal', () => {
  it('is offered in exactly the statuses the transition table lets a clerk ask it from', () => {
    const allowed = Object.keys(statuses).filter((status) => transitionTable.some((r) => r.action === 'request-withdrawal' && r.roles.includes('clerk') && (r.from as readonly string[]).includes(status)));
    expect([...withdrawableStatuses].sort()).toEqual(allowed.sort());
  });
});
