/**
 * The staff pages' one way to the API (counter console, agency inbox, postman, dashboard): every
 * call carries the signed-in session's bearer token, and an answer of 401 (the token expired,
 * revoked, or refused by the authorizer) sends the person to the sign-in page, coming back to the
 * page they were on (auth.ts `withAuth`).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, getJson, type Action } from './api.ts';
import { withAuth } from './auth.ts';
import { downloadWithHeaders } from './download.ts';
import { fetchPdf } from './pdf.ts';
import type { Resource } from './resource.ts';

/** `await staffGet<Shipment>('/v1/courier/shipments/RR…')`. */
export const staffGet = <T,>(path: string) => withAuth((h) => getJson<T>(path, h));

/** POST as one user action (its Idempotency-Key kept across a retry of the same press). */
export const staffPost = <T,>(act: Action, path: string, body?: unknown) => withAuth((h) => act.post<T>(path, body, h));

/** A PDF the API renders (a dossier's form, the tracking book) as an object URL. */
export const staffPdf = (path: string) => withAuth((h) => fetchPdf(path, h));

/** Saves a file the API serves (the figures as CSV or XLSX) under its name. */
export const staffDownload = (path: string, fallbackName: string) => withAuth((h) => downloadWithHeaders(path, h, fallbackName));

/**
 * `const r = useStaffResource<ReceptionQueue>('/v1/counter/reception')`: the resource, read again by
 * `r.reload()`. Another path is "loading" until its own answer, never the last path's data; a
 * reload keeps the page as it is until its answer arrives (no flash). No path: nothing is read,
 * the last answer stays.
 */
export function useStaffResource<T>(path: string | undefined): Resource<T> & { reload: () => void } {
  const [held, setHeld] = useState<{ path?: string; r: Resource<T> }>({ r: { state: 'loading' } });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    staffGet<T>(path).then(
      (data) => live && setHeld({ path, r: { state: 'ready', data } }),
      (e: unknown) => live && setHeld({ path, r: { state: 'failed', problem: e instanceof ApiProblem ? e : new ApiProblem(0, {}) } }),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  const r: Resource<T> = !path || held.path === path ? held.r : { state: 'loading' };
  return { ...r, reload: () => setVersion((v) => v + 1) };
}
