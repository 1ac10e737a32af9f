/**
 * Sends agency envelopes to the agency's FIFO queue. The queue name is derived from the agency id
 * (AGENCY_QUEUE_PREFIX + id + ".fifo", the same rule infra uses); its URL is looked up once and
 * cached for the life of the execution environment.
 */
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AgencyEnvelopeV1 } from '../contracts/agency-envelope.ts';

export class AgencyQueues {
  private readonly urls = new Map<string, string>();
  constructor(
    private readonly client: SQSClient,
    private readonly prefix: string,
  ) {}

  private async url(agencyId: string): Promise<string> {
    let url = this.urls.get(agencyId);
    if (!url) {
      const out = await this.client.send(new GetQueueUrlCommand({ QueueName: `${this.prefix}${agencyId}.fifo` }));
      if (!out.QueueUrl) throw new Error(`no queue URL for agency ${agencyId}`);
      url = out.QueueUrl;
      this.urls.set(agencyId, url);
    }
    return url;
  }

  /**
   * Message group = dossier code (a dossier's messages stay in order); deduplication id = the
   * event id (a resend within SQS's 5-minute window is dropped, and consumers can tell by
   * messageId after that). Attributes carry no personal data.
   */
  async send(agencyId: string, envelope: AgencyEnvelopeV1): Promise<void> {
    const QueueUrl = await this.url(agencyId);
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: JSON.stringify(envelope),
          MessageGroupId: envelope.dossierCode,
          MessageDeduplicationId: envelope.messageId,
          MessageAttributes: {
            type: { DataType: 'String', StringValue: envelope.type },
            schemaVersion: { DataType: 'String', StringValue: envelope.schemaVersion },
          },
        }),
      );
    } catch (error) {
      this.urls.delete(agencyId); // the queue may have been recreated under a new URL
      throw error;
    }
  }
}
