/**
 * The staff pages' bearer header, from the signed-in session (web/common/auth.ts: the token in
 * sessionStorage, dropped once expired). `bearer()` -> `{ authorization: 'Bearer eyJ…' }`, or
 * undefined when nobody is signed in.
 */
import { currentSession } from './auth.ts';

export { signInPath, tokenKey } from './runtime-config.ts';

export function bearer(): Record<string, string> | undefined {
  const session = currentSession();
  return session ? { authorization: `Bearer ${session.token}` } : undefined;
}
