/**
 * Test access to the local cloud started by test/global-setup.ts: real SDK clients pointed at the
 * emulators through the standard AWS_ENDPOINT_URL_* variables, and real HTTP to the API.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { names, topology } from '../../infra/topology.ts';

export const cloud = inject('cloud');
Object.assign(process.env, cloud.env);

export const api = cloud.endpoints.api;
export const t = topology();
export const sqs = new SQSClient({});
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const dossiersTable = names.table(t.prefix, 'dossiers');

export async function queueUrl(name: string): Promise<string> {
  const { GetQueueUrlCommand } = await import('@aws-sdk/client-sqs');
  const out = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  return out.QueueUrl!;
}

export { eventually } from './eventually.ts';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Real HTTP to the local API Gateway front. Like a well-behaved client, every POST carries a
 * fresh Idempotency-Key unless the test gives its own or asks for none (`idempotencyKey: false`).
 */
export async function http<T = any>(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; idempotencyKey?: false; /** Tries a 503 again this many times, with the same Idempotency-Key, as the API asks a client to. */ retryUnavailable?: number } = {},
): Promise<HttpResult<T>> {
  const key = method === 'POST' && options.idempotencyKey !== false && !options.headers?.['idempotency-key'] ? { 'idempotency-key': randomUUID() } : {};
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    res = await fetch(`${api}${path}`, {
      method,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...key, ...options.headers },
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });
    if (res.status !== 503 || attempt >= (options.retryUnavailable ?? 0)) break;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 500));
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** The reference a dossier is stored under (its key for life), from its code or its reference. */
export async function refOf(codeOrRef: string): Promise<string> {
  if (codeOrRef.startsWith('HS-')) return codeOrRef;
  const res = await http('GET', `/v1/dossiers/${codeOrRef}`);
  if (typeof res.body?.ref !== 'string') throw new Error(`no dossier ${codeOrRef}: ${res.status}`);
  return res.body.ref;
}

/** Every item of a table a filter matches, page after page (a Scan: in tests only, never on a request path). */
export async function scanAll(
  tableName: string,
  filter?: { expression: string; values: Record<string, unknown>; names?: Record<string, string> },
  client: Pick<typeof db, 'send'> = db,
): Promise<Record<string, unknown>[]> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: tableName,
        ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeValues: filter.values, ...(filter.names ? { ExpressionAttributeNames: filter.names } : {}) } : {}),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** How many dossiers an applicant has, by CCCD and E.164 phone (a Scan: tests only). */
export async function dossiersOf(applicant: { cccd?: string; phone?: string }): Promise<number> {
  const values = { ':d': 'dossier', ':c': applicant.cccd, ':p': `+84${applicant.phone?.slice(1)}` };
  return (await scanAll(dossiersTable, { expression: 'entity = :d AND applicant.cccd = :c AND applicant.phone = :p', values })).length;
}
