/**
 * Reading S3 (and S3-compatible) errors by name. The SDK throws `S3ServiceException`s whose `name`
 * is S3's error code; stores that implement less than S3 answer `NotImplemented` or
 * `MethodNotAllowed` for what they lack (s3rver has no versioning, ListParts or upload listing).
 */
import { S3ServiceException } from '@aws-sdk/client-s3';

export function s3ErrorName(error: unknown): string | undefined {
  if (error instanceof S3ServiceException) return error.name;
  if (error instanceof Error && '$metadata' in error) return error.name;
  return undefined;
}

export function isS3Error(error: unknown, ...names: string[]): boolean {
  const name = s3ErrorName(error);
  return name !== undefined && names.includes(name);
}

/** The store does not implement the operation (an S3 stand-in, never S3 itself). */
export function isUnsupportedByStore(error: unknown): boolean {
  return isS3Error(error, 'NotImplemented', 'MethodNotAllowed');
}

/** S3 refused because the deal's KMS key is disabled, pending deletion or gone. */
export function isKmsKeyUnusable(error: unknown): boolean {
  const name = s3ErrorName(error);
  return name !== undefined && (name.startsWith('KMS.') || name === 'KMSInvalidStateException');
}
