/**
 * Every error becomes RFC 9457 problem+json here, and nowhere else. Typed domain errors keep their
 * status and Vietnamese title; anything else is a 500 that says nothing about internals and
 * carries a correlation id that is also in the log.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, ServiceUnavailableError } from '../domain/errors.ts';

export const problemContentType = 'application/problem+json; charset=utf-8';
export const problemType = (type: string) => `urn:motcua:problem:${type}`;

/** The request's path as `instance`, cut short: a path parameter of kilobytes is never echoed back. */
const maxInstance = 120;
const shortPath = (path: string) => (path.length > maxInstance ? `${path.slice(0, maxInstance)}…` : path);

export function toProblem(error: unknown, ctx: { instance: string; correlationId: string; logger: Logger }): APIGatewayProxyStructuredResultV2 {
  const known = asDomainError(error);
  const instance = shortPath(ctx.instance);
  if (!known) {
    // Only the error's class and message are logged: request bodies carry personal data.
    ctx.logger.error('unhandled error', { correlationId: ctx.correlationId, errorName: (error as Error)?.name, errorMessage: (error as Error)?.message });
    return respond(500, {
      type: problemType('internal'),
      title: 'Lỗi hệ thống, vui lòng thử lại sau',
      status: 500,
      instance,
      correlationId: ctx.correlationId,
    });
  }
  // A known 5xx (e.g. the access log could not be written) still says what failed in the log.
  if (known.status >= 500)
    ctx.logger.error('service unavailable', { correlationId: ctx.correlationId, type: known.type, causeName: (known.cause as Error | undefined)?.name, causeMessage: (known.cause as Error | undefined)?.message });
  const body: Record<string, unknown> = {
    type: problemType(known.type),
    title: known.title,
    status: known.status,
    detail: known.message || undefined,
    instance,
  };
  // Validation errors, and conflicts that list what is missing, name each field.
  const issues = (known as { issues?: unknown }).issues;
  if (Array.isArray(issues)) {
    body.field = (issues[0] as { field?: string } | undefined)?.field;
    body.errors = issues;
  }
  // Members a problem type defines for itself (RFC 9457 §3.2), e.g. where a dossier can be lodged.
  const extensions = (known as { extensions?: Record<string, unknown> }).extensions;
  if (extensions) Object.assign(body, extensions);
  if (known.status === 503) body.correlationId = ctx.correlationId;
  return respond(known.status, body, known.retryAfterSeconds);
}

/**
 * Failures of a downstream that a retry can cure: throttling, a 5xx from the service, a
 * connection refused or reset, a client-side timeout. The AWS SDK marks most of them `$retryable`
 * or with a 5xx status; network errors carry a Node error code.
 */
const transientNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TimeoutError',
]);
const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown; errors?: unknown[] } | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.$retryable || transientNames.has(e.name ?? '') || transientCodes.has(e.code ?? '')) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  // A transaction cancelled because another one held an item.
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (reasons?.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError')) return true;
  if (Array.isArray(e.errors) && e.errors.some(isTransient)) return true;
  return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}

function asDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (isTransient(error))
    return Object.assign(new ServiceUnavailableError('một dịch vụ phía sau tạm thời lỗi; hãy thử lại (với cùng Idempotency-Key nếu có)'), { cause: error });
  return undefined;
}

function respond(status: number, body: Record<string, unknown>, retryAfterSeconds?: number): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': problemContentType, ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}) },
    body: JSON.stringify(body),
  };
}
