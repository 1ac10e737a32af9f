/**
 * The postman the local courier partner plays (infra/local/courier-partner.ts): for an accepted
 * order he reports each step through motcua's courier API, as a postman would from his phone.
 *
 * - A pickup: accept → pickup (the message's checklist: each mandatory document present, in its
 *   form and number of copies, unless the script lists it as missing; a seal number; the slip
 *   signed by the party) → handover at the receiving unit. Scripted failed visits come first, each
 *   a pickup attempt with its reason. A 422 at pickup (a mandatory document missing: the postman
 *   explains, nothing is collected) ends the visit, recorded as an attempt `documents-incomplete`.
 * - A result delivery: accept → out-for-delivery → one attempt per scripted failure (the courier
 *   API says when the item is returned) → unless the attempts ran out: a signature image uploaded
 *   through the presigned form, as a phone's browser does → delivery.
 * - `manual`: accept only; a test drives the rest of the courier API itself.
 *
 * Every POST carries an Idempotency-Key derived from the item and the step, so a retried call
 * (on a 5xx or a network error, a few times with backoff) never records a step twice.
 */
import { createHash, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import type { CourierDispatchV1 } from '../../shared/contracts/courier-dispatch.ts';
import { attemptReasons, pickupAttemptReasons, type DeliveryAttemptReason, type PickupAttemptReason } from '../../shared/domain/postal/shipment.ts';

/** Why a delivery attempt or a pickup visit failed, as the courier API takes it. */
const deliveryReasons = Object.keys(attemptReasons) as [DeliveryAttemptReason, ...DeliveryAttemptReason[]];
const pickupReasons = Object.keys(pickupAttemptReasons) as [PickupAttemptReason, ...PickupAttemptReason[]];

/** What the postman does with the orders he gets (`PUT /_partner/script`). */
export const postmanScriptSchema = z
  .object({
    mode: z.enum(['auto', 'manual']),
    stepDelayMs: z.number().int().min(0).max(60_000).optional(),
    /** `failures`: visits that collect nothing before the one that does (each a pickup attempt with its reason). */
    pickup: z.object({ missing: z.array(z.number().int().min(0).max(99)).max(100).optional(), failures: z.array(z.enum(pickupReasons)).max(10).optional() }).strict().optional(),
    delivery: z.object({ failures: z.array(z.enum(deliveryReasons)).max(10).optional(), deliver: z.boolean().optional() }).strict().optional(),
  })
  .strict();
export type PostmanScript = z.infer<typeof postmanScriptSchema>;

/** One call the postman made (to the courier API, or the proof upload to S3). */
export interface PostmanCall {
  method: string;
  /** The path under the courier API, or the upload form's URL without its query. */
  path: string;
  key?: string;
  /** 0: no answer (network error). */
  status: number;
  at: string;
  body?: unknown;
}

export interface PostmanOptions {
  /** motcua's API base, e.g. http://localhost:3000. */
  apiBase: string;
  /** A courier JWT for the postman of a post office (`custom:service_point_id`, `sub`). */
  token: (postOfficeId: string, postmanId: string) => Promise<string>;
  record: (call: PostmanCall) => void;
  /** Stops the play between steps (the order was cancelled, or the stand-in reset). */
  cancelled?: () => boolean;
  /** Tries after the first on a 5xx or a network error (default 3), backoff from `retryDelayMs` (default 200). */
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** A 1×1 PNG: the signature the stand-in's postman "collects". */
export const signaturePng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The postman of a post office the stand-in plays: one per office, so his token's scope is that office. */
export const postmanOf = (postOfficeId: string) => ({ id: `postman-${postOfficeId}`, name: 'Bưu tá Rơ Châm Hiếu' });

/** Plays the postman for one accepted order, to the end of the script. Resolves when he stops. */
export async function playPostman(message: CourierDispatchV1, script: PostmanScript, opts: PostmanOptions): Promise<void> {
  const { shipment } = message;
  const postman = postmanOf(shipment.postOffice.id);
  const token = await opts.token(shipment.postOffice.id, postman.id);
  const base = `${opts.apiBase.replace(/\/+$/, '')}/v1/courier/shipments/${shipment.itemId}`;
  const step = async (name: string, body: unknown, key = `${shipment.itemId}-${name}`) => {
    if (opts.cancelled?.()) return undefined;
    if (script.stepDelayMs) await sleep(script.stepDelayMs);
    return call(opts, 'POST', `${base}/${name}`, { token, key, body });
  };

  if (!ok(await step('accept', { postman: postman.name })) || script.mode === 'manual') return;

  if (shipment.kind === 'pickup') {
    const missing = new Set(script.pickup?.missing ?? []);
    const checklist = (shipment.checklist ?? []).map((d) => {
      const present = d.mandatory && !missing.has(d.index);
      return { index: d.index, present, form: d.form, count: present ? d.copies : 0 };
    });
    let visits = 0;
    const missed = async (reason: PickupAttemptReason, note?: string) => ok(await step('attempts', { reason, ...(note ? { note } : {}) }, `${shipment.itemId}-pickup-attempt-${++visits}`));
    for (const reason of script.pickup?.failures ?? []) if (!(await missed(reason))) return;
    const sealNumber = `NP-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const picked = await step('pickup', { checklist, sealNumber, slipSignedBy: shipment.party.name });
    // Short of the list (422): nothing collected, and the visit is recorded as one that failed.
    if (picked?.status === 422) await missed('documents-incomplete', 'Thiếu giấy tờ bắt buộc theo danh mục');
    if (!ok(picked)) return;
    await step('handover', { receivedBy: 'Cán bộ tiếp nhận' });
    return;
  }

  if (!ok(await step('out-for-delivery', {}))) return;
  const allowed = shipment.attemptsAllowed ?? 3;
  const failures = script.delivery?.failures ?? [];
  for (const [i, reason] of failures.entries()) {
    const answer = await step('attempts', { reason }, `${shipment.itemId}-attempt-${i + 1}`);
    if (!ok(answer) || answer!.body?.returned === true || i + 1 >= allowed) return;
    // Each attempt is a trip of its own: the result goes out again.
    if (!ok(await step('out-for-delivery', {}, `${shipment.itemId}-out-for-delivery-${i + 2}`))) return;
  }
  if (script.delivery?.deliver === false) return;
  const sha256 = createHash('sha256').update(signaturePng).digest('base64');
  const form = await step('proof-upload-url', { contentType: 'image/png', size: signaturePng.length, sha256 });
  if (!ok(form)) return;
  if (!(await uploadProof(opts, form!.body))) return;
  await step('delivery', {
    recipient: { name: shipment.party.name, relation: 'applicant' },
    // The stand-in cannot read a card: it reports four digits, as the postman would type them.
    identity: { documentType: 'cccd', lastDigits: '1234' },
    proof: 'signature',
  });
}

type Answer = { status: number; body: any } | undefined;
const ok = (a: Answer) => a !== undefined && a.status >= 200 && a.status < 300;

/** One call to the courier API, retried on a 5xx, a network error or a 409 contention with the same key. */
async function call(opts: PostmanOptions, method: string, url: string, { token, key, body }: { token: string; key: string; body: unknown }): Promise<Answer> {
  const retries = opts.retries ?? 3;
  const fetch = opts.fetch ?? globalThis.fetch;
  const path = new URL(url).pathname;
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    let answer: any;
    try {
      const res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      const text = await res.text();
      answer = text ? safeJson(text) : undefined;
    } catch {
      status = 0;
    }
    opts.record({ method, path, key, status, at: new Date().toISOString(), body });
    // A 409 of contention (the dossier changed meanwhile: the citizen paying online as the postman
    // picks up; the receiving unit's day sequence taken by a counter intake) is tried again, as the
    // postman's app would; a 409 of an illegal step is not (its type is `illegal-transition`).
    const contended = status === 409 && answer?.type === 'urn:motcua:problem:conflict';
    if ((status === 0 || status >= 500 || contended) && attempt < retries) {
      await sleep((opts.retryDelayMs ?? 200) * 2 ** attempt);
      continue;
    }
    return { status, body: answer };
  }
}

/** The proof image POSTed to the presigned form, every field then the file (the order S3 requires). */
async function uploadProof(opts: PostmanOptions, form: { url?: unknown; fields?: unknown }): Promise<boolean> {
  if (typeof form?.url !== 'string' || typeof form.fields !== 'object' || form.fields === null) return false;
  const data = new FormData();
  for (const [k, v] of Object.entries(form.fields as Record<string, string>)) data.append(k, v);
  data.append('file', new Blob([new Uint8Array(signaturePng)], { type: 'image/png' }), 'signature.png');
  const url = new URL(form.url);
  let status = 0;
  try {
    status = (await (opts.fetch ?? globalThis.fetch)(form.url, { method: 'POST', body: data, signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    status = 0;
  }
  opts.record({ method: 'POST', path: `${url.origin}${url.pathname}`, status, at: new Date().toISOString() });
  return status >= 200 && status < 300;
}

/** The JSON in `text`, or undefined when it is none. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
