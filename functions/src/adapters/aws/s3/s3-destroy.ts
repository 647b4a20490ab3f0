/**
 * Removes everything under a key prefix from a versioned bucket: every open multipart upload is
 * aborted, and every object version and delete marker is deleted by version id in `DeleteObjects`
 * batches of at most 1,000 (S3's limit). A plain delete would only add a delete marker and keep
 * the bytes as a noncurrent version. Safe to repeat: what is already gone is not an error.
 */
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandOutput,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  type ObjectIdentifier,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isS3Error, isUnsupportedByStore } from './s3-errors.ts';

export const DELETE_BATCH = 1000;

export interface DestroyTarget {
  client: S3Client;
  bucket: string;
  prefix: string;
  /** Only keys that pass are touched (a file's prefix would also match longer file ids). */
  matches: (key: string) => boolean;
}

export async function destroyUnderPrefix(target: DestroyTarget): Promise<{ deleted: number }> {
  await abortOpenUploads(target);
  let deleted = 0;
  for await (const batch of versionBatches(target)) deleted += await deleteBatch(target, batch);
  return { deleted };
}

async function abortOpenUploads({ client, bucket, prefix, matches }: DestroyTarget): Promise<void> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    let page: ListMultipartUploadsCommandOutput;
    try {
      page = await client.send(
        new ListMultipartUploadsCommand({
          Bucket: bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
    } catch (error) {
      // Stores without upload listing: the bucket's lifecycle rule aborts leftovers after a day.
      if (isUnsupportedByStore(error)) return;
      throw error;
    }
    for (const { Key, UploadId } of page.Uploads ?? []) {
      if (!Key || !UploadId || !matches(Key)) continue;
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId }));
      } catch (error) {
        if (!isS3Error(error, 'NoSuchUpload')) throw error;
      }
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
}

/** Pages of every version and delete marker under the prefix (one page ≤ 1,000 entries). */
async function* versionBatches(target: DestroyTarget): AsyncGenerator<ObjectIdentifier[]> {
  const { client, bucket, prefix, matches } = target;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    let page: ListObjectVersionsCommandOutput;
    try {
      page = await client.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: DELETE_BATCH,
          KeyMarker: keyMarker,
          VersionIdMarker: versionIdMarker,
        }),
      );
    } catch (error) {
      if (!isUnsupportedByStore(error)) throw error;
      // A store without versioning holds one version per key: the current objects are all of it.
      yield* currentObjectBatches(target);
      return;
    }
    const batch = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((entry): entry is { Key: string; VersionId?: string } => !!entry.Key && matches(entry.Key))
      .map(({ Key, VersionId }) => (VersionId ? { Key, VersionId } : { Key }));
    if (batch.length) yield batch;
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
}

async function* currentObjectBatches(target: DestroyTarget): AsyncGenerator<ObjectIdentifier[]> {
  const { client, bucket, prefix, matches } = target;
  const pages = paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix, MaxKeys: DELETE_BATCH });
  for await (const page of pages) {
    const batch = (page.Contents ?? [])
      .map(({ Key }) => Key)
      .filter((key): key is string => !!key && matches(key))
      .map((Key) => ({ Key }));
    if (batch.length) yield batch;
  }
}

async function deleteBatch({ client, bucket }: DestroyTarget, objects: ObjectIdentifier[]): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < objects.length; start += DELETE_BATCH) {
    const slice = objects.slice(start, start + DELETE_BATCH);
    const result = await client.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: slice, Quiet: true } }),
    );
    const failed = (result.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey' && e.Code !== 'NoSuchVersion');
    if (failed.length) {
      // Codes only: keys name deals and files, which is fine, but a message may echo more.
      throw new Error(
        `S3 refused to delete ${failed.length} object versions (${failed[0]?.Code ?? 'unknown'}).`,
      );
    }
    deleted += slice.length;
  }
  return deleted;
}
