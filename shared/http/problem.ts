/**
 * Every error becomes RFC 9457 problem+json here, and nowhere else. Typed domain errors keep their
 * status and Vietnamese title; anything else is a 500 that says nothing about internals and
 * carries a correlation id that is also in the log.
 */
import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  DomainError,
  IdempotencyInProgressError,
  IdempotencyMismatchError,
} from '../domain/errors.ts';

export const problemContentType = 'application/problem+json; charset=utf-8';
export const problemType = (type: string) => `urn:motcua:problem:${type}`;

export function toProblem(error: unknown, ctx: { instance: string; correlationId: string; logger: Logger }): APIGatewayProxyStructuredResultV2 {
  const known = asDomainError(error);
  if (!known) {
    // Only the error's class and message are logged: request bodies carry personal data.
    ctx.logger.error('unhandled error', { correlationId: ctx.correlationId, errorName: (error as Error)?.name, errorMessage: (error as Error)?.message });
    return respond(500, {
      type: problemType('internal'),
      title: 'Lỗi hệ thống, vui lòng thử lại sau',
      status: 500,
      instance: ctx.instance,
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
    instance: ctx.instance,
  };
  // Validation errors, and conflicts that list what is missing, name each field.
  const issues = (known as { issues?: unknown }).issues;
  if (Array.isArray(issues)) {
    body.field = (issues[0] as { field?: string } | undefined)?.field;
    body.errors = issues;
  }
  const retryAfter = (known as { retryAfterSeconds?: number }).retryAfterSeconds;
  return respond(known.status, body, retryAfter ? { 'retry-after': String(retryAfter) } : {});
}

function asDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof IdempotencyValidationError)
    return new IdempotencyMismatchError('Idempotency-Key này đã được dùng với nội dung khác; hãy dùng khóa mới cho yêu cầu mới');
  if (error instanceof IdempotencyAlreadyInProgressError)
    return new IdempotencyInProgressError('Yêu cầu đầu tiên với khóa này chưa xử lý xong; hãy thử lại sau giây lát');
  return undefined;
}

function respond(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { 'content-type': problemContentType, ...headers }, body: JSON.stringify(body) };
}
