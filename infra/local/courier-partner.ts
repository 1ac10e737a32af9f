/**
 * The courier partner, stand-in: the post office's delivery system as motcua sees it
 * (shared/partners/courier.ts, docs/courier-integration.md), on one machine. It takes orders and
 * plays the postman for each (./postman.ts).
 *
 * Semantics emulated:
 * - `POST /v1/orders`: the bearer key is checked (401), the body validated against the dispatch
 *   contract (422 naming the field), the Idempotency-Key must be `<itemId>:<type>` (400/422); a
 *   key seen before answers 200 with the first order's id and creates nothing; a new key 201.
 * - Faults, each counting down per request to /v1/orders: `slowMs` (every answer that late),
 *   `timeoutNext` (the request is held open until the client gives up, then dropped: no order),
 *   `failNext` (answered `status`, 500 by default), `rejectNext` (422, address outside the
 *   service area). A faulted request creates no order.
 * - Every call is recorded (method, path, key, status, at; the body too, for tests), both the
 *   orders it takes and the postman's calls to motcua; the log gets the status and key only,
 *   never a body (it carries a name, a phone and an address).
 *
 * Control (tests, or a developer at `npm start`): `GET /_partner/calls`, `PUT /_partner/faults`,
 * `PUT /_partner/script` (./postman.ts `PostmanScript`), `DELETE /_partner` (reset); the same as
 * methods on the returned object.
 *
 * Gaps: orders live in memory (a restart forgets them, so a redelivered message then makes a new
 * order); no service area (a 422 only when told); a cancellation only stops the postman between
 * two steps.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { courierDispatchV1, type CourierDispatchV1 } from '../../shared/contracts/courier-dispatch.ts';
import { orderKey } from '../../shared/partners/courier.ts';
import { playPostman, postmanScriptSchema, safeJson, type PostmanCall, type PostmanOptions, type PostmanScript } from './postman.ts';
import { runningWork, startStandInServer } from './stand-in-server.ts';

export type { PostmanScript } from './postman.ts';

/** A call the stand-in saw (`in`: an order to it) or made (`out`: the postman to motcua). */
export interface RecordedCall extends PostmanCall {
  direction: 'in' | 'out';
}

export const partnerFaultsSchema = z
  .object({
    failNext: z.number().int().min(0).max(10_000).optional(),
    status: z.union([z.literal(500), z.literal(503)]).optional(),
    timeoutNext: z.number().int().min(0).max(10_000).optional(),
    slowMs: z.number().int().min(0).max(60_000).optional(),
    rejectNext: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type PartnerFaults = z.infer<typeof partnerFaultsSchema>;

export interface CourierPartnerOptions {
  /** 0 (default): a port from the OS. */
  port?: number;
  apiKey: string;
  log?: (line: string) => void;
  /** Where the postman reports; without it the stand-in only takes orders. */
  postman?: Pick<PostmanOptions, 'apiBase' | 'token'> & Partial<Pick<PostmanOptions, 'retries' | 'retryDelayMs'>>;
}

export interface LocalCourierPartner {
  url: string;
  calls(): RecordedCall[];
  /** Replaces the faults (absent ones off). */
  configure(faults: PartnerFaults): void;
  /** Replaces the postman's script for the orders that come next. */
  script(s: PostmanScript): void;
  /** Forgets calls, orders, faults and the script (back to `auto`). */
  reset(): void;
  /** Resolves once every postman started so far has stopped. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const defaultScript: PostmanScript = { mode: 'auto', stepDelayMs: 50 };
/** How long a `timeoutNext` request is held at most when its client never gives up. */
const maxHoldMs = 60_000;
const maxBody = 256 * 1024;

/** Starts the stand-in. Example: `const partner = await startCourierPartner({ apiKey: 'k' })`, then `partner.url`. */
export async function startCourierPartner(opts: CourierPartnerOptions): Promise<LocalCourierPartner> {
  const log = opts.log ?? (() => {});
  let recorded: RecordedCall[] = [];
  let orders = new Map<string, { orderId: string; itemId: string }>();
  let cancelled = new Set<string>();
  let faults: PartnerFaults = {};
  let script: PostmanScript = defaultScript;
  let generation = 0;
  const playing = runningWork();

  const record = (call: RecordedCall) => {
    recorded.push(call);
    log(`courier-partner: ${call.direction === 'in' ? '<-' : '->'} ${call.method} ${call.path}${call.key ? ` [${call.key}]` : ''} ${call.status || 'no answer'}`);
  };

  const play = (message: CourierDispatchV1) => {
    if (!opts.postman) return;
    const mine = generation;
    const itemId = message.shipment.itemId;
    void playing.add(playPostman(message, { ...script }, {
      ...opts.postman,
      record: (c) => {
        if (mine === generation) record({ ...c, direction: 'out' });
      },
      cancelled: () => mine !== generation || cancelled.has(itemId),
    })
      .catch((error: Error) => log(`courier-partner: postman for ${itemId} stopped: ${error.name}`)));
  };

  /** The partner API: POST /v1/orders. */
  const takeOrder = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const key = header(req, 'idempotency-key');
    const answer = (status: number, body?: unknown) => {
      record({ direction: 'in', method: 'POST', path: '/v1/orders', ...(key ? { key } : {}), status, at: new Date().toISOString(), body: safeJson(raw) });
      send(res, status, body);
    };
    if (faults.slowMs) await new Promise((r) => setTimeout(r, faults.slowMs));
    if (faults.timeoutNext) {
      faults.timeoutNext--;
      // Held until the client aborts (its timeout), then the socket is dropped with no answer.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxHoldMs);
        res.once('close', () => (clearTimeout(timer), resolve()));
      });
      record({ direction: 'in', method: 'POST', path: '/v1/orders', ...(key ? { key } : {}), status: 0, at: new Date().toISOString(), body: safeJson(raw) });
      req.socket.destroy();
      return;
    }
    if (faults.failNext) {
      faults.failNext--;
      const status = faults.status ?? 500;
      return answer(status, problem(status, 'Hệ thống bưu chính tạm thời lỗi, vui lòng thử lại sau'));
    }
    if (header(req, 'authorization') !== `Bearer ${opts.apiKey}`) return answer(401, problem(401, 'Khóa truy cập không hợp lệ'));
    const json = safeJson(raw);
    if (json === undefined) return answer(422, problem(422, 'Nội dung không phải JSON hợp lệ', 'body'));
    const parsed = courierDispatchV1.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.') || 'body';
      return answer(422, problem(422, 'Thông điệp không đúng hợp đồng courier-dispatch v1', field, issue.message));
    }
    const message = parsed.data;
    if (!key) return answer(400, problem(400, 'Thiếu Idempotency-Key', 'Idempotency-Key'));
    if (key !== orderKey(message)) return answer(422, problem(422, 'Idempotency-Key phải là <itemId>:<type> của thông điệp', 'Idempotency-Key'));
    const known = orders.get(key);
    if (known) return answer(200, known);
    if (faults.rejectNext) {
      faults.rejectNext--;
      return answer(422, problem(422, 'Địa chỉ ngoài vùng phục vụ của bưu cục', 'shipment.party.address', 'bưu cục không phát đến địa chỉ này'));
    }
    const order = { orderId: `VNP-${randomUUID()}`, itemId: message.shipment.itemId };
    orders.set(key, order);
    answer(201, order);
    if (message.type === 'shipment.cancelled') cancelled.add(message.shipment.itemId);
    else play(message);
  };

  /** The control routes under /_partner. */
  const control = (req: IncomingMessage, res: ServerResponse, path: string, raw: string) => {
    if (req.method === 'GET' && path === '/_partner/calls') return send(res, 200, { calls: recorded });
    if (req.method === 'DELETE' && path === '/_partner') return (partner.reset(), send(res, 204));
    const schema = path === '/_partner/faults' ? partnerFaultsSchema : path === '/_partner/script' ? postmanScriptSchema : undefined;
    if (req.method !== 'PUT' || !schema) return send(res, 404, problem(404, 'Không tìm thấy'));
    const parsed = schema.safeParse(safeJson(raw));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return send(res, 400, problem(400, 'Dữ liệu không hợp lệ', issue.path.map(String).join('.') || 'body', issue.message));
    }
    if (path === '/_partner/faults') partner.configure(parsed.data as PartnerFaults);
    else partner.script(parsed.data as PostmanScript);
    send(res, 204);
  };

  const server = await startStandInServer({
    port: opts.port,
    maxBody,
    tooLarge: (res) => send(res, 413, problem(413, 'Nội dung yêu cầu quá lớn')),
    crashed: (res) => send(res, 500, problem(500, 'Lỗi hệ thống')),
    handle: (req, res, url, raw) => {
      const path = url.pathname;
      if (path === '/v1/orders' && req.method === 'POST') return takeOrder(req, res, raw);
      if (path.startsWith('/_partner')) return control(req, res, path, raw);
      send(res, 404, problem(404, 'Không tìm thấy'));
    },
  });

  const partner: LocalCourierPartner = {
    url: server.url,
    calls: () => recorded.map((c) => ({ ...c })),
    configure: (f) => {
      faults = { ...f };
    },
    script: (s) => {
      script = { ...s };
    },
    reset: () => {
      generation++;
      recorded = [];
      orders = new Map();
      cancelled = new Set();
      faults = {};
      script = defaultScript;
    },
    settled: () => playing.settled(),
    stop: () => {
      generation++;
      return server.stop(playing.settled);
    },
  };
  log(`courier-partner: listening on ${partner.url}`);
  return partner;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function problem(status: number, title: string, field?: string, detail?: string) {
  return { type: `urn:motcua:courier-partner:${status}`, title, status, ...(detail ? { detail } : {}), ...(field ? { field } : {}) };
}

function send(res: ServerResponse, status: number, body?: unknown) {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) return void res.writeHead(status).end();
  const type = status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
}
