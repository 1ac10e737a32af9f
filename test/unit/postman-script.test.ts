/**
 * The postman the local courier partner plays (infra/local/postman.ts), against a tiny fake of
 * motcua's courier API started here on an OS port: which calls he makes, in which order, with
 * which bodies, keys and token. The dates in the messages (1 and 11 December 2026) are fixed and
 * nothing compares them with the clock.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCourierPartner, type LocalCourierPartner, type PostmanScript } from '../../infra/local/courier-partner.ts';
import { courierDispatchExamples, type CourierDispatchV1 } from '../../shared/contracts/courier-dispatch.ts';
import { HttpCourierPartner } from '../../shared/partners/courier.ts';

type Seen = { method: string; path: string; key?: string; auth?: string; contentType?: string; body: any };
const pickup = courierDispatchExamples.pickup;
const delivery = courierDispatchExamples.resultDelivery;
const apiKey = 'k';

let fake: Server;
let fakeUrl: string;
let seen: Seen[] = [];
/** Answers the fake gives once, by step name, before its normal answer (to test retries). */
let failOnce = new Map<string, number>();
let partner: LocalCourierPartner;

const read = (req: IncomingMessage) => new Promise<Buffer>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
});

beforeAll(async () => {
  fake = createServer(async (req, res) => {
    const raw = await read(req);
    const path = req.url!;
    const contentType = req.headers['content-type'];
    // JSON as UTF-8; the multipart form as bytes (latin1 keeps each byte, the PNG's included).
    const body = contentType?.startsWith('application/json') ? JSON.parse(raw.toString('utf8')) : raw.toString('latin1');
    seen.push({ method: req.method!, path, key: req.headers['idempotency-key'] as string | undefined, auth: req.headers.authorization, contentType, body });
    const json = (status: number, b: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(b));
    const step = path.split('/').pop()!;
    const failing = failOnce.get(step);
    if (failing) {
      failOnce.delete(step);
      return json(failing, { title: 'tạm thời lỗi' });
    }
    if (path === '/upload') return res.writeHead(204).end();
    if (step === 'pickup' && body.checklist.some((d: any) => d.index === 0 && !d.present)) return json(422, { type: 'urn:motcua:problem:pickup-incomplete', title: 'Thiếu giấy tờ bắt buộc', field: 'checklist.0' });
    if (step === 'attempts') {
      // One attempt per distinct key: a retried call is the same attempt.
      const n = new Set(seen.filter((s) => s.path.endsWith('/attempts')).map((s) => s.key)).size;
      return json(200, { attempt: n, returned: n >= 3 });
    }
    if (step === 'proof-upload-url') return json(201, { url: `${fakeUrl}/upload`, fields: { key: 'proofs/RR000000014VN/signature', policy: 'cG9saWN5' } });
    json(200, { ok: true });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  partner = await startCourierPartner({
    apiKey,
    postman: { apiBase: fakeUrl, token: async (postOfficeId, postmanId) => `token-${postOfficeId}-${postmanId}`, retryDelayMs: 10 },
  });
});
afterAll(async () => {
  await partner.stop();
  await new Promise((r) => fake.close(r));
});
beforeEach(() => {
  partner.reset();
  seen = [];
  failOnce = new Map();
});

/** Orders `message` under `script` and waits until the postman stops; returns what the fake API saw. */
async function play(message: CourierDispatchV1, script: PostmanScript): Promise<Seen[]> {
  partner.script(script);
  await new HttpCourierPartner({ baseUrl: partner.url, apiKey }).createOrder(message);
  await partner.settled();
  return seen;
}
const steps = (calls: Seen[]) => calls.map((c) => `${c.method} ${c.path}`);
const api = (item: string, step: string) => `POST /v1/courier/shipments/${item}/${step}`;

describe('the stand-in’s postman, auto', () => {
  it('picks a dossier up: accept, pickup with the checklist, seal and signed slip, then handover', async () => {
    const calls = await play(pickup, { mode: 'auto', stepDelayMs: 0 });

    expect(steps(calls)).toEqual([api('RR473124829VN', 'accept'), api('RR473124829VN', 'pickup'), api('RR473124829VN', 'handover')]);
    expect(calls.map((c) => c.key)).toEqual(['RR473124829VN-accept', 'RR473124829VN-pickup', 'RR473124829VN-handover']);
    expect(new Set(calls.map((c) => c.auth))).toEqual(new Set(['Bearer token-bd-iagrai-postman-bd-iagrai']));
    expect(calls[0]!.body).toEqual({ postman: expect.any(String) });
    expect(calls[1]!.body).toEqual({
      checklist: [
        { index: 0, present: true, form: 'original', count: 1 },
        { index: 1, present: true, form: 'copy', count: 1 },
        { index: 2, present: false, form: 'original', count: 0 },
      ],
      sealNumber: expect.stringMatching(/^NP-\d{6}$/),
      slipSignedBy: 'Nguyễn Văn An',
    });
    expect(calls[2]!.body).toEqual({ receivedBy: 'Cán bộ tiếp nhận' });
  });

  it('reports a missing mandatory document as absent and, when the courier API says the pickup is incomplete, records the visit as failed and stops', async () => {
    const calls = await play(pickup, { mode: 'auto', stepDelayMs: 0, pickup: { missing: [0] } });

    expect(steps(calls)).toEqual([api('RR473124829VN', 'accept'), api('RR473124829VN', 'pickup'), api('RR473124829VN', 'attempts')]);
    expect(calls[1]!.body.checklist[0]).toEqual({ index: 0, present: false, form: 'original', count: 0 });
    expect(calls[2]!.body).toEqual({ reason: 'documents-incomplete', note: expect.any(String) });
    expect(calls[2]!.key).toBe('RR473124829VN-pickup-attempt-1');
    expect(partner.calls().filter((c) => c.direction === 'out').map((c) => c.status)).toEqual([200, 422, 200]);
  });

  it('records the scripted failed visits, each with its own key, before the pickup that collects', async () => {
    const calls = await play(pickup, { mode: 'auto', stepDelayMs: 0, pickup: { failures: ['not-at-home', 'wrong-address'] } });

    const item = 'RR473124829VN';
    expect(steps(calls)).toEqual([api(item, 'accept'), api(item, 'attempts'), api(item, 'attempts'), api(item, 'pickup'), api(item, 'handover')]);
    expect(calls.slice(1, 3).map((c) => [c.key, c.body])).toEqual([
      [`${item}-pickup-attempt-1`, { reason: 'not-at-home' }],
      [`${item}-pickup-attempt-2`, { reason: 'wrong-address' }],
    ]);
  });

  it('delivers a result after a failed attempt: out for delivery, attempt, out again, proof upload form, the signature, delivery', async () => {
    const calls = await play(delivery, { mode: 'auto', stepDelayMs: 0, delivery: { failures: ['not-at-home'] } });

    const item = 'RR000000014VN';
    expect(steps(calls)).toEqual([api(item, 'accept'), api(item, 'out-for-delivery'), api(item, 'attempts'), api(item, 'out-for-delivery'), api(item, 'proof-upload-url'), 'POST /upload', api(item, 'delivery')]);
    expect(calls.map((c) => c.key)).toEqual([`${item}-accept`, `${item}-out-for-delivery`, `${item}-attempt-1`, `${item}-out-for-delivery-2`, `${item}-proof-upload-url`, undefined, `${item}-delivery`]);
    expect(calls[2]!.body).toEqual({ reason: 'not-at-home' });
    expect(calls[4]!.body).toEqual({ contentType: 'image/png', size: expect.any(Number), sha256: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    // The form as a browser sends it: multipart, every field, then the PNG.
    const upload = calls[5]!;
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body.indexOf('name="key"')).toBeLessThan(upload.body.indexOf('name="file"'));
    expect(upload.body).toContain('proofs/RR000000014VN/signature');
    expect(upload.body).toContain('\x89PNG');
    expect(calls[6]!.body).toEqual({
      recipient: { name: 'Nguyễn Văn An', relation: 'applicant' },
      identity: { documentType: 'cccd', lastDigits: expect.stringMatching(/^\d{4}$/) },
      proof: 'signature',
    });
  });

  it('stops after the attempts allowed, and delivers nothing', async () => {
    const calls = await play(delivery, { mode: 'auto', stepDelayMs: 0, delivery: { failures: ['not-at-home', 'not-at-home', 'refused', 'other'] } });

    expect(steps(calls).filter((s) => s.endsWith('/attempts'))).toHaveLength(3);
    expect(steps(calls).some((s) => s.endsWith('/delivery') || s.endsWith('/proof-upload-url'))).toBe(false);
  });

  it('retries a call that failed with a 5xx under the same Idempotency-Key', async () => {
    failOnce.set('accept', 503);

    const calls = await play(pickup, { mode: 'auto', stepDelayMs: 0 });

    expect(calls.slice(0, 2).map((c) => [c.path.split('/').pop(), c.key])).toEqual([
      ['accept', 'RR473124829VN-accept'],
      ['accept', 'RR473124829VN-accept'],
    ]);
    expect(partner.calls().filter((c) => c.direction === 'out').map((c) => c.status)).toEqual([503, 200, 200, 200]);
  });
});

describe('the stand-in’s postman, manual', () => {
  it('only accepts: the test drives the rest of the courier API', async () => {
    const calls = await play(delivery, { mode: 'manual' });

    expect(steps(calls)).toEqual([api('RR000000014VN', 'accept')]);
  });

  it('does nothing for a cancellation', async () => {
    const calls = await play({ ...pickup, type: 'shipment.cancelled' }, { mode: 'auto', stepDelayMs: 0 });

    expect(calls).toEqual([]);
  });

  it('takes its script over HTTP, and refuses an unknown attempt reason naming the field', async () => {
    const ok = await fetch(`${partner.url}/_partner/script`, { method: 'PUT', body: JSON.stringify({ mode: 'manual' }) });
    const bad = await fetch(`${partner.url}/_partner/script`, { method: 'PUT', body: JSON.stringify({ mode: 'auto', delivery: { failures: ['lost'] } }) });
    await new HttpCourierPartner({ baseUrl: partner.url, apiKey }).createOrder(pickup);
    await partner.settled();

    expect(ok.status).toBe(204);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('delivery.failures.0');
    expect(steps(seen)).toEqual([api('RR473124829VN', 'accept')]);
  });
});
