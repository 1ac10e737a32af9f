/** `npm run token` (infra/local/token.ts): the claims a local user gets, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { tokenClaims } from '../../infra/local/token.ts';

describe('npm run token', () => {
  it('gives a postman his post office as custom:service_point_id', () => {
    const claims = tokenClaims({ role: 'courier', servicePoint: 'bdvhx-iato', sub: 'postman-1' });
    expect(claims).toEqual(expect.objectContaining({ sub: 'postman-1', 'cognito:groups': ['courier'], 'custom:service_point_id': 'bdvhx-iato', token_use: 'id' }));
  });

  it('refuses a postman or a clerk without a service point, and an unknown one', () => {
    expect(() => tokenClaims({ role: 'courier' })).toThrow('--role courier needs --service-point <service point id>');
    expect(() => tokenClaims({ role: 'clerk' })).toThrow('--role clerk needs --service-point <service point id>');
    expect(() => tokenClaims({ role: 'courier', servicePoint: 'khong-co' })).toThrow(/unknown service point "khong-co"/);
  });
});
