/**
 * The staff pages' bearer token: until the staff sign-in lands (web/common/auth.ts), the token sits
 * in sessionStorage under `motcua.token` (what `npm run token` prints), and this is the one place
 * that reads it. `bearer()` -> `{ authorization: 'Bearer eyJ…' }`, or undefined when nobody signed in.
 */
export const tokenKey = 'motcua.token';

/** Where a member of staff signs in. */
export const signInPath = '/dang-nhap/';

export function bearer(): Record<string, string> | undefined {
  let token: string | null = null;
  try {
    token = sessionStorage.getItem(tokenKey);
  } catch {
    // Storage refused (private mode, a policy): nobody is signed in.
  }
  return token ? { authorization: `Bearer ${token}` } : undefined;
}
