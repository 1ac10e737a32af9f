/** The origin guard: only requests CloudFront forwarded (with its secret header) reach the API. */
import { describe, expect, it } from 'vitest';
import { cameThroughFront, originVerifyHeader } from '../../../shared/http/origin-guard.ts';

const secret = 'Zk3pQ9vT2mWx8sLr5yNc1bHd7fJg4aKe';

describe('cameThroughFront', () => {
  it('lets through a request carrying the secret CloudFront adds', () => {
    expect(cameThroughFront({ [originVerifyHeader]: secret, 'content-type': 'application/json' }, secret)).toBe(true);
  });

  it('refuses a request sent straight to the execute-api endpoint (no header)', () => {
    expect(cameThroughFront({ 'content-type': 'application/json' }, secret)).toBe(false);
    expect(cameThroughFront(undefined, secret)).toBe(false);
    expect(cameThroughFront(null, secret)).toBe(false);
  });

  it('refuses a wrong, empty, longer or prefixed value', () => {
    for (const sent of ['wrong', '', `${secret}x`, secret.slice(0, -1), `${secret},${secret}`]) {
      expect(cameThroughFront({ [originVerifyHeader]: sent }, secret), sent).toBe(false);
    }
  });

  it('matches the header name in any case (the local front may not lower-case names)', () => {
    expect(cameThroughFront({ 'X-Origin-Verify': secret }, secret)).toBe(true);
  });

  it('passes everything when no front is configured (the local runner sets no secret)', () => {
    expect(cameThroughFront({}, undefined)).toBe(true);
  });

  it('refuses everything when the configured secret is empty: a misconfiguration never opens the door', () => {
    expect(cameThroughFront({ [originVerifyHeader]: '' }, '')).toBe(false);
    expect(cameThroughFront({}, '')).toBe(false);
  });
});
