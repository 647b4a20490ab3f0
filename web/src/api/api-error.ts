/** The typed error every API call throws: the server's `{error:{code,message}}`, or a network failure. */
import type { ErrorCode } from '../../../shared/src/index.ts';

/** Codes the client itself uses when there is no server answer to read. */
export type ClientErrorCode = 'NETWORK.FAILED' | 'RESPONSE.INVALID';

/** One field the server refused, and why (English, from the API). */
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** A server code from `shared/src/error.schema.ts`, a client code, or a code this client does not know. */
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  readonly requestId: string | undefined;
  /** The server's per-field reasons (`path` names the field, e.g. `release.reason`), when it gave any. */
  readonly issues: readonly ApiIssue[];

  constructor(options: {
    status: number;
    code: ApiError['code'];
    message: string;
    requestId?: string | undefined;
    issues?: readonly ApiIssue[] | undefined;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.issues = options.issues ?? [];
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** True when the session is gone (expired, signed out elsewhere): the user must sign in again. */
export const isSessionEnded = (error: unknown): boolean =>
  isApiError(error) && (error.status === 401 || error.code === 'AUTH.REQUIRED');

/**
 * The server's reason for the field at `path` (or inside it: `release` matches `release.reason`),
 * when the error names that field; for marking the field itself.
 */
export function issueAt(error: unknown, path: string): string | undefined {
  if (!isApiError(error)) return undefined;
  const issue = error.issues.find((each) => each.path === path || each.path.startsWith(`${path}.`));
  return issue?.message;
}
