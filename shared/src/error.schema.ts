/** The error vocabulary (stable, machine-readable codes) and the `{error:{code,message,requestId}}` body. */
import { z } from 'zod';

/**
 * Machine-readable error codes. Clients switch on these, so they are a public contract:
 * add freely, never rename.
 */
export const ErrorCodes = [
  'VALIDATION.FAILED',
  'REQUEST.TOO_LARGE',
  'METHOD.NOT_ALLOWED',
  'AUTH.REQUIRED',
  'AUTH.INVALID_CODE',
  'AUTH.CODE_LOCKED',
  'AUTH.RATE_LIMITED',
  'AUTH.ADMIN_REQUIRED',
  'AUTH.CSRF_HEADER_REQUIRED',
  'FORBIDDEN',
  'NDA.REQUIRED',
  'NDA.NOT_REQUIRED',
  'NOT_FOUND',
  'DEAL.NOT_FOUND',
  'DEAL.NOT_OPEN',
  'DEAL.ACCESS_ENDED',
  'DEAL.NOT_CLOSED',
  'DEAL.LEGAL_HOLD',
  'DEAL.DESTROYED',
  'DEAL.DESTRUCTION_RUNNING',
  'PARTY.NOT_FOUND',
  'PARTY.INVALID_ROLE',
  'MEMBER.NOT_FOUND',
  'MEMBER.EXISTS',
  'FILE.NOT_FOUND',
  'FILE.NOT_AVAILABLE',
  'FILE.DESTROYED',
  'FILE.NO_PREVIEW',
  'UPLOAD.NOT_IN_PROGRESS',
  'UPLOAD.INVALID_PARTS',
  'UPLOAD.SIZE_MISMATCH',
  'UPLOAD.TOO_LARGE',
  'GRANT.NOT_FOUND',
  'GRANT.EXPIRED',
  'GRANT.REVOKED',
  'GRANT.EXHAUSTED',
  'GRANT.NO_DOWNLOAD',
  'GRANT.RELEASE_REQUIRED',
  'LINK.NOT_FOUND',
  'LINK.EXPIRED',
  'LINK.REVOKED',
  'LINK.EXHAUSTED',
  'LINK.WRONG_RECIPIENT',
  'URL.INVALID',
  'URL.EXPIRED',
  'CERTIFICATE.NOT_READY',
  'MANIFEST.STALE',
  'CONFLICT',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ErrorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** The body of every error response. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
