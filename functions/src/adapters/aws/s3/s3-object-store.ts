/**
 * The AWS object store: one S3 object per file under `deals/<dealId>/files/<fileId>`, encrypted
 * with SSE-KMS under the deal's own customer managed key. The API chooses the key when it creates
 * the multipart upload; the browser only ever gets presigned part URLs, so it cannot choose another.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListParts,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { create as contentDisposition } from 'content-disposition';
import { MAX_PARTS } from '../../../../../shared/src/file.schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../core/errors.ts';
import { type Clock, systemClock } from '../../../core/ports/clock.port.ts';
import type {
  CompleteUploadInput,
  CreatedUpload,
  CreateUploadInput,
  DownloadUrlInput,
  ObjectRef,
  ObjectStore,
} from '../../../core/ports/object-store.port.ts';
import { assertCompletable, assertContiguous, type ListedPart } from '../../local/part-list.ts';
import { destroyUnderPrefix } from './s3-destroy.ts';
import { isKmsKeyUnusable, isS3Error, isUnsupportedByStore } from './s3-errors.ts';
import { dealPrefix, decodeUploadRef, encodeUploadRef, objectKey } from './s3-layout.ts';
import { resumableBody } from './s3-resumable-read.ts';

/**
 * Client settings for every S3 client that presigns browser URLs: without them the SDK adds
 * checksum parameters to presigned PUT/GET URLs that a browser's plain request does not satisfy
 * (aws-sdk-js-v3 #6810, #6994). Operations that require a checksum (DeleteObjects) still get one.
 */
export const PRESIGNING_S3_CONFIG = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;

/**
 * Part URLs live as long as the bucket policy accepts a presigned request (`s3:signatureAge`,
 * 10 minutes): a part must be started within that time of the upload's creation.
 */
export const UPLOAD_URL_SECONDS = 600;
const MAX_DOWNLOAD_URL_SECONDS = 300;
export const S3_DESTROY_METHOD = 's3-delete-all-versions';

export interface S3ObjectStoreOptions {
  /** Built with {@link PRESIGNING_S3_CONFIG}. */
  client: S3Client;
  bucket: string;
  /** The deal's KMS key (id or ARN), e.g. `KmsKeyService.keyArnFor`. */
  keyIdFor: (dealId: string) => Promise<string>;
  /** @default systemClock */
  clock?: Clock;
}

/**
 * {@link ObjectStore} on S3 with SSE-KMS per deal.
 *
 * @example
 * const s3 = new S3Client({ ...PRESIGNING_S3_CONFIG });
 * const store = new S3ObjectStore({ client: s3, bucket, keyIdFor: (d) => keys.keyArnFor(d) });
 * const up = await store.createUpload({ dealId, fileId, size, partSize, fileName, contentType, origin });
 */
export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #keyIdFor: (dealId: string) => Promise<string>;
  readonly #clock: Clock;

  constructor({ client, bucket, keyIdFor, clock = systemClock }: S3ObjectStoreOptions) {
    this.#client = client;
    this.#bucket = bucket;
    this.#keyIdFor = keyIdFor;
    this.#clock = clock;
  }

  async createUpload(input: CreateUploadInput): Promise<CreatedUpload> {
    const { size, partSize } = input;
    if (!Number.isSafeInteger(size) || size < 0 || !Number.isSafeInteger(partSize) || partSize <= 0) {
      throw new ValidationError('VALIDATION.FAILED', 'Size and part size must be whole numbers of bytes.');
    }
    const partCount = Math.max(1, Math.ceil(size / partSize));
    if (partCount > MAX_PARTS) {
      throw new ValidationError('UPLOAD.TOO_LARGE', `An upload may have at most ${MAX_PARTS} parts.`);
    }
    const Key = objectKey(input);
    const created = await this.#client
      .send(
        new CreateMultipartUploadCommand({
          Bucket: this.#bucket,
          Key,
          ContentType: input.contentType,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: await this.#keyIdFor(input.dealId),
        }),
      )
      .catch(translateKeyErrors);
    if (!created.UploadId) throw new Error('S3 created a multipart upload without an upload id.');
    const UploadId = created.UploadId;
    const parts = await Promise.all(
      Array.from({ length: partCount }, async (_, index) => ({
        partNumber: index + 1,
        url: await getSignedUrl(
          this.#client,
          new UploadPartCommand({ Bucket: this.#bucket, Key, UploadId, PartNumber: index + 1 }),
          { expiresIn: UPLOAD_URL_SECONDS, signingDate: this.#clock.now() },
        ),
      })),
    );
    const expiresAt = new Date(this.#clock.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
    return { uploadId: encodeUploadRef({ size, s3UploadId: UploadId }), parts, expiresAt };
  }

  async completeUpload(input: CompleteUploadInput): Promise<{ size: number }> {
    const { size: declared, s3UploadId } = decodeUploadRef(input.uploadId);
    const Key = objectKey(input);
    assertContiguous(input.parts);
    let uploaded: { partNumber: number; size: number; etag: string }[] | undefined;
    try {
      uploaded = await this.#listParts(Key, s3UploadId);
    } catch (error) {
      if (isS3Error(error, 'NoSuchUpload')) return this.#alreadyCompleted(Key, declared);
      throw error;
    }
    if (uploaded) {
      const byNumber = new Map(uploaded.map((part) => [part.partNumber, part]));
      const parts = assertCompletable(
        input.parts,
        input.parts.map(({ partNumber }) => byNumber.get(partNumber)),
      );
      assertSize(
        parts.reduce((sum, part) => sum + part.size, 0),
        declared,
      );
    }
    try {
      await this.#client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.#bucket,
          Key,
          UploadId: s3UploadId,
          MultipartUpload: { Parts: input.parts.map(toCompletedPart) },
        }),
      );
    } catch (error) {
      if (isS3Error(error, 'NoSuchUpload')) return this.#alreadyCompleted(Key, declared);
      if (isS3Error(error, 'InvalidPart', 'InvalidPartOrder', 'EntityTooSmall')) {
        throw new ValidationError(
          'UPLOAD.INVALID_PARTS',
          'The parts do not match what was uploaded: each must be uploaded with the ETag given, in order, and all but the last at least 5 MiB.',
          { cause: error },
        );
      }
      throw error;
    }
    // Stores without ListParts could not be checked beforehand: the assembled size is checked here.
    const size = uploaded ? declared : await this.#sizeOf(Key);
    if (size !== undefined) assertSize(size, declared);
    return { size: declared };
  }

  async read(ref: ObjectRef): Promise<AsyncIterable<Uint8Array>> {
    const key = objectKey(ref);
    const object = await this.#client
      .send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }))
      .catch((error: unknown) => {
        if (isS3Error(error, 'NoSuchKey')) throw new NotFoundError('FILE.NOT_FOUND', 'No such file.');
        return translateKeyErrors(error);
      });
    if (!object.Body) throw new NotFoundError('FILE.NOT_FOUND', 'No such file.');
    // In Node the body is a Readable (an async iterable of Buffers): streamed, never buffered.
    return resumableBody({ client: this.#client, bucket: this.#bucket, key, first: object });
  }

  async downloadUrl(input: DownloadUrlInput): Promise<{ url: string; expiresAt: string }> {
    const seconds = Math.max(1, Math.min(Math.floor(input.expiresInSeconds), MAX_DOWNLOAD_URL_SECONDS));
    const now = this.#clock.now();
    const url = await getSignedUrl(
      this.#client,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: objectKey(input),
        ResponseContentDisposition: contentDisposition(input.fileName),
        ResponseContentType: input.contentType,
        ResponseCacheControl: 'no-store',
      }),
      { expiresIn: seconds, signingDate: now },
    );
    return { url, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
  }

  async destroyFile(ref: ObjectRef): Promise<{ method: string }> {
    const key = objectKey(ref);
    await destroyUnderPrefix({
      client: this.#client,
      bucket: this.#bucket,
      prefix: key,
      matches: (candidate) => candidate === key,
    });
    return { method: S3_DESTROY_METHOD };
  }

  async destroyDeal(dealId: string): Promise<{ method: string }> {
    const prefix = dealPrefix(dealId);
    await destroyUnderPrefix({
      client: this.#client,
      bucket: this.#bucket,
      prefix,
      matches: (key) => key.startsWith(prefix),
    });
    return { method: S3_DESTROY_METHOD };
  }

  /** Every uploaded part, or undefined where the store cannot list parts. */
  async #listParts(Key: string, UploadId: string) {
    const parts: { partNumber: number; size: number; etag: string }[] = [];
    try {
      for await (const page of paginateListParts(
        { client: this.#client },
        { Bucket: this.#bucket, Key, UploadId },
      )) {
        for (const part of page.Parts ?? []) {
          if (part.PartNumber === undefined || part.ETag === undefined) continue;
          parts.push({ partNumber: part.PartNumber, size: part.Size ?? 0, etag: part.ETag });
        }
      }
    } catch (error) {
      if (isUnsupportedByStore(error)) return undefined;
      throw error;
    }
    return parts;
  }

  /** A completion repeated after a lost answer: the object exists with the declared size. */
  async #alreadyCompleted(Key: string, declared: number): Promise<{ size: number }> {
    if ((await this.#sizeOf(Key)) === declared) return { size: declared };
    throw new ConflictError('UPLOAD.NOT_IN_PROGRESS', 'No such upload in progress.');
  }

  async #sizeOf(Key: string): Promise<number | undefined> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }));
      return head.ContentLength;
    } catch (error) {
      if (isS3Error(error, 'NotFound', 'NoSuchKey')) return undefined;
      throw error;
    }
  }
}

function toCompletedPart({ partNumber, etag }: ListedPart) {
  const trimmed = etag.trim();
  return { PartNumber: partNumber, ETag: trimmed.startsWith('"') ? trimmed : `"${trimmed}"` };
}

function assertSize(size: number, declared: number): void {
  if (size !== declared) {
    throw new ValidationError(
      'UPLOAD.SIZE_MISMATCH',
      `The parts add up to ${size} bytes but the upload was created for ${declared} bytes. Re-send the parts and complete again.`,
    );
  }
}

function translateKeyErrors(error: unknown): never {
  if (isKmsKeyUnusable(error)) {
    throw new ConflictError('DEAL.NOT_OPEN', "The deal's key is disabled; its files can no longer be read.", {
      cause: error,
    });
  }
  throw error;
}
