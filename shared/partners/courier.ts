/**
 * The courier partner: the post office's own delivery system, which turns a dispatch message
 * into an order for a postman. motcua calls it over HTTP (docs/courier-integration.md):
 *
 *   POST {baseUrl}/v1/orders   Idempotency-Key: <itemId>:<type>   Authorization: Bearer <api key>
 *   201 { orderId, itemId }    a new order
 *   200 { orderId, itemId }    a repeat of a known key: the first order, never a second one
 *   4xx                        a permanent refusal (e.g. 422, address outside the service area)
 *   5xx, timeout, network      try again later
 *
 * The consumer of the courier-dispatch queue lets a CourierUnavailableError fail the record (SQS
 * redelivers it, then the DLQ takes it) and treats a CourierRejectedError as final. Error messages
 * name the item and the status only: the message carries personal data (name, phone, address),
 * which never goes into an error or a log line (ARCHITECTURE.md, "Contracts with the outside").
 */
import type { CourierDispatchV1 } from '../contracts/courier-dispatch.ts';

/** What motcua needs of a courier partner: one order per shipment and type, idempotently. */
export interface CourierPartner {
  createOrder(message: CourierDispatchV1): Promise<{ orderId: string; duplicate: boolean }>;
}

/** The partner could not be reached or failed on its side (5xx, timeout, network): retry later. */
export class CourierUnavailableError extends Error {
  override readonly name = 'CourierUnavailableError';
  readonly retryable = true;
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The partner refused the order for good (4xx): retrying the same message cannot succeed. */
export class CourierRejectedError extends Error {
  override readonly name = 'CourierRejectedError';
  readonly retryable = false;
  constructor(
    message: string,
    readonly status: number,
    /** The partner's reason, as it gave it (its problem's title/detail or `reason`), cut to 300 characters. */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The Idempotency-Key of an order: one order per item and message type, however often it is sent. */
export const orderKey = (message: Pick<CourierDispatchV1, 'type'> & { shipment: Pick<CourierDispatchV1['shipment'], 'itemId'> }) =>
  `${message.shipment.itemId}:${message.type}`;

export interface HttpCourierPartnerOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request, answer included (default 5000 ms). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

const maxReason = 300;

/** The partner API over HTTP. Example: `await new HttpCourierPartner({ baseUrl, apiKey }).createOrder(message)`. */
export class HttpCourierPartner implements CourierPartner {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor({ baseUrl, apiKey, timeoutMs = 5000, fetch = globalThis.fetch }: HttpCourierPartnerOptions) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
    this.fetch = fetch;
  }

  async createOrder(message: CourierDispatchV1): Promise<{ orderId: string; duplicate: boolean }> {
    const item = message.shipment.itemId;
    let res: Response;
    let text: string;
    try {
      // One signal for the request and its body: a partner that sends headers and then stalls
      // is as unavailable as one that never answers.
      const signal = AbortSignal.timeout(this.timeoutMs);
      res = await this.fetch(`${this.baseUrl}/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': orderKey(message), authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify(message),
        signal,
      });
      text = await res.text();
    } catch (error) {
      const what = (error as Error)?.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `network error (${(error as Error)?.name ?? 'unknown'})`;
      throw new CourierUnavailableError(`courier partner unavailable for ${item}: ${what}`, undefined, { cause: error });
    }
    if (res.status >= 500) throw new CourierUnavailableError(`courier partner answered ${res.status} for ${item}`, res.status);
    if (res.status >= 400) throw new CourierRejectedError(`courier partner refused ${item} with ${res.status}`, res.status, reasonOf(text, res.status));
    if (res.status !== 200 && res.status !== 201) throw new CourierUnavailableError(`courier partner answered an unexpected ${res.status} for ${item}`, res.status);
    const orderId = orderIdOf(text);
    if (!orderId) throw new CourierUnavailableError(`courier partner answered ${res.status} without an orderId for ${item}`, res.status);
    return { orderId, duplicate: res.status === 200 };
  }
}

function orderIdOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { orderId?: unknown };
    return typeof body.orderId === 'string' && body.orderId.length > 0 && body.orderId.length <= 200 ? body.orderId : undefined;
  } catch {
    return undefined;
  }
}

/** The partner's reason for a refusal: a problem+json title and detail (and field), or a `reason`, or the status. */
function reasonOf(text: string, status: number): string {
  let reason = `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const parts = [body.title, body.detail ?? body.reason, body.field ? `(${String(body.field)})` : undefined].filter((p) => typeof p === 'string' && p.length > 0);
    if (parts.length > 0) reason = parts.join(': ');
  } catch {
    // Not JSON: the status says enough, and an arbitrary body may echo what was sent.
  }
  return reason.slice(0, maxReason);
}
