/**
 * The age of each queue's oldest message, for the dashboard. SQS has no attribute for it: AWS
 * publishes it to CloudWatch every minute as AWS/SQS ApproximateAgeOfOldestMessage (dimension
 * QueueName), so it is read with GetMetricData, up to 500 queues a call (the API's limit of
 * metric queries), the Maximum of each minute over the last 15 minutes, the latest point kept.
 *
 * No point in the window means unknown (null), never 0: SQS publishes the metric only while the
 * queue holds a message, and a queue created or woken up a moment ago has no point yet.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';

/** GetMetricData takes at most 500 metric queries per call. */
export const metricQueriesPerCall = 500;
const windowMs = 15 * 60_000;
const maxPages = 10;

export class QueueAgeReader {
  constructor(private readonly client: CloudWatchClient) {}

  /** Seconds since the oldest message of each named queue was sent, as of the latest minute CloudWatch has; null when it has none. */
  async ages(queueNames: readonly string[], now: Date): Promise<Map<string, number | null>> {
    const ages = new Map<string, number | null>(queueNames.map((name) => [name, null]));
    for (let i = 0; i < queueNames.length; i += metricQueriesPerCall) {
      const chunk = queueNames.slice(i, i + metricQueriesPerCall);
      // Ids must start with a lower-case letter: the queue's index in the chunk names it.
      const queries: MetricDataQuery[] = chunk.map((name, k) => ({
        Id: `q${k}`,
        MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: name }] }, Period: 60, Stat: 'Maximum' },
        ReturnData: true,
      }));
      const latest = new Map<string, { at: number; value: number }>();
      // 15 points of 500 queries fit one page (GetMetricData returns up to 100,800 points); pages bounded all the same.
      let next: string | undefined;
      let pages = 0;
      do {
        const page = await this.client.send(
          new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(now.getTime() - windowMs), EndTime: now, ScanBy: 'TimestampDescending', ...(next ? { NextToken: next } : {}) }),
        );
        for (const r of page.MetricDataResults ?? []) {
          const name = chunk[Number(r.Id?.slice(1))];
          const at = r.Timestamps?.[0]?.getTime();
          const value = r.Values?.[0];
          if (name === undefined || at === undefined || value === undefined) continue;
          // Pages go back in time (TimestampDescending): a queue's first point seen is its latest.
          if (!latest.has(name) || latest.get(name)!.at < at) latest.set(name, { at, value });
        }
        next = page.NextToken;
      } while (next && ++pages < maxPages);
      for (const [name, { value }] of latest) ages.set(name, Math.round(value));
    }
    return ages;
  }
}
