/**
 * The local object store: S3-style multipart uploads through the local server's signed URLs,
 * every part envelope-encrypted under its deal's data key (see `LocalKeyring`) as it streams in,
 * and decrypted as it streams out. Destroying the deal key makes every byte here unreadable;
 * deleting the files is the tidy-up.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_PARTS } from '../../../../shared/src/file.schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { type Clock, systemClock } from '../../core/ports/clock.port.ts';
import type {
  CompleteUploadInput,
  CreatedUpload,
  CreateUploadInput,
  DownloadUrlInput,
  ObjectRef,
  ObjectStore,
} from '../../core/ports/object-store.port.ts';
import { ensurePrivateDir, isNotFound, tempPathFor, writeFileAtomic } from './fs-util.ts';
import { KeyedQueue } from './keyed-queue.ts';
import type { LocalKeyring } from './local-keyring.ts';
import {
  ObjectLayout,
  type ObjectManifest,
  ObjectManifestSchema,
  PartMetaSchema,
  readJsonFile,
  type UploadRecord,
  UploadRecordSchema,
} from './object-layout.ts';
import { decryptPartFile, encryptPartToFile, type PartBody } from './part-cipher.ts';
import { assertCompletable, assertContiguous, sameParts } from './part-list.ts';
import type { SignedUrls } from './signed-urls.ts';

export interface EncryptedObjectStoreOptions {
  /** Objects live under `<dataDir>/objects/`. */
  dataDir: string;
  keyring: LocalKeyring;
  urlSigner: SignedUrls;
  /** @default systemClock */
  clock?: Clock;
}

export interface PartRef extends ObjectRef {
  uploadId: string;
  partNumber: number;
}

export interface OpenedDownload {
  size: number;
  body: AsyncIterable<Uint8Array>;
}

const UPLOAD_URL_SECONDS = 24 * 60 * 60;
const MAX_DOWNLOAD_URL_SECONDS = 300;
const DESTROY_METHOD = 'local-ciphertext-deleted';

/**
 * {@link ObjectStore} on the local disk, encrypted at rest with per-deal keys.
 *
 * @example
 * const store = new EncryptedObjectStore({ dataDir, keyring, urlSigner, clock });
 * const up = await store.createUpload({ dealId, fileId, size, partSize, fileName, contentType, origin });
 * // PUT /blob/upload/… → store.putPart(…) for each part, then:
 * await store.completeUpload({ dealId, fileId, uploadId: up.uploadId, parts });
 */
export class EncryptedObjectStore implements ObjectStore {
  readonly #layout: ObjectLayout;
  readonly #keyring: LocalKeyring;
  readonly #urls: SignedUrls;
  readonly #clock: Clock;
  /** Per-upload queue, so that a part commit and the completion never interleave. */
  readonly #locks = new KeyedQueue();

  constructor({ dataDir, keyring, urlSigner, clock = systemClock }: EncryptedObjectStoreOptions) {
    this.#layout = new ObjectLayout(dataDir);
    this.#keyring = keyring;
    this.#urls = urlSigner;
    this.#clock = clock;
  }

  async createUpload(input: CreateUploadInput): Promise<CreatedUpload> {
    const { dealId, fileId, size, partSize } = input;
    if (!Number.isSafeInteger(size) || size < 0 || !Number.isSafeInteger(partSize) || partSize <= 0) {
      throw new ValidationError('VALIDATION.FAILED', 'Size and part size must be whole numbers of bytes.');
    }
    const partCount = Math.max(1, Math.ceil(size / partSize));
    if (partCount > MAX_PARTS) {
      throw new ValidationError('UPLOAD.TOO_LARGE', `An upload may have at most ${MAX_PARTS} parts.`);
    }
    await this.#keyring.keyringFor(dealId); // no upload URLs for a deal whose key is disabled or gone
    const uploadId = randomBytes(16).toString('base64url');
    const expires = this.#urls.expiryFor(UPLOAD_URL_SECONDS);
    const record: UploadRecord = {
      uploadId,
      size,
      partSize,
      partCount,
      createdAt: this.#clock.now().toISOString(),
      expiresAt: new Date(expires * 1000).toISOString(),
    };
    await ensurePrivateDir(this.#layout.uploadDir(input, uploadId));
    await writeFileAtomic(this.#layout.uploadRecord(input, uploadId), JSON.stringify(record));

    const origin = input.origin.replace(/\/+$/, '');
    const parts = Array.from({ length: partCount }, (_, index) => {
      const path = `/blob/upload/${dealId}/${fileId}/${uploadId}/${index + 1}`;
      return {
        partNumber: index + 1,
        url: `${origin}${path}?${this.#urls.signUntil('PUT', { path }, expires)}`,
      };
    });
    return { uploadId, parts, expiresAt: record.expiresAt };
  }

  /**
   * Stores one part: streams `body` through encryption to disk and returns its ETag (`"<md5>"`).
   * Nothing is kept if the body fails or exceeds `maxBytes`; a second upload of a part replaces it.
   */
  async putPart(ref: PartRef, body: PartBody, maxBytes: number): Promise<string> {
    const { dealId, fileId, uploadId, partNumber } = ref;
    const upload = await this.#upload(ref, uploadId);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > upload.partCount) {
      throw new ValidationError(
        'UPLOAD.INVALID_PARTS',
        `Part ${partNumber} is outside this upload, which has parts 1 to ${upload.partCount}.`,
      );
    }
    const keyring = await this.#keyring.keyringFor(dealId);
    const partPath = this.#layout.part(ref, uploadId, partNumber);
    const staged = tempPathFor(partPath);
    try {
      const { size, md5 } = await encryptPartToFile({
        body,
        keyring,
        context: { dealId, fileId, part: String(partNumber) },
        path: staged,
        maxBytes,
      });
      const meta = PartMetaSchema.parse({ partNumber, size, etag: `"${md5}"` });
      await this.#locks.run(this.#layout.uploadDir(ref, uploadId), async () => {
        // Re-checked under the lock: the upload may have completed or been destroyed meanwhile.
        await this.#upload(ref, uploadId);
        const object = await readJsonFile(this.#layout.manifest(ref), ObjectManifestSchema);
        if (object?.uploadId === uploadId) throw notInProgress();
        await rename(staged, partPath);
        await writeFileAtomic(this.#layout.partMeta(ref, uploadId, partNumber), JSON.stringify(meta));
      });
      return meta.etag;
    } catch (error) {
      await rm(staged, { force: true });
      if (isNotFound(error)) throw notInProgress(); // the file was destroyed mid-upload
      throw error;
    }
  }

  async completeUpload(input: CompleteUploadInput): Promise<{ size: number }> {
    return this.#locks.run(this.#layout.uploadDir(input, input.uploadId), () => this.#complete(input));
  }

  async #complete(input: CompleteUploadInput): Promise<{ size: number }> {
    const { uploadId, parts: listed } = input;
    const previous = await readJsonFile(this.#layout.manifest(input), ObjectManifestSchema);
    if (previous?.uploadId === uploadId) {
      // A repeated completion (a retry after a lost response, say) gets the same answer.
      if (!sameParts(previous.parts, listed)) throw notInProgress();
      return { size: previous.size };
    }
    const upload = await this.#upload(input, uploadId);
    assertContiguous(listed);
    const uploaded = await Promise.all(
      listed.map(({ partNumber }) =>
        readJsonFile(this.#layout.partMeta(input, uploadId, partNumber), PartMetaSchema),
      ),
    );
    const parts = assertCompletable(listed, uploaded);
    const size = parts.reduce((sum, part) => sum + part.size, 0);
    if (size !== upload.size) {
      // Refused before anything is assembled, so the upload stays open for the missing bytes.
      throw new ValidationError(
        'UPLOAD.SIZE_MISMATCH',
        `The parts add up to ${size} bytes but the upload was created for ${upload.size} bytes. Re-send the parts and complete again.`,
      );
    }
    const manifest: ObjectManifest = {
      uploadId,
      size,
      completedAt: this.#clock.now().toISOString(),
      parts,
    };
    await writeFileAtomic(this.#layout.manifest(input), JSON.stringify(manifest));
    // From here on the upload is no longer in progress: late or repeated part uploads are refused.
    await this.#removeUnlisted(input, uploadId, parts.length);
    if (previous)
      await rm(this.#layout.uploadDir(input, previous.uploadId), { recursive: true, force: true });
    return { size: manifest.size };
  }

  async read(ref: ObjectRef): Promise<AsyncIterable<Uint8Array>> {
    return (await this.openDownload(ref.dealId, ref.fileId)).body;
  }

  /**
   * The plaintext size and a lazy stream of a completed object. Fails before streaming when the
   * object does not exist (`FILE.NOT_FOUND`) or the deal key is not usable.
   */
  async openDownload(dealId: string, fileId: string): Promise<OpenedDownload> {
    const ref = { dealId, fileId };
    const manifest = await readJsonFile(this.#layout.manifest(ref), ObjectManifestSchema);
    if (!manifest) throw new NotFoundError('FILE.NOT_FOUND', 'No such file.');
    const keyring = await this.#keyring.keyringFor(dealId);
    const paths = manifest.parts.map(({ partNumber }) =>
      this.#layout.part(ref, manifest.uploadId, partNumber),
    );
    const { parts } = manifest;
    async function* plaintext(): AsyncGenerator<Uint8Array> {
      for (const [index, { partNumber, size }] of parts.entries()) {
        yield* decryptPartFile({
          path: paths[index]!,
          keyring,
          context: { dealId, fileId, part: String(partNumber) },
          size,
        });
      }
    }
    return { size: manifest.size, body: plaintext() };
  }

  async downloadUrl(input: DownloadUrlInput): Promise<{ url: string; expiresAt: string }> {
    const { dealId, fileId } = input;
    this.#layout.fileDir(input); // validates the ids
    const seconds = Math.max(1, Math.min(input.expiresInSeconds, MAX_DOWNLOAD_URL_SECONDS));
    const expires = this.#urls.expiryFor(seconds);
    const path = `/blob/download/${dealId}/${fileId}`;
    const params = { name: input.fileName, type: input.contentType };
    const query = this.#urls.signUntil('GET', { path, params }, expires);
    const origin = input.origin.replace(/\/+$/, '');
    return { url: `${origin}${path}?${query}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  async destroyFile(ref: ObjectRef): Promise<{ method: string }> {
    await rm(this.#layout.fileDir(ref), { recursive: true, force: true });
    return { method: DESTROY_METHOD };
  }

  async destroyDeal(dealId: string): Promise<{ method: string }> {
    await rm(this.#layout.dealDir(dealId), { recursive: true, force: true });
    return { method: DESTROY_METHOD };
  }

  async #upload(ref: ObjectRef, uploadId: string): Promise<UploadRecord> {
    const upload = await readJsonFile(this.#layout.uploadRecord(ref, uploadId), UploadRecordSchema);
    if (!upload) throw notInProgress();
    return upload;
  }

  /** Ends the upload: deletes its record and every part (or leftover) the object does not use. */
  async #removeUnlisted(ref: ObjectRef, uploadId: string, partCount: number): Promise<void> {
    const dir = this.#layout.uploadDir(ref, uploadId);
    const keep = (name: string) => {
      const match = /^(\d+)\.(part|json)$/.exec(name);
      return match !== null && Number(match[1]) <= partCount;
    };
    const names = await readdir(dir);
    await Promise.all(
      names.filter((name) => !keep(name)).map((name) => rm(join(dir, name), { force: true })),
    );
  }
}

function notInProgress(): ConflictError {
  return new ConflictError('UPLOAD.NOT_IN_PROGRESS', 'No such upload in progress.');
}
