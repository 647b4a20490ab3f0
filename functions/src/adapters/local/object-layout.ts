/**
 * Where the encrypted object store keeps things, and the shape of its bookkeeping files:
 *
 *     <dataDir>/objects/<dealId>/<fileId>/object.json                      the completed object
 *     <dataDir>/objects/<dealId>/<fileId>/uploads/<uploadId>/upload.json    an upload in progress
 *     <dataDir>/objects/<dealId>/<fileId>/uploads/<uploadId>/<n>.part       part n, ciphertext
 *     <dataDir>/objects/<dealId>/<fileId>/uploads/<uploadId>/<n>.json       part n's size and ETag
 *
 * A completed object keeps its parts where they were uploaded; `object.json` lists them in order.
 * Every id is checked before it becomes a path segment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ObjectRef } from '../../core/ports/object-store.port.ts';
import { assertSafeSegment, isNotFound } from './fs-util.ts';

export const UploadRecordSchema = z.object({
  uploadId: z.string(),
  size: z.number().int().nonnegative(),
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type UploadRecord = z.infer<typeof UploadRecordSchema>;

export const PartMetaSchema = z.object({
  partNumber: z.number().int().positive(),
  size: z.number().int().nonnegative(),
  /** Quoted MD5 of the part's plaintext, as S3 reports it. */
  etag: z.string(),
});
export type PartMeta = z.infer<typeof PartMetaSchema>;

export const ObjectManifestSchema = z.object({
  uploadId: z.string(),
  size: z.number().int().nonnegative(),
  completedAt: z.string(),
  parts: z.array(PartMetaSchema).min(1),
});
export type ObjectManifest = z.infer<typeof ObjectManifestSchema>;

/** Paths of one data dir's object store. */
export class ObjectLayout {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'objects');
  }

  dealDir(dealId: string): string {
    assertSafeSegment(dealId, 'deal id');
    return join(this.root, dealId);
  }

  fileDir({ dealId, fileId }: ObjectRef): string {
    assertSafeSegment(fileId, 'file id');
    return join(this.dealDir(dealId), fileId);
  }

  manifest(ref: ObjectRef): string {
    return join(this.fileDir(ref), 'object.json');
  }

  uploadDir(ref: ObjectRef, uploadId: string): string {
    assertSafeSegment(uploadId, 'upload id');
    return join(this.fileDir(ref), 'uploads', uploadId);
  }

  uploadRecord(ref: ObjectRef, uploadId: string): string {
    return join(this.uploadDir(ref, uploadId), 'upload.json');
  }

  part(ref: ObjectRef, uploadId: string, partNumber: number): string {
    return join(this.uploadDir(ref, uploadId), `${partNumber}.part`);
  }

  partMeta(ref: ObjectRef, uploadId: string, partNumber: number): string {
    return join(this.uploadDir(ref, uploadId), `${partNumber}.json`);
  }
}

/** Reads and validates a JSON file; `undefined` when it does not exist. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  return schema.parse(JSON.parse(text));
}
