/**
 * One Lambda per audience serves that audience's routes. `httpApi` builds its handler: a middy
 * chain that refuses requests that did not come through CloudFront, dispatches on API Gateway's
 * routeKey, authorizes by role, validates params, query,
 * headers and body with the route's zod schemas, gives POST operations `once` (Idempotency-Key,
 * ./idempotency.ts), answers 503 with Retry-After before the function's own timeout, and formats
 * every error as problem+json. Operations stay short business functions.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ForbiddenError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError, UnauthorizedError, ValidationError } from '../domain/errors.ts';
import { routeKey, routes, type OperationId, type RouteSpec } from '../contracts/routes.ts';
import type { Contract } from '../contracts/operations.ts';
import { dynamoDocuments } from '../aws/clients.ts';
import { IdempotencyStore, type IdempotencyResult } from '../aws/idempotency-store.ts';
import { callerFromClaims, type Caller } from './claims.ts';
import { bodyLimits, readJsonBody } from './body.ts';
import { callerScope, onceFor, type OnceOptions } from './idempotency.ts';
import { cameThroughFront } from './origin-guard.ts';
import { toProblem } from './problem.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface ApiRequest<P, Q, B, H> {
  params: P;
  query: Q;
  body: B;
  headers: H & Record<string, string | undefined>;
  caller: Caller | undefined;
  /** Base URL of the API as the caller reached it, for links. */
  baseUrl: string;
  /** The body as sent (UTF-8), for a webhook whose signature covers the exact bytes. Within the body limit. */
  rawBody: () => string;
  /**
   * POST operations call this once they have authorized the caller: `act` runs for the first
   * request with an Idempotency-Key (its change carries the key's record), `replay` answers a
   * retry with the same key, caller, path and body; another caller or body is a 422. Without a
   * key, `act` just runs.
   */
  once<T>(act: () => Promise<T>, replay: (stored: IdempotencyResult) => Promise<T>, options?: OnceOptions): Promise<T>;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A body sent as it is (a CSV export, say) instead of `body` as JSON; `headers` give its content-type. */
  text?: string;
  /** Bytes sent as they are (a PDF), base64 with `isBase64Encoded` as API Gateway wants them; `headers` give the content-type. */
  binary?: Buffer;
  headers?: Record<string, string>;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;
type InferHeaders<S> = S extends z.ZodType ? z.infer<S> : {};

/** An operation: its contract (schemas, from shared/contracts/operations.ts) and its business function. */
export interface Operation {
  contract: Contract;
  handle(req: ApiRequest<unknown, unknown, unknown, unknown>): Promise<Reply>;
}

/** Declares an operation; the request's types follow from the contract's schemas. */
export function operation<C extends Contract>(
  contract: C,
  handle: (req: ApiRequest<Infer<C['params']>, Infer<C['query']>, Infer<C['body']>, InferHeaders<C['headers']>>) => Promise<Reply>,
): Operation {
  return { contract, handle: handle as Operation['handle'] };
}

const toIssues = (error: z.ZodError, prefix: string) =>
  error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, prefix: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(toIssues(result.error, prefix));
  return result.data;
}

function rawBodyOf(event: ApiEvent): string {
  const text = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(text, 'utf8') > bodyLimits.maxBytes) throw new PayloadTooLargeError(`nội dung yêu cầu vượt quá ${bodyLimits.maxBytes / 1024} KiB`);
  return text;
}

function jsonBody(event: ApiEvent): unknown {
  return readJsonBody(event);
}

const json = (reply: Reply): APIGatewayProxyStructuredResultV2 =>
  reply.binary !== undefined
    ? { statusCode: reply.status, headers: { 'content-type': 'application/octet-stream', ...reply.headers }, body: reply.binary.toString('base64'), isBase64Encoded: true }
    : reply.text !== undefined
    ? { statusCode: reply.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...reply.headers }, body: reply.text }
    : { statusCode: reply.status, headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers }, body: reply.body === undefined ? '' : JSON.stringify(reply.body) };

export interface HttpApiOptions {
  /** Table for idempotency records; required when the audience has POST routes. */
  idempotencyTable?: string;
  /** The application secret (keyed hashes of keys and fingerprints); required with POST routes. */
  secret?: () => Promise<Buffer>;
  /** The clock (`deps.now`). */
  now: () => Date;
  /** Answer 503 this long before the function's own timeout (default 1 s). */
  timeoutMarginMs?: number;
  /** The value CloudFront's origin header must carry (./origin-guard.ts); undefined: no front (local). */
  originSecret?: string | undefined;
}

/** Builds the Lambda handler of one audience from its operations. */
export function httpApi(operations: Partial<Record<OperationId, Operation>>, options: HttpApiOptions) {
  const logger = new Logger();
  const byKey = new Map<string, { route: RouteSpec; run: (event: ApiEvent) => Promise<APIGatewayProxyStructuredResultV2> }>();
  const idempotency = options.idempotencyTable ? new IdempotencyStore(dynamoDocuments(), options.idempotencyTable) : undefined;

  for (const route of routes as readonly RouteSpec[]) {
    const op = operations[route.operationId as OperationId];
    if (!op) continue;
    const { params, query, headers, body } = op.contract;
    const isPost = route.method === 'POST';
    if (isPost && !(idempotency && options.secret)) throw new Error(`${route.operationId}: POST routes need an idempotency table and the application secret`);
    const run = async (event: ApiEvent): Promise<APIGatewayProxyStructuredResultV2> => {
      const caller = callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
      const checkedHeaders = parse(headers, event.headers, '') as Record<string, string | undefined>;
      const parsedBody = body ? parse(body, jsonBody(event), '') : undefined;
      // A naturally idempotent operation (RouteSpec.idempotency) keeps no record of its key.
      const key = route.idempotency === 'natural' ? undefined : checkedHeaders['idempotency-key'];
      const once = isPost
        ? onceFor({
            store: idempotency!,
            secret: key ? await options.secret!() : Buffer.alloc(0),
            operationId: route.operationId,
            key,
            // The body as validated (defaults filled in): the same request always fingerprints the same.
            request: { scope: callerScope(caller, event.headers['x-dossier-token']), path: event.rawPath, body: parsedBody ?? null },
            now: options.now(),
          })
        : undefined;
      const req: ApiRequest<unknown, unknown, unknown, unknown> = {
        params: parse(params, event.pathParameters ?? {}, ''),
        query: parse(query, event.queryStringParameters ?? {}, 'query'),
        body: parsedBody,
        headers: { ...event.headers, ...checkedHeaders },
        caller,
        baseUrl: `https://${event.requestContext.domainName}`,
        rawBody: () => rawBodyOf(event),
        once: once ? once.once : () => Promise.reject(new Error(`${route.operationId}: once() is for POST operations`)),
      };
      const reply = await op.handle(req as never);
      // Every POST goes through once(): a change made outside it would not be idempotent.
      if (once && !once.used()) throw new Error(`${route.operationId}: a POST operation must call once()`);
      return json(reply);
    };
    byKey.set(routeKey(route), { route, run });
  }

  return middy<ApiEvent, APIGatewayProxyStructuredResultV2>()
    .onError(async (request) => {
      request.response = toProblem(request.error, {
        instance: request.event.rawPath,
        correlationId: request.context.awsRequestId,
        logger,
      });
    })
    .handler(async (event, context: Context) => {
      // First of all: a request that went around CloudFront (and its WAF) is refused unread.
      if (!cameThroughFront(event.headers, options.originSecret)) throw new ForbiddenError('yêu cầu phải đến qua địa chỉ công khai của hệ thống (CloudFront)');
      const entry = byKey.get(event.routeKey);
      if (!entry) throw new NotFoundError(`không có tuyến ${event.routeKey}`);
      if (entry.route.auth === 'jwt') {
        const caller = callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
        if (!caller) throw new UnauthorizedError('thiếu thông tin xác thực');
        if (entry.route.roles && !entry.route.roles.some((r) => caller.roles.includes(r)))
          throw new ForbiddenError(`cần vai trò ${entry.route.roles.join(' hoặc ')}`);
      }
      return beforeTimeout(entry.run(event), context, options.timeoutMarginMs ?? 1000);
    });
}

/**
 * The operation's answer, or a 503 just before Lambda would kill the invocation with a bare
 * error. The work may still finish afterwards; a retry with the same Idempotency-Key then gets
 * its answer, and never a second change.
 */
async function beforeTimeout<T>(work: Promise<T>, context: Context, marginMs: number): Promise<T> {
  const left = context.getRemainingTimeInMillis?.() ?? 0;
  if (left <= 0) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceUnavailableError('yêu cầu chưa xử lý xong trong thời gian cho phép; hãy thử lại với cùng Idempotency-Key', 2)),
      Math.max(0, left - marginMs),
    );
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
