/**
 * What a page keeps for the length of the tab's session (sessionStorage): a draft's state, the
 * access tokens of the dossiers filed from this tab. Nothing survives closing the tab, and a
 * storage that refuses (private mode, quota) only loses the resume, never the dossier.
 */

export function loadJson<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function saveJson(key: string, value: unknown): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage: the page goes on without the resume.
  }
}

const tokenKey = (ref: string) => `motcua.token.${ref.toUpperCase()}`;

/** The access token kept for a dossier (its reference or code), if this tab filed or opened it with one. */
export const dossierToken = (ref: string): string | undefined => loadJson<string>(tokenKey(ref));
export const keepDossierToken = (ref: string, token: string | undefined): void => saveJson(tokenKey(ref), token);
