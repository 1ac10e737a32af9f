/**
 * Queue depths for the dashboard: every queue of the deployment under its name prefix (fixed
 * queues, agency queues and each one's DLQ), found with ListQueues and read with
 * GetQueueAttributes. Bounded: at most `limit` queues, read `batch` at a time.
 */
import { GetQueueAttributesCommand, ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { inBatches } from '../domain/concurrency.ts';

export interface QueueDepth {
  name: string;
  /** ApproximateNumberOfMessages: waiting to be received. */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: received, not deleted yet (in flight). */
  inFlight: number;
}

export class QueueHealthReader {
  constructor(
    private readonly client: SQSClient,
    private readonly prefix: string,
  ) {}

  /** The queue URLs under the prefix, at most `limit` (`truncated` when there were more). */
  async urls(limit: number): Promise<{ urls: string[]; truncated: boolean }> {
    const urls: string[] = [];
    let next: string | undefined;
    do {
      const page = await this.client.send(new ListQueuesCommand({ QueueNamePrefix: this.prefix, MaxResults: 1000, ...(next ? { NextToken: next } : {}) }));
      urls.push(...(page.QueueUrls ?? []));
      next = page.NextToken;
    } while (next && urls.length <= limit);
    return { urls: urls.slice(0, limit), truncated: urls.length > limit };
  }

  /** Depths of at most `limit` queues, `batch` GetQueueAttributes calls in flight at once. */
  async depths(limit = 300, batch = 16): Promise<{ queues: QueueDepth[]; truncated: boolean }> {
    const { urls, truncated } = await this.urls(limit);
    const queues = await inBatches(urls, batch, async (url) => {
      const a = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return {
        name: decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)),
        visible: Number(a.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    });
    return { queues: queues.sort((a, b) => a.name.localeCompare(b.name)), truncated };
  }
}
