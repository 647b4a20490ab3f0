/**
 * Domain errors. Each carries a stable, machine-readable `code` (see shared/src/error.schema.ts);
 * the API maps the error's class to an HTTP status in one place. Messages are for people and
 * never contain tokens, keys, file contents or personal data.
 */
import type { ErrorCode } from '../../../shared/src/error.schema.ts';

export interface DomainErrorOptions {
  cause?: unknown;
  /** Field-level problems, for validation errors. */
  issues?: { path: string; message: string }[];
}

export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  readonly code: ErrorCode;
  readonly issues?: { path: string; message: string }[];

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.issues) this.issues = options.issues;
  }
}

/** The caller sent something we cannot accept. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';
}
/** No valid session. */
export class UnauthenticatedError extends DomainError {
  override readonly name = 'UnauthenticatedError';
}
/** Signed in, but not allowed. */
export class ForbiddenError extends DomainError {
  override readonly name = 'ForbiddenError';
}
/** Does not exist, or the caller may not learn that it does. */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
}
/** The resource is in a state that forbids the operation. */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
}
/** Existed, but is expired, revoked or used up. */
export class GoneError extends DomainError {
  override readonly name = 'GoneError';
}
/** Too many attempts. */
export class RateLimitedError extends DomainError {
  override readonly name = 'RateLimitedError';
}

/** Thrown by repositories when a conditional write's condition did not hold. */
export class ConditionFailedError extends Error {
  override readonly name = 'ConditionFailedError';
}
