/**
 * The local SMS gateway: stands in for both SMS providers motcua speaks to
 * (shared/partners/sms/*, docs/sms-integration.md), so that locally there are two to fail over
 * between. It records every message it accepts and sends delivery receipts back.
 *
 * Semantics emulated:
 * - Brandname JSON API, `POST /v1/messages`: the bearer key is checked (401 UNAUTHORIZED), the body
 *   validated (400 INVALID_REQUEST naming the field), a phone outside `84…` refused (422
 *   INVALID_PHONE), `unicode: 0` with text outside GSM-7 refused (422 CONTENT_REFUSED: a real
 *   gateway would mangle it); a known requestId answers 200 with the first messageId and sends
 *   nothing; a new one 201.
 * - AWS End User Messaging SMS v2, awsJson1_0 `X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage`
 *   at `awsEndpoint`: validated like AWS (ValidationException with Reason and Fields), encoding
 *   chosen from the text as AWS does (GSM-7 when every character fits, else UCS-2). Like AWS it has
 *   no idempotency key: a repeat is a second SMS. The SigV4 signature is not checked.
 * - Receipts, `receiptDelayMs` after acceptance, each protocol its own way:
 *   - brandname: POSTed to `receiptUrl` with `X-Signature: hex(HMAC-SHA256(receiptSecret, rawBody))`;
 *   - AWS: no webhook, as AWS calls none. The event-destination record is published to
 *     `awsEvents.publish` (the local cloud: the sms-events topic, raw onto the sms-events queue),
 *     and only for a message sent with `awsEvents.configurationSetName`: like AWS, a message
 *     sent without the configuration set (or with another) produces no event at all.
 *   Each attempt is marked on the message; up to 3 attempts, 200 ms apart.
 * - Faults per protocol (`configure`, `PUT /_gateway/faults`): `down` (every call 503 SERVICE_UNAVAILABLE / 500
 *   InternalServerException), `failNext` (the next n calls the same), `transientRate` (a seeded
 *   share answered 429 THROTTLED / ThrottlingException), `permanentPhones` (answered INVALID_PHONE /
 *   ValidationException), `temporaryPhones` (accepted, receipt: temporary failure), `slowMs`,
 *   `receiptFirst` (the receipt is delivered, and answered, before the send itself is answered: a
 *   fast network and a slow sender, the race every receipt handler must survive).
 * - Test numbers, like GOV.UK Notify's: +84900000001 delivered, +84900000002 permanent failure
 *   (receipt), +84900000003 temporary failure (receipt), +84900000004 refused at sending as an
 *   invalid number. Any other number is delivered.
 *
 * Control: `GET /_gateway/messages?phone=`, `PUT /_gateway/faults`, `DELETE /_gateway` (reset); the
 * same as methods on the returned object. The log gets protocol, reference and status, never a
 * phone or a text (ARCHITECTURE.md, personal data).
 *
 * Gaps: messages live in memory; no rate limit of its own beyond `transientRate`; no inbound SMS.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { awsSmsEventStatuses } from '../../shared/partners/sms/aws-end-user-messaging.ts';
import { brandnameStatuses } from '../../shared/partners/sms/http-brandname.ts';
import type { SmsReceipt } from '../../shared/partners/sms/provider.ts';
import { receiptSignature, signatureHeader } from '../../shared/partners/sms/signature.ts';
import { safeJson } from './postman.ts';
import { runningWork, startStandInServer } from './stand-in-server.ts';
import { seeded } from './seeded.ts';

export type GatewayProtocol = 'brandname' | 'aws';

/** A message the gateway accepted, as it received it. */
export interface GatewayMessage {
  providerMessageId: string;
  protocol: GatewayProtocol;
  /** requestId (brandname) or Context.reference (AWS). */
  reference: string | undefined;
  /** E.164. */
  to: string;
  sender: string;
  text: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  status: 'sending' | SmsReceipt['status'];
  /** The status word of the receipt it gets (`DELIVRD`, `TEXT_TTL_EXPIRED`, ...). */
  providerStatus: string;
  acceptedAt: string;
  /** AWS: the ConfigurationSetName it was sent with. */
  configurationSet?: string;
  /** `answered`: the webhook's HTTP status, 200 once published as an AWS event, 0 for no answer. */
  receipt?: { sentAt: string; attempts: number; answered?: number; via: 'webhook' | 'aws-events' };
}

export const protocolFaultsSchema = z
  .object({
    down: z.boolean().optional(),
    transientRate: z.number().min(0).max(1).optional(),
    failNext: z.number().int().min(0).max(100_000).optional(),
    permanentPhones: z.array(z.string().max(20)).max(1000).optional(),
    temporaryPhones: z.array(z.string().max(20)).max(1000).optional(),
    slowMs: z.number().int().min(0).max(60_000).optional(),
    receiptFirst: z.boolean().optional(),
  })
  .strict();
export type ProtocolFaults = z.infer<typeof protocolFaultsSchema>;

export const gatewayRulesSchema = z
  .object({
    brandname: protocolFaultsSchema.optional(),
    aws: protocolFaultsSchema.optional(),
    /** Seed of the `transientRate` draws (default 1): the same seed, the same calls fail. */
    seed: z.number().int().optional(),
    receiptUrl: z.url().max(2000).optional(),
    receiptDelayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();
/** What `configure` takes: each key given replaces that part (a protocol's faults as a whole), the rest stays. */
export type GatewayRules = z.infer<typeof gatewayRulesSchema>;

export interface SmsGatewayOptions {
  /** 0 (default): a port from the OS. */
  port?: number;
  apiKey: string;
  receiptSecret: string;
  /** motcua's webhook; settable later with `configure({ receiptUrl })`. Without it no receipt is sent. */
  receiptUrl?: string;
  receiptDelayMs?: number;
  /**
   * Where AWS End User Messaging SMS events go (the configuration set's event destination):
   * `publish` takes the event record as JSON. Without it, AWS-protocol messages get no receipt.
   */
  awsEvents?: AwsEventDestination;
  /** The clock for `acceptedAt` and receipt times (default: the machine's); pass the local settable clock. */
  now?: () => Date;
  log?: (line: string) => void;
}

/** The local configuration set: its name, and the destination its events are published to. */
export interface AwsEventDestination {
  configurationSetName: string;
  publish(record: string): Promise<void>;
}

export interface LocalSmsGateway {
  /** The brandname API's base URL. */
  url: string;
  /** The AWS End User Messaging SMS endpoint (the SDK client's `endpoint`). */
  awsEndpoint: string;
  messages(filter?: { phone?: string }): GatewayMessage[];
  configure(rules: GatewayRules): void;
  /** Forgets messages and faults (receiptUrl and receiptDelayMs stay: they are wiring). */
  reset(): void;
  /** Resolves once every receipt scheduled so far has been sent (or given up). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Notify-style test numbers: what each always does (docs/sms-integration.md, "Test numbers"). */
export const testNumbers = {
  delivered: '+84900000001',
  permanentFailure: '+84900000002',
  temporaryFailure: '+84900000003',
  invalidNumber: '+84900000004',
} as const;

const maxBody = 64 * 1024;
const receiptAttempts = 3;
const receiptRetryMs = 200;

/** Starts the gateway. Example: `const sms = await startSmsGateway({ apiKey: 'k', receiptSecret: 's' })`, then `sms.url`. */
export async function startSmsGateway(opts: SmsGatewayOptions): Promise<LocalSmsGateway> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  let recorded: GatewayMessage[] = [];
  let byRequestId = new Map<string, GatewayMessage>();
  let faults: Record<GatewayProtocol, ProtocolFaults> = { brandname: {}, aws: {} };
  let receiptUrl = opts.receiptUrl;
  let receiptDelayMs = opts.receiptDelayMs ?? 50;
  let random = seeded(1);
  let generation = 0;
  const pending = runningWork();

  /** The outage, if any, that answers this call before the gateway looks at it (a down gateway knows no requestId). */
  const outage = async (protocol: GatewayProtocol): Promise<'down' | 'throttled' | undefined> => {
    const f = faults[protocol];
    if (f.slowMs) {
      // A slow answer is work in progress (settled() waits for it), and one that outlives a reset
      // answers as down: its caller gave up long ago, and it must not land among the next test's messages.
      const mine = generation;
      await pending.add(new Promise<void>((r) => setTimeout(r, f.slowMs)));
      if (mine !== generation) return 'down';
    }
    if (f.down) return 'down';
    if (f.failNext) {
      f.failNext--;
      return 'down';
    }
    if (f.transientRate && random() < f.transientRate) return 'throttled';
    return undefined;
  };
  const refusedPhone = (protocol: GatewayProtocol, to: string) => to === testNumbers.invalidNumber || (faults[protocol].permanentPhones?.map(e164).includes(to) ?? false);

  /** Records an accepted message and schedules its receipt; `receipt` (with `receiptFirst`) settles once the receipt was answered. */
  const accept = (m: Omit<GatewayMessage, 'providerMessageId' | 'status' | 'providerStatus' | 'acceptedAt' | 'segments'>): { message: GatewayMessage; receipt?: Promise<void> } => {
    const outcome: SmsReceipt['status'] =
      m.to === testNumbers.permanentFailure ? 'permanent-failure' : m.to === testNumbers.temporaryFailure || faults[m.protocol].temporaryPhones?.map(e164).includes(m.to) ? 'temporary-failure' : 'delivered';
    const message: GatewayMessage = {
      ...m,
      providerMessageId: m.protocol === 'aws' ? randomUUID() : `BN-${randomUUID()}`,
      segments: segmentsOf(m.text, m.encoding),
      status: 'sending',
      providerStatus: providerStatusOf(m.protocol, outcome),
      acceptedAt: now().toISOString(),
    };
    recorded.push(message);
    const receipt = scheduleReceipt(message, outcome);
    return { message, ...(faults[m.protocol].receiptFirst ? { receipt } : {}) };
  };

  /** How a message's receipt travels: the brandname webhook, or the AWS event destination; undefined: it gets none. */
  const receiptDelivery = (message: GatewayMessage, doneAt: Date): { via: 'webhook' | 'aws-events'; send: () => Promise<number> } | undefined => {
    if (message.protocol === 'aws') {
      const destination = opts.awsEvents;
      if (!destination || message.configurationSet !== destination.configurationSetName) return undefined;
      const record = JSON.stringify(awsEvent(message, doneAt));
      return { via: 'aws-events', send: async () => (await destination.publish(record), 200) };
    }
    const url = receiptUrl?.replace('{provider}', 'brandname');
    if (!url) return undefined;
    const body = JSON.stringify(brandnameReceiptOf(message, doneAt));
    return {
      via: 'webhook',
      send: async () => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [signatureHeader]: receiptSignature(opts.receiptSecret, body) }, body, signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        return res.status;
      },
    };
  };

  const scheduleReceipt = (message: GatewayMessage, outcome: SmsReceipt['status']): Promise<void> => {
    const mine = generation;
    const first = faults[message.protocol].receiptFirst === true;
    return pending.add((async () => {
      if (!first) await new Promise((r) => setTimeout(r, receiptDelayMs));
      if (mine !== generation) return;
      message.status = outcome;
      const doneAt = now();
      const deliver = receiptDelivery(message, doneAt);
      if (!deliver) return;
      message.receipt = { sentAt: doneAt.toISOString(), attempts: 0, via: deliver.via };
      for (let attempt = 1; attempt <= receiptAttempts && mine === generation; attempt++) {
        message.receipt.attempts = attempt;
        try {
          message.receipt.answered = await deliver.send();
          if (message.receipt.answered < 500) break;
        } catch {
          message.receipt.answered = 0;
        }
        await new Promise((r) => setTimeout(r, receiptRetryMs));
      }
      log(`sms-gateway: receipt ${message.providerStatus} for ${message.reference ?? message.providerMessageId} -> ${message.receipt.answered || 'no answer'}`);
    })());
  };

  /** The brandname API: POST /v1/messages. */
  const brandname = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const fail = (status: number, code: string, message: string, field?: string) => {
      log(`sms-gateway: brandname <- ${status} ${code}`);
      send(res, status, { code, message, ...(field ? { field } : {}) });
    };
    if (header(req, 'authorization') !== `Bearer ${opts.apiKey}`) return fail(401, 'UNAUTHORIZED', 'Khóa truy cập không hợp lệ');
    const parsed = brandnameRequest.safeParse(safeJson(raw));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fail(400, 'INVALID_REQUEST', 'Yêu cầu không hợp lệ', issue.path.map(String).join('.') || 'body');
    }
    const r = parsed.data;
    const fault = await outage('brandname');
    if (fault === 'down') return fail(503, 'SERVICE_UNAVAILABLE', 'Hệ thống tạm thời gián đoạn');
    if (fault === 'throttled') return fail(429, 'THROTTLED', 'Vượt quá tốc độ gửi cho phép');
    const known = byRequestId.get(r.requestId);
    if (known) return send(res, 200, { messageId: known.providerMessageId, status: 'ACCEPTED' });
    const to = /^84\d{9,10}$/.test(r.phone) ? `+${r.phone}` : undefined;
    if (!to || refusedPhone('brandname', to)) return fail(422, 'INVALID_PHONE', 'Số điện thoại không hợp lệ', 'phone');
    if (r.unicode === 0 && !isGsm7(r.message)) return fail(422, 'CONTENT_REFUSED', 'Nội dung có ký tự ngoài bảng GSM-7 mà unicode = 0', 'message');
    const { message, receipt } = accept({ protocol: 'brandname', reference: r.requestId, to, sender: r.brandname, text: r.message, encoding: r.unicode === 1 ? 'UCS-2' : 'GSM-7' });
    byRequestId.set(r.requestId, message);
    await receipt;
    log(`sms-gateway: brandname <- 201 ${r.requestId}`);
    send(res, 201, { messageId: message.providerMessageId, status: 'ACCEPTED' });
  };

  /** The AWS End User Messaging SMS v2 API: SendTextMessage only. */
  const aws = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const fail = (status: number, type: string, message: string, extra: Record<string, unknown> = {}) => {
      log(`sms-gateway: aws <- ${status} ${type}`);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type }).end(JSON.stringify({ __type: type, message, ...extra }));
    };
    const target = header(req, 'x-amz-target');
    if (target !== 'PinpointSMSVoiceV2.SendTextMessage') return fail(400, 'UnknownOperationException', 'the local gateway answers SendTextMessage only');
    const parsed = awsRequest.safeParse(safeJson(raw));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const name = issue.path.map(String).join('.') || 'body';
      return fail(400, 'ValidationException', `1 validation error detected: ${name}`, { Reason: 'FIELD_VALIDATION_FAILED', Fields: [{ Name: name, Message: issue.message }] });
    }
    const r = parsed.data;
    const fault = await outage('aws');
    if (fault === 'down') return fail(500, 'InternalServerException', 'Internal server error');
    if (fault === 'throttled') return fail(400, 'ThrottlingException', 'Rate exceeded');
    if (refusedPhone('aws', r.DestinationPhoneNumber)) return fail(400, 'ValidationException', 'Destination phone number is not valid', { Reason: 'INVALID_PARAMETER', Fields: [{ Name: 'DestinationPhoneNumber', Message: 'invalid' }] });
    const { message, receipt } = accept({
      protocol: 'aws',
      reference: r.Context?.reference,
      to: r.DestinationPhoneNumber,
      sender: r.OriginationIdentity ?? '',
      text: r.MessageBody,
      encoding: isGsm7(r.MessageBody) ? 'GSM-7' : 'UCS-2',
      ...(r.ConfigurationSetName ? { configurationSet: r.ConfigurationSetName } : {}),
    });
    await receipt;
    log(`sms-gateway: aws <- 200 ${message.reference ?? message.providerMessageId}`);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ MessageId: message.providerMessageId }));
  };

  const control = (req: IncomingMessage, res: ServerResponse, url: URL, raw: string) => {
    if (req.method === 'GET' && url.pathname === '/_gateway/messages') {
      const phone = url.searchParams.get('phone');
      return send(res, 200, { messages: gateway.messages(phone ? { phone } : {}) });
    }
    if (req.method === 'DELETE' && url.pathname === '/_gateway') return (gateway.reset(), send(res, 204));
    if (req.method === 'PUT' && url.pathname === '/_gateway/faults') {
      const parsed = gatewayRulesSchema.safeParse(safeJson(raw));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return send(res, 400, { type: 'urn:motcua:sms-gateway:400', title: 'Dữ liệu không hợp lệ', status: 400, field: issue.path.map(String).join('.') || 'body', detail: issue.message });
      }
      gateway.configure(parsed.data);
      return send(res, 204);
    }
    send(res, 404, { type: 'urn:motcua:sms-gateway:404', title: 'Không tìm thấy', status: 404 });
  };

  const server = await startStandInServer({
    port: opts.port,
    maxBody,
    tooLarge: (res) => send(res, 413, { code: 'TOO_LARGE', message: 'Nội dung yêu cầu quá lớn' }),
    crashed: (res) => send(res, 500, { code: 'INTERNAL', message: 'Lỗi hệ thống' }),
    handle: (req, res, url, raw) => {
      if (req.method === 'POST' && url.pathname === '/v1/messages') return brandname(req, res, raw);
      // The AWS SDK posts to its endpoint's root with the operation in X-Amz-Target.
      if (req.method === 'POST' && req.headers['x-amz-target']) return aws(req, res, raw);
      if (url.pathname.startsWith('/_gateway')) return control(req, res, url, raw);
      send(res, 404, { code: 'NOT_FOUND', message: 'Không tìm thấy' });
    },
  });

  const gateway: LocalSmsGateway = {
    url: server.url,
    // The same port: an AWS call is told apart by its X-Amz-Target header.
    awsEndpoint: server.url,
    messages: (filter = {}) => {
      const phone = filter.phone ? e164(filter.phone) : undefined;
      return recorded.filter((m) => !phone || m.to === phone).map((m) => structuredClone(m));
    },
    configure: (rules) => {
      if (rules.brandname) faults.brandname = structuredClone(rules.brandname);
      if (rules.aws) faults.aws = structuredClone(rules.aws);
      if (rules.seed !== undefined) random = seeded(rules.seed);
      if (rules.receiptUrl !== undefined) receiptUrl = rules.receiptUrl;
      if (rules.receiptDelayMs !== undefined) receiptDelayMs = rules.receiptDelayMs;
    },
    reset: () => {
      generation++;
      recorded = [];
      byRequestId = new Map();
      faults = { brandname: {}, aws: {} };
      random = seeded(1);
    },
    settled: () => pending.settled(),
    stop: () => {
      generation++;
      return server.stop(pending.settled);
    },
  };
  log(`sms-gateway: listening on ${gateway.url} (brandname) and ${gateway.awsEndpoint} (AWS SMS v2)`);
  return gateway;
}

const brandnameRequest = z.object({
  requestId: z.string().min(1).max(100),
  brandname: z.string().min(1).max(11),
  phone: z.string().min(1).max(20),
  message: z.string().min(1).max(1600),
  unicode: z.union([z.literal(0), z.literal(1)]),
});

// The limits AWS documents for SendTextMessage: E.164 destination, a body of at most 1600 characters.
const awsRequest = z.object({
  DestinationPhoneNumber: z.string().regex(/^\+[1-9]\d{1,14}$/),
  OriginationIdentity: z.string().min(1).max(256).optional(),
  MessageBody: z.string().min(1).max(1600),
  MessageType: z.enum(['TRANSACTIONAL', 'PROMOTIONAL']).optional(),
  ConfigurationSetName: z.string().min(1).max(256).optional(),
  TimeToLive: z.number().int().min(5).max(259_200).optional(),
  Context: z.record(z.string(), z.string()).optional(),
});

/** The status word each protocol's receipt carries for an outcome. */
function providerStatusOf(protocol: GatewayProtocol, outcome: SmsReceipt['status']): string {
  const table: Record<string, SmsReceipt['status'] | null> = protocol === 'aws' ? awsSmsEventStatuses : brandnameStatuses;
  const preferred = { aws: { delivered: 'TEXT_DELIVERED', 'permanent-failure': 'TEXT_BLOCKED', 'temporary-failure': 'TEXT_TTL_EXPIRED' }, brandname: { delivered: 'DELIVRD', 'permanent-failure': 'UNDELIV', 'temporary-failure': 'EXPIRED' } }[protocol][outcome];
  // The word must be one the production parser maps back to the same outcome.
  if (table[preferred] !== outcome) throw new Error(`sms-gateway: ${preferred} does not mean ${outcome}`);
  return preferred;
}

function brandnameReceiptOf(m: GatewayMessage, doneAt: Date) {
  return { messageId: m.providerMessageId, requestId: m.reference, status: m.providerStatus, doneAt: doneAt.toISOString() };
}

/** The record AWS End User Messaging SMS publishes to an event destination (user guide, "SMS example log"). */
function awsEvent(m: GatewayMessage, doneAt: Date) {
  return {
    eventType: m.providerStatus,
    eventVersion: '1.0',
    eventTimestamp: doneAt.getTime(),
    isFinal: true,
    originationPhoneNumber: m.sender,
    destinationPhoneNumber: m.to,
    isInternationalSend: false,
    messageId: m.providerMessageId,
    messageRequestTimestamp: Date.parse(m.acceptedAt),
    messageEncoding: m.encoding === 'GSM-7' ? 'GSM' : 'UCS2',
    messageType: 'TRANSACTIONAL',
    messageStatus: m.providerStatus.replace(/^TEXT_/, ''),
    context: m.reference ? { reference: m.reference } : {},
    totalMessageParts: m.segments,
  };
}

/** A phone as E.164: `0912…`, `84912…` and `+84912…` are the same number. */
function e164(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return `+${digits.startsWith('0') ? `84${digits.slice(1)}` : digits}`;
}

// GSM 03.38: the basic table (one septet each) and the extension table (escape + one: two septets).
// The stand-in's own count, kept private on purpose: it checks what motcua sends, so it must not
// share code with what motcua counts (shared/domain/sms/segments.ts).
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('\f^{}\\[~]|€');

function isGsm7(text: string): boolean {
  for (const c of text) if (!gsmBasic.has(c) && !gsmExtension.has(c)) return false;
  return true;
}

/** Segments as a handset counts them: 160 septets (70 UTF-16 units) alone, 153 (67) each once concatenated. */
function segmentsOf(text: string, encoding: 'GSM-7' | 'UCS-2'): number {
  const units = [...text].map((c) => (encoding === 'GSM-7' ? (gsmExtension.has(c) ? 2 : 1) : c.length));
  const total = units.reduce((a, b) => a + b, 0);
  const [single, part] = encoding === 'GSM-7' ? [160, 153] : [70, 67];
  if (total <= single) return 1;
  // An escape and its character, or a surrogate pair, never straddle two segments.
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > part) {
      segments++;
      used = 0;
    }
    used += u;
  }
  return segments;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body?: unknown) {
  if (res.headersSent || res.destroyed) return;
  if (body === undefined) return void res.writeHead(status).end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
