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

/** The path of a printable form of the dossier (`receipt` = form 01, `supplement-request` = 02, `refusal` = 03, `fee-receipt-<id>`, …). */
export const formPath = (code: string, form: string) => counterPath(code, `/forms/${encodeURIComponent(form)}`);

/** A PDF of the counter API (a dossier's form, the tracking book) as an object URL. */
export const counterPdf = (path: string) => withAuth((h) => fetchPdf(path, h));

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

/**
 * One clerk's action on a dossier that a confirmation precedes: `run(path, body)` POSTs it with the
 * action's Idempotency-Key (kept for a retry after a network failure or a 5xx, renewed after a
 * refusal: nothing was done, the corrected entry is a new intent) and answers the reply, or
 * `undefined` with `problem` set.
 */
export function useCounterAction() {
  const [act, setAct] = useState(() => action());
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const run = async <T,>(path: string, body?: unknown): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await counterPost<T>(act, path, body);
    } catch (e) {
      const p = e instanceof ApiProblem ? e : new ApiProblem(0, {});
      setProblem(p);
      if (p.status >= 400 && p.status < 500) setAct(action());
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run, clear: () => setProblem(undefined) };
}

export { action };
