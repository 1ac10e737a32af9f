/**
 * The staff pages' one way to the API (counter console, agency inbox, postman, dashboard): every
 * call carries the signed-in session's bearer token, and an answer of 401 (the token expired,
 * revoked, or refused by the authorizer) sends the person to the sign-in page, coming back to the
 * page they were on (auth.ts `withAuth`).
 */
import { getJson, type Action } from './api.ts';
import { withAuth } from './auth.ts';
import { downloadWithHeaders } from './download.ts';
import { fetchPdf } from './pdf.ts';
import { useLoaded, type Resource } from './resource.ts';

/** `await staffGet<Shipment>('/v1/courier/shipments/RR…')`. */
export const staffGet = <T,>(path: string) => withAuth((h) => getJson<T>(path, h));

/** POST as one user action (its Idempotency-Key kept across a retry of the same press). */
export const staffPost = <T,>(act: Action, path: string, body?: unknown) => withAuth((h) => act.post<T>(path, body, h));

/** A PDF the API renders (a dossier's form, the tracking book) as an object URL. */
export const staffPdf = (path: string) => withAuth((h) => fetchPdf(path, h));

/** Saves a file the API serves (the figures as CSV or XLSX) under its name. */
export const staffDownload = (path: string, fallbackName: string) => withAuth((h) => downloadWithHeaders(path, h, fallbackName));

/** `const r = useStaffResource<ReceptionQueue>('/v1/counter/reception')`: resource.ts `useLoaded` with the bearer token; `r.reload()` reads it again. */
export function useStaffResource<T>(path: string | undefined): Resource<T> & { reload: () => void } {
  return useLoaded<T>(path, staffGet<T>);
}
