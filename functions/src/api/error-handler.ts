/**
 * The one place errors become HTTP: a domain error's class picks the status, its code and message
 * go to the client as `{error:{code,message,requestId}}`. Anything unexpected is logged with the
 * request id and answered with a generic 500 that reveals nothing.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody } from '../../../shared/src/error.schema.ts';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '../core/errors.ts';
import { jsonLogger } from '../core/ports/logger.port.ts';
import type { AppEnv } from './env.ts';

const STATUS: [new (...args: never[]) => DomainError, ContentfulStatusCode][] = [
  [ValidationError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [GoneError, 410],
  [RateLimitedError, 429],
];

export function errorBody(
  c: Context<AppEnv>,
  code: string,
  message: string,
  issues?: ErrorBody['error']['issues'],
): ErrorBody {
  const requestId = c.get('requestId');
  return {
    error: { code, message, ...(requestId ? { requestId } : {}), ...(issues?.length ? { issues } : {}) },
  };
}

export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof DomainError) {
    const status = STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
    return c.json(errorBody(c, error.code, error.message, error.issues), status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? 'REQUEST.TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'VALIDATION.FAILED';
    const message =
      status === 413 ? 'The request body is too large.' : error.message || 'The request could not be read.';
    return c.json(errorBody(c, code, message), status);
  }
  const log = c.get('deps')?.log ?? jsonLogger;
  // The name and route only: a message may echo keys or values (an e-mail inside a DynamoDB key).
  log.error('unhandled error', { requestId: c.get('requestId'), error: error.name, route: c.req.routePath });
  return c.json(
    errorBody(
      c,
      'INTERNAL',
      'Something went wrong on our side. Quote the request id if you contact support.',
    ),
    500,
  );
}

export function notFound(c: Context<AppEnv>): Response {
  return c.json(
    errorBody(c, 'NOT_FOUND', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
    404,
  );
}
