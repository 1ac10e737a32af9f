/**
 * What motcua needs of an online payment gateway of the VNPay / PayGov kind: a signed redirect to
 * the gateway's page, the signed result read back (browser return and server-to-server
 * notification alike), the answer the notification expects, and a server-to-server query to
 * settle a payment whose notification never came. ./vnpay.ts keeps this contract and the local
 * gateway (infra/local/payment-gateway.ts) speaks the same protocol; docs/payment-integration.md
 * describes it for the outside.
 *
 * Error messages name the gateway, the txnRef and the parameter, never an order text or a payer:
 * ARCHITECTURE.md, "Personal data never appears in logs".
 */

/** One payment to start at the gateway. */
export interface PaymentRequest {
  /** motcua's reference for this attempt: unique at the gateway, shown back in every result. */
  txnRef: string;
  /** Integer VND, > 0. */
  amount: number;
  /** Unaccented and without personal data: the dossier code (e.g. `Thanh toan G52.01-261201-0001`). */
  orderInfo: string;
  /** Where the gateway sends the browser back with the signed result. */
  returnUrl: string;
  /** The payer's IP address as motcua saw it. */
  ipAddr: string;
  createdAt: Date;
  /** After it the gateway refuses to take the payment. */
  expiresAt: Date;
}

/**
 * How a payment ended, in motcua's words:
 * `paid` money taken; `failed` refused by the bank or the gateway; `cancelled` the payer gave up on
 * the gateway's page; `expired` not paid before the expiry; `suspected` money taken but held by the
 * gateway as suspicious (the post office confirms or refuses it in the gateway's portal);
 * `pending` not finished yet (a query only).
 */
export type PaymentOutcome = 'paid' | 'failed' | 'cancelled' | 'expired' | 'suspected' | 'pending';

/** A signed result, read from a return URL's or a notification's query. */
export interface PaymentResult {
  txnRef: string;
  /** Integer VND. */
  amount: number;
  outcome: PaymentOutcome;
  /** The gateway's own code, as it gave it (`00`, `24`, `51`, ...). */
  responseCode: string;
  /** The gateway's transaction status where it gives one (`00`, `01`, `02`, ...). */
  transactionStatus?: string;
  /** The gateway's transaction number, once it has one. */
  transactionNo?: string;
  bankCode?: string;
  /** When the gateway took the payment, ISO 8601 UTC. */
  paidAt?: string;
}

/** What a query answers: the gateway knows no such payment, or its state now. */
export type PaymentQueryResult = { found: false } | ({ found: true } & PaymentResult);

/** A query for one payment (server to server). */
export interface PaymentQuery {
  txnRef: string;
  /** When motcua created the payment (the `createdAt` of its request): the gateway looks it up by it. */
  transactionDate: Date;
  /** Unique per query and day at the gateway. */
  requestId: string;
  /** When motcua asks (the settable clock: `deps.now()`). */
  requestedAt: Date;
  /** motcua's server address, as the gateway records who asked. */
  ipAddr: string;
  /** Unaccented, no personal data (e.g. `Truy van G52.01-261201-0001`). */
  orderInfo: string;
}

/** What motcua tells the gateway about one notification, in words the gateway's protocol defines. */
export type IpnAnswerKind = 'confirmed' | 'order-not-found' | 'already-confirmed' | 'invalid-amount' | 'invalid-signature' | 'other';

/** A payment gateway (VNPay today; a PayGov adapter would sit beside it). */
export interface PaymentProvider {
  readonly id: string;
  /** The signed URL to send the payer's browser to. */
  paymentUrl(request: PaymentRequest): string;
  /** The signed result in a return or notification query; throws PaymentSignatureError or PaymentFormatError. */
  readResult(query: Record<string, string>): PaymentResult;
  /** The body to answer a notification with. */
  ipnAnswer(kind: IpnAnswerKind): { RspCode: string; Message: string };
  /** The payment's state at the gateway; throws PaymentGatewayError when the gateway cannot answer. */
  query(q: PaymentQuery): Promise<PaymentQueryResult>;
}

/** A result whose checksum is missing, malformed or wrong: forged or corrupted. Record nothing; answer `invalid-signature`. */
export class PaymentSignatureError extends Error {
  override name = 'PaymentSignatureError';
  constructor(
    message: string,
    readonly reason: 'missing' | 'malformed' | 'mismatch',
  ) {
    super(message);
  }
}

/** A result correctly signed (or not yet checked) but not in the protocol's format: the failing parameter is `field`. */
export class PaymentFormatError extends Error {
  override name = 'PaymentFormatError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** A request motcua builds that the gateway's protocol cannot carry (a fractional amount, an accented order text, ...). */
export class PaymentRequestError extends Error {
  override name = 'PaymentRequestError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The gateway did not answer a query usefully: down, timed out, or refused it with `code`. Try again later. */
export class PaymentGatewayError extends Error {
  override name = 'PaymentGatewayError';
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
