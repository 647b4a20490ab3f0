/** The typed error every API call throws: the server's `{error:{code,message}}`, or a network failure. */
import type { ErrorCode } from '../../../shared/src/index.ts';

/** Codes the client itself uses when there is no server answer to read. */
export type ClientErrorCode = 'NETWORK.FAILED' | 'RESPONSE.INVALID';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** A server code from `shared/src/error.schema.ts`, a client code, or a code this client does not know. */
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  readonly requestId: string | undefined;

  constructor(options: {
    status: number;
    code: ApiError['code'];
    message: string;
    requestId?: string | undefined;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** True when the session is gone (expired, signed out elsewhere): the user must sign in again. */
export const isSessionEnded = (error: unknown): boolean =>
  isApiError(error) && (error.status === 401 || error.code === 'AUTH.REQUIRED');
