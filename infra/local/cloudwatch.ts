/**
 * CloudWatch stand-in: the one call motcua's functions make, GetMetricData, for the one metric
 * they read, AWS/SQS ApproximateAgeOfOldestMessage (the dashboard's queue ages), answered from
 * what the local SQS knows (sqs.ts `ages`). There is no CloudWatch emulator in the local cloud.
 *
 * Protocol: AWS JSON 1.0, as @aws-sdk/client-cloudwatch 3.1164 speaks it (`X-Amz-Target:
 * GraniteServiceVersion20100801.GetMetricData`, instants as epoch seconds); errors as JSON with
 * `__type`, and `x-amzn-query-error` (the client is query-compatible: it reads the code there).
 *
 * Semantics imitated:
 * - SQS publishes the metric once a minute, only while the queue holds a message: an empty queue
 *   (or an unknown one) has no datapoint, never a 0.
 * - One datapoint, for the latest period that starts before EndTime (and not before StartTime):
 *   the age of the oldest message at EndTime, or now if EndTime is later, in whole seconds.
 *   History is not kept: an earlier period has no point. One sample per period, so Maximum,
 *   Minimum, Average and Sum agree (SampleCount is 1).
 * - Any other metric or namespace: an empty result with StatusCode Complete, as CloudWatch
 *   answers a metric without data. Metric math (`Expression`) is refused, not evaluated.
 * - What CloudWatch refuses: more than 500 queries, an Id that is not `[a-z][a-zA-Z0-9_]*` or is
 *   repeated, a period that is not a positive multiple of 60, StartTime not before EndTime
 *   (InvalidParameterValue, 400).
 * Not imitated: authentication, MaxDatapoints and paging (every answer is one page), Label templates.
 * Every call is recorded (`calls`), so a test sees how many calls a reader made.
 */
import http from 'node:http';
import { listen } from './config.ts';
import type { QueueAges } from './sqs.ts';

export interface GetMetricDataCall {
  /** The clock's time of the call (epoch ms). */
  at: number;
  /** The queues asked about, in query order (other metrics as `Namespace/MetricName`). */
  metrics: string[];
}

export interface LocalCloudWatch {
  endpoint: string;
  /** The GetMetricData calls so far, oldest first (the last 1,000). */
  calls(): GetMetricDataCall[];
  stop(): Promise<void>;
}

interface Query {
  Id?: unknown;
  Expression?: unknown;
  ReturnData?: unknown;
  MetricStat?: { Metric?: { Namespace?: unknown; MetricName?: unknown; Dimensions?: { Name?: unknown; Value?: unknown }[] }; Period?: unknown; Stat?: unknown };
}

const maxQueries = 500;
const maxBody = 1024 * 1024;
const target = 'GraniteServiceVersion20100801.';

class InvalidParameter extends Error {}

/** Starts the stand-in on a port the OS picks (only the functions call it, through AWS_ENDPOINT_URL_CLOUDWATCH). */
export async function startCloudWatch(opts: { ages: QueueAges; clock: { now(): number } }): Promise<LocalCloudWatch> {
  const calls: GetMetricDataCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= maxBody) chunks.push(c);
    });
    req.on('end', () => {
      const reply = (status: number, body: unknown, queryError?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...(queryError ? { 'x-amzn-query-error': `${queryError};Sender` } : {}) });
        res.end(JSON.stringify(body));
      };
      const fail = (code: string, message: string) => reply(400, { __type: `com.amazonaws.cloudwatch#${code}Exception`, message }, code);
      if (size > maxBody) return fail('InvalidParameterValue', 'request too large');
      const action = String(req.headers['x-amz-target'] ?? '');
      if (action !== `${target}GetMetricData`) return reply(400, { __type: 'UnknownOperationException', message: `the local stand-in answers only GetMetricData, not ${action || 'a request without X-Amz-Target'}` });
      let input: { MetricDataQueries?: Query[]; StartTime?: unknown; EndTime?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        return fail('InvalidParameterValue', 'body is not JSON');
      }
      try {
        const now = opts.clock.now();
        const answer = getMetricData(input, now, opts.ages);
        calls.push({ at: now, metrics: answer.metrics });
        if (calls.length > 1000) calls.shift();
        reply(200, { MetricDataResults: answer.results, Messages: [] });
      } catch (err) {
        if (err instanceof InvalidParameter) return fail('InvalidParameterValue', err.message);
        reply(500, { __type: 'InternalServiceFault', message: 'local CloudWatch stand-in failed' });
      }
    });
  });
  const listening = await listen(server, 0);
  return { ...listening, calls: () => [...calls] };
}

function getMetricData(input: { MetricDataQueries?: Query[]; StartTime?: unknown; EndTime?: unknown }, now: number, ages: QueueAges) {
  const queries = input.MetricDataQueries;
  if (!Array.isArray(queries) || queries.length === 0) throw new InvalidParameter('The parameter MetricDataQueries is required.');
  if (queries.length > maxQueries) throw new InvalidParameter(`The collection MetricDataQueries must not have a size greater than ${maxQueries}.`);
  const start = epochMs(input.StartTime, 'StartTime');
  const end = epochMs(input.EndTime, 'EndTime');
  if (start >= end) throw new InvalidParameter('The parameter StartTime must be less than the parameter EndTime.');
  const ids = new Set<string>();
  const metrics: string[] = [];
  const results = queries.map((q, i) => {
    const id = q.Id;
    if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(id) || id.length > 255) throw new InvalidParameter(`The value ${String(id)} for parameter MetricDataQueries.member.${i + 1}.Id is invalid.`);
    if (ids.has(id)) throw new InvalidParameter(`The value ${id} for parameter MetricDataQueries.member.${i + 1}.Id is duplicated.`);
    ids.add(id);
    if (q.Expression !== undefined || !q.MetricStat) throw new InvalidParameter(`MetricDataQueries.member.${i + 1}: the local stand-in answers MetricStat queries only.`);
    const { Metric: metric = {}, Period: period } = q.MetricStat;
    if (typeof period !== 'number' || !Number.isInteger(period) || period <= 0 || period % 60 !== 0) throw new InvalidParameter(`The parameter MetricDataQueries.member.${i + 1}.MetricStat.Period must be a multiple of 60.`);
    const queue = metric.Namespace === 'AWS/SQS' && metric.MetricName === 'ApproximateAgeOfOldestMessage' && metric.Dimensions?.length === 1 && metric.Dimensions[0]!.Name === 'QueueName' ? String(metric.Dimensions[0]!.Value) : undefined;
    metrics.push(queue ?? `${String(metric.Namespace)}/${String(metric.MetricName)}`);
    const at = Math.min(end, now);
    const periodStart = Math.floor((at - 1) / (period * 1000)) * period * 1000;
    const ageMs = queue !== undefined && periodStart >= start ? ages.oldestAgeMs(queue, at) : undefined;
    const point = ageMs === undefined ? [] : [{ t: periodStart / 1000, v: q.MetricStat.Stat === 'SampleCount' ? 1 : Math.floor(ageMs / 1000) }];
    return { Id: id, Label: String(metric.MetricName ?? id), Timestamps: point.map((p) => p.t), Values: point.map((p) => p.v), StatusCode: 'Complete' };
  });
  return { results: results.filter((_, i) => queries[i]!.ReturnData !== false), metrics };
}

/** An instant of the JSON protocol: epoch seconds (a number), or an ISO 8601 string. */
function epochMs(value: unknown, name: string): number {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new InvalidParameter(`The parameter ${name} is required.`);
  return ms;
}
