/**
 * One Lambda per audience serves that audience's routes. `httpApi` builds its handler: a middy
 * chain that dispatches on API Gateway's routeKey, authorizes by role, validates params, query and
 * body with the route's zod schemas, makes POSTs idempotent on `Idempotency-Key`, and formats
 * every error as problem+json. Operations stay short business functions.
 */
import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../domain/errors.ts';
import { routeKey, routes, type OperationId, type RouteSpec } from '../contracts/routes.ts';
import type { Contract } from '../contracts/operations.ts';
import { dynamo } from '../aws/clients.ts';
import { callerFromClaims, type Caller } from './claims.ts';
import { readJsonBody } from './body.ts';
import { toProblem } from './problem.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface ApiRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
  caller: Caller | undefined;
  /** Base URL of the API as the caller reached it, for links. */
  baseUrl: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** An operation: its contract (schemas, from shared/contracts/operations.ts) and its business function. */
export interface Operation {
  contract: Contract;
  handle(req: ApiRequest<unknown, unknown, unknown>): Promise<Reply>;
}

/** Declares an operation; the request's types follow from the contract's schemas. */
export function operation<C extends Contract>(
  contract: C,
  handle: (req: ApiRequest<Infer<C['params']>, Infer<C['query']>, Infer<C['body']>>) => Promise<Reply>,
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

function jsonBody(event: ApiEvent): unknown {
  return readJsonBody(event);
}

const json = (reply: Reply): APIGatewayProxyStructuredResultV2 => ({
  statusCode: reply.status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...reply.headers },
  body: reply.body === undefined ? '' : JSON.stringify(reply.body),
});

export interface HttpApiOptions {
  /** Table for idempotency records; required when the audience has POST routes. */
  idempotencyTable?: string;
}

/** Builds the Lambda handler of one audience from its operations. */
export function httpApi(operations: Partial<Record<OperationId, Operation>>, options: HttpApiOptions = {}) {
  const logger = new Logger();
  const byKey = new Map<string, { route: RouteSpec; run: (event: ApiEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2> }>();
  const persistenceStore = options.idempotencyTable
    ? new DynamoDBPersistenceLayer({ tableName: options.idempotencyTable, awsSdkV3Client: dynamo() })
    : undefined;

  for (const route of routes as readonly RouteSpec[]) {
    const op = operations[route.operationId as OperationId];
    if (!op) continue;
    const { params, query, body } = op.contract;
    const execute = async (event: ApiEvent & { parsedBody?: unknown }): Promise<APIGatewayProxyStructuredResultV2> => {
      const req: ApiRequest<unknown, unknown, unknown> = {
        params: parse(params, event.pathParameters ?? {}, ''),
        query: parse(query, event.queryStringParameters ?? {}, 'query'),
        body: body ? parse(body, event.parsedBody, '') : undefined,
        headers: event.headers,
        caller: callerFromClaims(event.requestContext.authorizer?.jwt?.claims),
        baseUrl: `https://${event.requestContext.domainName}`,
      };
      return json(await op.handle(req as never));
    };
    let run = (event: ApiEvent, _context: Context) => execute(event);
    if (route.method === 'POST') {
      if (!persistenceStore) throw new Error(`${route.operationId}: POST routes need an idempotency table`);
      // The key is the Idempotency-Key header, scoped to the operation; the path and the parsed
      // body are the payload checked on replay: the same key on another dossier or with another
      // body is a 422, never the first request's answer. No header: not idempotent.
      const idempotent = makeIdempotent(async (event: ApiEvent & { parsedBody?: unknown }, _context: Context) => execute(event), {
        persistenceStore,
        keyPrefix: `motcua.${route.operationId}`,
        config: new IdempotencyConfig({
          eventKeyJmesPath: 'headers."idempotency-key"',
          payloadValidationJmesPath: '[rawPath, parsedBody]',
          expiresAfterSeconds: 24 * 3600,
          throwOnNoIdempotencyKey: false,
        }),
      });
      run = (event, context) => idempotent({ ...event, parsedBody: body ? jsonBody(event) : null }, context);
    }
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
    .handler(async (event, context) => {
      const entry = byKey.get(event.routeKey);
      if (!entry) throw new NotFoundError(`không có tuyến ${event.routeKey}`);
      if (entry.route.auth === 'jwt') {
        const caller = callerFromClaims(event.requestContext.authorizer?.jwt?.claims);
        if (!caller) throw new UnauthorizedError('thiếu thông tin xác thực');
        if (entry.route.roles && !entry.route.roles.some((r) => caller.roles.includes(r)))
          throw new ForbiddenError(`cần vai trò ${entry.route.roles.join(' hoặc ')}`);
      }
      return entry.run(event, context);
    });
}
