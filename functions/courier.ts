/**
 * Courier dispatch: each message of the courier-dispatch queue (a shipment the router derived from
 * a dossier event) becomes an order at the courier partner, the post office's delivery system. The
 * partner answers through the courier API, as its postmen go out.
 *
 * Idempotent: the order's Idempotency-Key is the item and the message type, so a redelivered
 * message (or a retry after a lost answer) never makes a second order. A partner that is down,
 * slow past its timeout, or refuses: the record fails, SQS delivers it again after the visibility
 * timeout, and after maxReceiveCount it waits in the DLQ under an alarm. Nothing is lost.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { readConfig } from '../shared/aws/config.ts';
import { appSecret } from '../shared/aws/secrets.ts';
import { courierDispatchV1 } from '../shared/contracts/courier-dispatch.ts';
import { HttpCourierPartner } from '../shared/partners/courier.ts';

const config = readConfig(
  z.object({
    COURIER_PARTNER_URL: z.url(),
    COURIER_PARTNER_SECRET_ID: z.string(),
    // From the topology (partners.courier.timeout); a test's local cloud may shorten it.
    COURIER_PARTNER_TIMEOUT_MS: z.coerce.number().int().min(100).max(25_000).default(5000),
  }),
);
const logger = new Logger();
// FIFO: a failed item fails the later messages of its own group only (one item's messages stay in
// order); other items' shipments in the batch go ahead.
const processor = new SqsFifoPartialProcessorAsync();
let partner: Promise<HttpCourierPartner> | undefined;
const partnerOnce = () =>
  (partner ??= appSecret(config.COURIER_PARTNER_SECRET_ID)
    .then((key) => new HttpCourierPartner({ baseUrl: config.COURIER_PARTNER_URL, apiKey: key.toString('utf8'), timeoutMs: config.COURIER_PARTNER_TIMEOUT_MS }))
    .catch((error) => {
      partner = undefined;
      throw error;
    }));

async function record(r: SQSRecord): Promise<void> {
  const message = courierDispatchV1.parse(JSON.parse(r.body));
  const { itemId, kind } = message.shipment;
  try {
    const order = await (await partnerOnce()).createOrder(message);
    // Ids only: the body carries names, phones and addresses.
    logger.info('order placed', { itemId, kind, type: message.type, orderId: order.orderId, duplicate: order.duplicate, receiveCount: r.attributes.ApproximateReceiveCount });
  } catch (error) {
    logger.warn('order not placed, will retry', { itemId, kind, errorName: (error as Error).name, errorMessage: (error as Error).message, receiveCount: r.attributes.ApproximateReceiveCount });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, record, processor, { context, skipGroupOnError: true });
