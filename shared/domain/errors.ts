/**
 * The typed errors of motcua. Thrown anywhere; turned into RFC 9457 problem+json in one place
 * (shared/http/problem.ts). `type` is a stable URI fragment clients can switch on; `title` is
 * Vietnamese because a person reads it.
 */
export interface FieldIssue {
  /** Dotted path of the failing field, e.g. `applicant.cccd`. */
  field: string;
  /** Vietnamese explanation. */
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  /** Seconds the client should wait before retrying (the Retry-After header), where it applies. */
  readonly retryAfterSeconds?: number;
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly type = 'validation';
  readonly title = 'Dữ liệu không hợp lệ';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type = 'unauthorized';
  readonly title = 'Chưa xác thực';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type = 'forbidden';
  readonly title = 'Không có quyền thực hiện';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type = 'not-found';
  readonly title = 'Không tìm thấy';
}

/** A request body over the API's limit (shared/http/body.ts), refused before it is parsed. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly type = 'payload-too-large';
  readonly title = 'Nội dung yêu cầu quá lớn';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type: string = 'conflict';
  readonly title: string = 'Xung đột trạng thái';
}

/** A command the dossier's current state does not allow (shared/domain/state-machine.ts). */
export class IllegalTransitionError extends ConflictError {
  override readonly type = 'illegal-transition';
  override readonly title = 'Thao tác không thực hiện được ở trạng thái hiện tại của hồ sơ';
  /** `from`: the current status; `action`: the command refused; `detail`: Vietnamese, names both. */
  constructor(
    readonly from: string,
    readonly action: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** The same Idempotency-Key was sent again with a different request. */
export class IdempotencyMismatchError extends DomainError {
  readonly status = 422;
  readonly type = 'idempotency-key-reused';
  readonly title = 'Idempotency-Key đã dùng cho một yêu cầu khác';
}

/** A downstream (DynamoDB, S3, the secret store) failed or the request ran out of time: retry. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly type = 'unavailable';
  readonly title = 'Hệ thống tạm thời không xử lý được yêu cầu, vui lòng thử lại';
  constructor(
    detail: string,
    override readonly retryAfterSeconds: number = 2,
  ) {
    super(detail);
  }
}
