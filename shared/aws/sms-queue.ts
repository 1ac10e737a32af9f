/** Puts SMS notices on the sms-outbox queue (its name in SMS_OUTBOX_QUEUE): the body names the notice, nothing personal. */
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export class SmsQueue {
  private url?: string;
  constructor(
    private readonly client: SQSClient,
    private readonly queueName: string,
  ) {}

  async send(notice: { ref: string; id: string }): Promise<void> {
    this.url ??= (await this.client.send(new GetQueueUrlCommand({ QueueName: this.queueName }))).QueueUrl;
    if (!this.url) throw new Error(`no queue URL for ${this.queueName}`);
    try {
      await this.client.send(new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(notice) }));
    } catch (error) {
      this.url = undefined;
      throw error;
    }
  }
}
