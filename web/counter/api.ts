/** The console's calls to the counter API: each with the clerk's bearer token, a 401 back to sign-in. */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, action, getJson, type Action } from '../common/api.ts';
import { withAuth } from '../common/auth.ts';
import { fetchPdf } from '../common/pdf.ts';
import type { Resource } from '../common/resource.ts';

export const counterPath = (code: string, rest = '') => `/v1/counter/dossiers/${encodeURIComponent(code)}${rest}`;

export const counterGet = <T,>(path: string) => withAuth((h) => getJson<T>(path, h));

/** POST as one user action (its Idempotency-Key kept across a retry of the same press). */
export const counterPost = <T,>(act: Action, path: string, body?: unknown) => withAuth((h) => act.post<T>(path, body, h));

/** A printable form of the dossier (`receipt` = form 01, `supplement-request` = 02, `refusal` = 03, `fee-receipt-<id>`) as an object URL. */
export const counterPdf = (code: string, form: string) => withAuth((h) => fetchPdf(counterPath(code, `/forms/${encodeURIComponent(form)}`), h));

/** Loads a counter resource; `reload()` fetches it again. */
export function useCounterResource<T>(path: string | undefined): Resource<T> & { reload: () => void } {
  const [r, setR] = useState<Resource<T>>({ state: 'loading' });
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    counterGet<T>(path).then(
      (data) => live && setR({ state: 'ready', data }),
      (e: unknown) => live && setR({ state: 'failed', problem: e instanceof ApiProblem ? e : new ApiProblem(0, {}) }),
    );
    return () => {
      live = false;
    };
  }, [path, n]);
  return { ...r, reload: () => setN((x) => x + 1) };
}

export { action };
