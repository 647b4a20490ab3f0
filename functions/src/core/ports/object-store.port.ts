/**
 * Where file bytes live: S3 with the deal's KMS key in AWS, envelope-encrypted files on disk locally.
 * Uploads are multipart with presigned part URLs; downloads are short-lived presigned URLs; ingest
 * streams the object. Destruction is idempotent: calling it again after a crash finishes the job.
 *
 * @example
 * const up = await store.createUpload({ dealId, fileId, size, partSize, contentType, fileName, origin });
 * // the client PUTs each part to up.parts[i].url and keeps the ETag header
 * await store.completeUpload({ dealId, fileId, uploadId: up.uploadId, parts });
 * for await (const chunk of await store.read({ dealId, fileId })) hash.update(chunk);
 */
export interface ObjectRef {
  dealId: string;
  fileId: string;
}

export interface CreateUploadInput extends ObjectRef {
  fileName: string;
  contentType: string;
  size: number;
  partSize: number;
  /** Absolute origin for URLs the local store signs itself (ignored by S3). */
  origin: string;
}

export interface CreatedUpload {
  uploadId: string;
  parts: { partNumber: number; url: string }[];
  expiresAt: string;
}

export interface CompleteUploadInput extends ObjectRef {
  uploadId: string;
  parts: { partNumber: number; etag: string }[];
}

export interface DownloadUrlInput extends ObjectRef {
  fileName: string;
  contentType: string;
  origin: string;
  /** At most 300. */
  expiresInSeconds: number;
}

export interface ObjectStore {
  createUpload(input: CreateUploadInput): Promise<CreatedUpload>;
  /**
   * Assembles the parts. Throws `ValidationError` with code `UPLOAD.INVALID_PARTS` when a part is
   * missing, out of order, too small (all but the last must be ≥ 5 MiB) or its ETag does not match,
   * and with `UPLOAD.SIZE_MISMATCH` when the parts do not add up to the size the upload was created
   * for; either way nothing is assembled and the upload stays open. Returns the assembled size in bytes.
   */
  completeUpload(input: CompleteUploadInput): Promise<{ size: number }>;
  /** Streams the plaintext of a completed object. */
  read(ref: ObjectRef): Promise<AsyncIterable<Uint8Array>>;
  downloadUrl(input: DownloadUrlInput): Promise<{ url: string; expiresAt: string }>;
  /** Removes the object, its parts and (where versioned) every version. Idempotent. */
  destroyFile(ref: ObjectRef): Promise<{ method: string }>;
  /** Removes everything stored under the deal. Idempotent. */
  destroyDeal(dealId: string): Promise<{ method: string }>;
}
