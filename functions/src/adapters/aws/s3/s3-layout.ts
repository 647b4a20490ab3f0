/**
 * Where objects live in the data bucket, and the upload reference the core keeps for an upload:
 *
 *     deals/<dealId>/files/<fileId>      one object per file, SSE-KMS under the deal's own key
 *
 * The reference handed to the core is `<declared size>:<S3 upload id>`: S3 keeps no note of the size
 * an upload was created for, and completion must refuse parts that do not add up to it before
 * anything is assembled. The core treats the reference as opaque.
 */
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import type { ObjectRef } from '../../../core/ports/object-store.port.ts';

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

function assertId(value: string, what: string): void {
  if (!SAFE_ID.test(value)) throw new ValidationError('VALIDATION.FAILED', `The ${what} is not valid.`);
}

export function dealPrefix(dealId: string): string {
  assertId(dealId, 'deal id');
  return `deals/${dealId}/`;
}

export function objectKey({ dealId, fileId }: ObjectRef): string {
  assertId(fileId, 'file id');
  return `${dealPrefix(dealId)}files/${fileId}`;
}

/** The deal and file an object key belongs to, or undefined for a key outside the layout. */
export function refOfKey(key: string): ObjectRef | undefined {
  const match = /^deals\/([A-Za-z0-9_-]{1,128})\/files\/([A-Za-z0-9_-]{1,128})$/.exec(key);
  return match ? { dealId: match[1] as string, fileId: match[2] as string } : undefined;
}

export interface UploadRef {
  size: number;
  s3UploadId: string;
}

export function encodeUploadRef({ size, s3UploadId }: UploadRef): string {
  return `${size}:${s3UploadId}`;
}

export function decodeUploadRef(uploadId: string): UploadRef {
  const match = /^(\d{1,16}):(.+)$/.exec(uploadId);
  const size = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(size)) {
    throw new ConflictError('UPLOAD.NOT_IN_PROGRESS', 'No such upload in progress.');
  }
  return { size, s3UploadId: match[2] as string };
}
