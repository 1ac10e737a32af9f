/**
 * The HTTP client the replay and the benches drive the local cloud with, as a well-behaved client
 * of the API does: every POST carries an Idempotency-Key and is tried again with the same key
 * after a 503, once its Retry-After has passed (the house's problem says "try again with the same
 * Idempotency-Key"); a 409 of contention (`urn:motcua:problem:conflict`: a daily sequence or a
 * draft list taken meanwhile) is tried again as a new request, as the person would. Scans go to S3 through the presigned form as
 * a browser posts it. Shared by infra/local/replay, bench/ and test/support.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Answer {
  status: number;
  body: any;
}

/** 503s answered (and retried) and 409 contentions retried since the start: a report prints them beside its figures. */
export const retried = { count: 0, conflicts: 0 };

/** A small but real PDF (one empty page): every scan and result the drivers upload. */
export const samplePdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** SHA-256 of a file, base64 (what an upload-url request declares). */
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('base64');

export interface CallOptions {
  /** Retry a 409 contention (fresh key), up to 10 times. */
  contention?: boolean;
  /** Attempts on 503 (default 8: 0.2 s, doubling, at most 5 s apart, about 16 s in all). */
  attempts?: number;
  /** The first pause after a 503 (default 200 ms); each next one doubles, up to 25 times it. */
  backoffMs?: number;
}

/**
 * Real HTTP to the cloud's API. Example: `await call(api, 'POST', '/v1/dossiers', body)`.
 */
export async function call(api: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, options: CallOptions = {}): Promise<Answer> {
  for (let contended = 0; ; contended++) {
    const answer = await once(api, method, path, body, headers, options.attempts ?? 8, options.backoffMs ?? 200);
    if (options.contention && answer.status === 409 && answer.body?.type === 'urn:motcua:problem:conflict' && contended < 10) {
      retried.conflicts++;
      await sleep(50 * (contended + 1));
      continue;
    }
    return answer;
  }
}

async function once(api: string, method: string, path: string, body: unknown, headers: Record<string, string>, attempts: number, backoffMs: number): Promise<Answer> {
  const key = method === 'POST' ? { 'idempotency-key': randomUUID() } : {};
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...key, ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status === 503 && attempt < attempts) {
      retried.count++;
      // As a client of the API should: wait the Retry-After it was given, doubling each time (1, 2,
      // 4, 8, 16 s at most). The first request may still be running (a create's p99 was 22 s on a
      // shared machine); retried too soon, the retry queues behind it (a unit's receptions take
      // their numbers in turn) instead of finding its record. No Retry-After: `backoffMs`, doubling.
      const after = retryAfterMs(res.headers.get('retry-after'));
      await sleep(after === undefined ? Math.min(backoffMs * 2 ** (attempt - 1), backoffMs * 25) : Math.min(after * 2 ** (attempt - 1), 16_000));
      continue;
    }
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }
}

/** A Retry-After header in ms (seconds only: what the API sends, at most 30), undefined when absent or unreadable. */
const retryAfterMs = (header: string | null) => (header && /^\d+$/.test(header) ? Math.min(Number(header), 30) * 1000 : undefined);

/** Throws unless the answer has the expected status, naming the step (a driver that measures failures measures nothing). */
export function expectStatus(what: string, a: Answer, status: number): Answer {
  if (a.status !== status) throw new Error(`${what} answered ${a.status}: ${JSON.stringify(a.body).slice(0, 400)}`);
  return a;
}

/** POSTs a file to a presigned form as a browser would (multipart/form-data, fields then file). */
export async function postForm(form: { url: string; fields: Record<string, string> }, file: Buffer = samplePdf, contentType = 'application/pdf', extra: Record<string, string> = {}): Promise<Response> {
  const body = new FormData();
  for (const [k, v] of Object.entries({ ...form.fields, ...extra })) body.append(k, v);
  body.append('file', new Blob([new Uint8Array(file)], { type: contentType }), 'scan.pdf');
  return fetch(form.url, { method: 'POST', body });
}

/** Asks an upload form at `base` (a dossier slot's or an agency result's path) and POSTs the sample PDF to S3. */
export async function uploadPdf(api: string, base: string, headers: Record<string, string>): Promise<void> {
  const asked = expectStatus('upload-url', await call(api, 'POST', `${base}/upload-url`, { contentType: 'application/pdf', size: samplePdf.length, sha256: sha256(samplePdf) }, headers), 201);
  const posted = await postForm(asked.body);
  if (posted.status !== 204) throw new Error(`S3 POST answered ${posted.status}`);
}

/** Polls `probe` every `everyMs` until it returns something; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 50, what = 'nothing'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
