/**
 * Sends shipments to the courier-dispatch FIFO queue (its name in COURIER_DISPATCH_QUEUE; the URL
 * is looked up once and cached for the life of the execution environment).
 */
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CourierDispatchV1 } from '../contracts/courier-dispatch.ts';

export class CourierQueue {
  private url?: string;
  constructor(
    private readonly client: SQSClient,
    private readonly queueName: string,
  ) {}

  /**
   * Message group = the S10 item (one item's messages in order); deduplication id = the message id
   * (the dossier event behind it). Attributes carry no personal data: the address and phone the
   * postman needs are in the body only.
   */
  async send(message: CourierDispatchV1): Promise<void> {
    this.url ??= (await this.client.send(new GetQueueUrlCommand({ QueueName: this.queueName }))).QueueUrl;
    if (!this.url) throw new Error(`no queue URL for ${this.queueName}`);
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.url,
          MessageBody: JSON.stringify(message),
          MessageGroupId: message.shipment.itemId,
          MessageDeduplicationId: message.messageId,
          MessageAttributes: {
            type: { DataType: 'String', StringValue: message.type },
            kind: { DataType: 'String', StringValue: message.shipment.kind },
            schemaVersion: { DataType: 'String', StringValue: message.schemaVersion },
          },
        }),
      );
    } catch (error) {
      this.url = undefined; // the queue may have been recreated under a new URL
      throw error;
    }
  }
}
