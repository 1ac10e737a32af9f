/**
 * A counting HTTP proxy for the bench (P4): put in front of DynamoDB Local, SQS or S3, it forwards
 * every request unchanged (DynamoDB: with `ReturnConsumedCapacity: TOTAL` added) and tallies the
 * requests per operation and, for DynamoDB, the consumed capacity per table and operation.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** DynamoDB operations that accept ReturnConsumedCapacity (the others pass through untouched). */
const capacityOperations = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);
/** Writes are billed in write request units, the rest in read request units (on-demand). */
const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** The operation of a DynamoDB or SQS JSON-protocol request from its X-Amz-Target header: `DynamoDB_20120810.PutItem` → `PutItem`. */
export const operationOf = (target: string | undefined): string => (target ?? '').split('.').pop() || 'unknown';

/** The request body with `"ReturnConsumedCapacity":"TOTAL"` when the operation accepts it and the caller did not ask already. */
export function withConsumedCapacity(operation: string, body: string): string {
  if (!capacityOperations.has(operation)) return body;
  const parsed = JSON.parse(body) as Record<string, unknown>;
  if (parsed.ReturnConsumedCapacity && parsed.ReturnConsumedCapacity !== 'NONE') return body;
  return JSON.stringify({ ...parsed, ReturnConsumedCapacity: 'TOTAL' });
}

/** Requests and consumed capacity units, keyed `table operation` (capacity) and `operation` (requests). */
export interface Tally {
  requests: Record<string, number>;
  /** Read or write request units by `table operation`. */
  units: Record<string, { table: string; operation: string; kind: 'read' | 'write'; units: number }>;
}

export const emptyTally = (): Tally => ({ requests: {}, units: {} });

/** Adds one DynamoDB answer's ConsumedCapacity (an object or a list, per table) to the tally. */
export function addConsumedCapacity(tally: Tally, operation: string, responseBody: string): void {
  let parsed: { ConsumedCapacity?: unknown };
  try {
    parsed = JSON.parse(responseBody) as { ConsumedCapacity?: unknown };
  } catch {
    return; // not JSON: nothing consumed we can read
  }
  const list = [parsed.ConsumedCapacity ?? []].flat() as { TableName?: string; CapacityUnits?: number }[];
  const kind = writeOperations.has(operation) ? 'write' : 'read';
  for (const c of list) {
    const table = c.TableName ?? '?';
    const key = `${table} ${operation}`;
    const row = (tally.units[key] ??= { table, operation, kind, units: 0 });
    row.units += c.CapacityUnits ?? 0;
  }
}

export interface CountingProxy {
  endpoint: string;
  tally: Tally;
  /** Zeroes the tally (after a warm-up). */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * Starts a proxy on a port from the OS forwarding to `target` (`http://127.0.0.1:8000`). `kind`
 * says how to name a request: `dynamodb` and `sqs` by X-Amz-Target (DynamoDB also rewritten and
 * its capacity summed), `s3` by method (PUT/POST/COPY/LIST and GET/HEAD are priced apart).
 */
export async function startCountingProxy(kind: 'dynamodb' | 'sqs' | 's3', target: string): Promise<CountingProxy> {
  const to = new URL(target);
  let tally = emptyTally();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let self = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      const operation = kind === 's3' ? s3Operation(req.method ?? 'GET', req.url ?? '/') : operationOf(target ?? queryAction(chunks));
      tally.requests[operation] = (tally.requests[operation] ?? 0) + 1;
      let body = Buffer.concat(chunks);
      // DynamoDB Local accepts any credentials and signature (LOCAL-CLOUD.md; the rewritten requests succeed), so the body may change.
      if (kind === 'dynamodb' && body.length) body = Buffer.from(withConsumedCapacity(operation, body.toString('utf8')));
      const headers = { ...req.headers, host: to.host, 'content-length': String(body.length) };
      const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers, agent }, (answer) => {
        const back: Buffer[] = [];
        answer.on('data', (c: Buffer) => back.push(c));
        answer.on('end', () => {
          let out = Buffer.concat(back);
          if (kind === 'dynamodb') addConsumedCapacity(tally, operation, out.toString('utf8'));
          // The SDK sends to the host of a QueueUrl (GetQueueUrl's answer), not to its endpoint:
          // queue URLs must name the proxy, or every later send would go round it.
          if (kind === 'sqs') out = Buffer.from(out.toString('utf8').replaceAll(to.host, self));
          const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
          res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(out.length) });
          res.end(out);
        });
      });
      upstream.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`counting proxy: ${err.message}`);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  self = `127.0.0.1:${port}`;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get tally() {
      return tally;
    },
    reset: () => void (tally = emptyTally()),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}

/** S3's price classes: PUT, COPY, POST and LIST requests apart from GET and HEAD (and the rest). */
function s3Operation(method: string, url: string): string {
  if (method === 'GET' && /[?&]list-type=|^\/[^/?]+\/?(\?|$)/.test(url)) return 'LIST';
  return method;
}

/** The Action of an SQS query-protocol request (older clients), when there is no X-Amz-Target. */
function queryAction(chunks: Buffer[]): string | undefined {
  const m = /(?:^|&)Action=([A-Za-z]+)/.exec(Buffer.concat(chunks).toString('utf8'));
  return m?.[1];
}
