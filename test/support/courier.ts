/**
 * The courier partner stand-in of the shared test cloud (infra/local/courier-partner.ts), through
 * its own controls: the postman's script, faults, the calls it recorded. The test cloud starts it
 * `manual` (the postman only takes orders); a file that sets a script puts it back:
 *
 *   afterEach(resetPartner);
 */
import { api } from './cloud.ts';

let url: string | undefined;
async function partnerUrl(): Promise<string> {
  url ??= ((await (await fetch(`${api}/_local/courier-partner`)).json()) as { url: string }).url;
  return url;
}

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${await partnerUrl()}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

export interface PartnerCall {
  direction: 'in' | 'out';
  method: string;
  path: string;
  key?: string;
  status: number;
  at: string;
}

/** What the postman does with each order from now on. */
export const setScript = (script: { mode: 'auto' | 'manual'; stepDelayMs?: number; pickup?: { missing?: number[] }; delivery?: { failures?: string[]; deliver?: boolean } }) => control('PUT', '/_partner/script', script);
/** Faults of the partner API, each counting down per request. */
export const setFaults = (faults: { failNext?: number; status?: 500 | 503; timeoutNext?: number; slowMs?: number; rejectNext?: number }) => control('PUT', '/_partner/faults', faults);
/** Every call in (orders) and out (the postman's calls to the courier API). */
export const partnerCalls = async () => ((await control('GET', '/_partner/calls')) as { calls: PartnerCall[] }).calls;
/** Back to the test cloud's start: manual postman, no faults, no calls recorded. */
export async function resetPartner(): Promise<void> {
  await control('DELETE', '/_partner');
  await setScript({ mode: 'manual' });
}
