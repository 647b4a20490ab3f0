/**
 * A streamed read of one S3 object that survives a broken connection: when the body fails midway,
 * the rest is fetched with a ranged GetObject from the next byte, pinned to the same object by its
 * ETag (`If-Match`), so the reader sees one uninterrupted stream of exactly the object's bytes.
 * Ingest reads multi-GB files for minutes, and a Lambda container frozen between invocations
 * resumes with its sockets closed: without this, either would look like an unreadable upload.
 */
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';

/** Consecutive failures without a byte read in between before the read gives up. */
export const MAX_RESUMES = 3;

export interface ResumableReadInput {
  client: S3Client;
  bucket: string;
  key: string;
  /** The first response, already received (its errors were handled by the caller). */
  first: GetObjectCommandOutput;
}

export async function* resumableBody({
  client,
  bucket,
  key,
  first,
}: ResumableReadInput): AsyncGenerator<Uint8Array> {
  const size = first.ContentLength;
  const etag = first.ETag;
  let body = first.Body as AsyncIterable<Uint8Array> | undefined;
  let offset = 0;
  let failures = 0;
  while (body) {
    try {
      for await (const chunk of body) {
        offset += chunk.byteLength;
        failures = 0;
        yield chunk;
      }
      return;
    } catch (error) {
      if (++failures > MAX_RESUMES || !etag || (size !== undefined && offset >= size)) throw error;
      const rest = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-`, IfMatch: etag }),
      );
      body = rest.Body as AsyncIterable<Uint8Array> | undefined;
    }
  }
}
